package answer

import "github.com/newsbot/newsbot/lang"

// News names many officials by the same title: "South Korea's UN envoy",
// "North Korea's UN envoy", "Russia's UN ambassador". A question that
// binds a title to a country ("what did North Korea's UN envoy call the
// reports") is not answered by a sentence whose same title belongs to
// another country only ("South Korean Ambassador Hwang called…").

// titleStems are the folded titles of officials that countries share.
var titleStems = toSetSlice(terms("envoy ambassador representative diplomat minister spokesman spokeswoman spokesperson president official leader secretary"))

// countryStems are the folded words of country names ("north", "korea",
// "russia", "usa"), from the capitals list.
var countryStems = func() map[string]bool {
	out := map[string]bool{}
	lang.Metonyms(func(_ string, country []string) {
		for _, c := range country {
			out[c] = true
		}
	})
	for _, w := range terms("north south usa uk britain") {
		out[w] = true
	}
	return out
}()

// titleOwners returns, for each title in ts (folded terms in order), the
// countries named right before it ("north korea" for "North Korea's UN
// envoy", "un" passed over).
func titleOwners(ts []string) map[string]map[string]bool {
	var out map[string]map[string]bool
	for i, t := range ts {
		if !titleStems[t] {
			continue
		}
		j := i - 1
		for j >= 0 && (ts[j] == "un" || titleStems[ts[j]]) {
			j--
		}
		end := j + 1
		for j >= 0 && countryStems[ts[j]] {
			j--
		}
		if j+1 == end {
			continue
		}
		owner := ""
		for _, w := range ts[j+1 : end] {
			owner += w + " "
		}
		if out == nil {
			out = map[string]map[string]bool{}
		}
		if out[t] == nil {
			out[t] = map[string]bool{}
		}
		out[t][owner] = true
	}
	return out
}

// otherOwner reports whether sentence terms s give a title the question
// (asked, from titleOwners) binds to a country only to other countries.
func otherOwner(asked map[string]map[string]bool, s []string) bool {
	if len(asked) == 0 {
		return false
	}
	for title, owners := range titleOwners(s) {
		want, ok := asked[title]
		if !ok {
			continue
		}
		shared := false
		for o := range owners {
			if want[o] {
				shared = true
			}
		}
		if !shared {
			return true
		}
	}
	return false
}
