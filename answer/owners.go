package answer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/lang"
)

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

// A question on what one owner has ("what is union oil's posted price")
// is not answered by a sentence that gives another's ("Marathon's posted
// price") and never names the one asked about.

// possession is an owner and what it owns, as folded stems.
type possession struct {
	owner, owned []string
}

// reQuestionPossessive finds "X's N" in a question written in any case.
var reQuestionPossessive = regexp.MustCompile(`(?i)\b((?:[\w.&-]+\s+){0,2}[\w.&-]+)['’]s\s+((?:[\w-]+\s+){0,2}[\w-]+)`)

// reNamePossessive finds "Name's N" in a sentence: a capitalised owner.
var reNamePossessive = regexp.MustCompile(`\b((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s\s+((?:[\w-]+\s+){0,2}[\w-]+)`)

// contractions are the last words before an 's that owns nothing:
// "what's", "it's", "let's".
var contractions = toSet("what wat who where how it that there here he she let whats")

// notOwners are words that stand for any owner ("the company's"): they
// tell no owner from another.
var notOwners = toSetSlice(terms("company firm group unit government state country bank"))

// possessions finds the possessives re matches in s ("X's N"), each as an
// owner's stems and the stems of what it owns; an owner of stop words or
// words that stand for any owner is left out.
func possessions(re *regexp.Regexp, s string) []possession {
	var out []possession
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		ws := strings.Fields(m[1])
		if contractions[strings.ToLower(ws[len(ws)-1])] {
			continue
		}
		var owner []string
		for _, t := range terms(m[1]) {
			if !notOwners[t] {
				owner = append(owner, t)
			}
		}
		owned := terms(m[2])
		if len(owner) > 0 && len(owned) > 0 {
			out = append(out, possession{owner: owner, owned: owned})
		}
	}
	return out
}

// otherPossessor reports whether sentence s, of stems st, gives what a
// question's possession (asked) owns only to another owner: it names
// another's same thing, and none of the asked owner's words are among st
// (with the countries of the capitals it names).
func otherPossessor(asked []possession, s string, st []string) bool {
	if len(asked) == 0 {
		return false
	}
	have := withMetonyms(toSetSlice(st), false)
	theirs := possessions(reNamePossessive, s)
	for _, a := range asked {
		if hasAny(have, a.owner) {
			continue
		}
		mine := withMetonyms(toSetSlice(a.owner), true)
		if slices.ContainsFunc(theirs, func(b possession) bool {
			return !hasAny(mine, b.owner) && hasAny(toSetSlice(b.owned), a.owned)
		}) {
			return true
		}
	}
	return false
}
