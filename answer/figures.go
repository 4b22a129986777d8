package answer

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/corpus"
)

// Figure is one number a source gave for something, e.g. 12,000 troops
// according to South Korea's spy agency.
type Figure struct {
	Value    string  // as written, e.g. "12,000"
	Number   float64 // the value as a number
	Unit     string  // what is counted, as written, e.g. "troops"
	Source   string  // who gave it, e.g. "South Korea's spy agency"; "" when the sentence does not say
	Outlet   string  // the outlet that reported it
	Sentence string  // the sentence it comes from
	N        int     // its citation marker in the answer, 0 when uncited
	passage  int     // index of its passage in the list it was found in
}

// Discrepancy is a set of differing figures for the same thing.
type Discrepancy struct {
	Subject string   // what is counted, e.g. "troops"
	Figures []Figure // one per distinct value, in order of first mention
}

// figureRE finds a number (with an optional scale word) followed by up to
// three words, the last of which names what is counted.
var figureRE = regexp.MustCompile(`(?i)\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+(?:thousand|million|billion))?((?:\s+[a-z][a-z'-]*){1,3})`)

// unitClass folds synonyms of what is counted into one subject.
var unitClass = map[string]string{
	"troops": "troops", "troop": "troops", "soldiers": "troops", "soldier": "troops", "forces": "troops",
	"servicemen": "troops", "personnel": "troops", "fighters": "troops", "men": "troops",
	"people": "people", "civilians": "people", "residents": "people", "persons": "people",
	"casualties": "casualties", "deaths": "deaths", "dead": "deaths", "killed": "deaths",
	"dollars": "dollars", "euros": "euros", "won": "won", "rubles": "rubles", "roubles": "rubles",
}

// notUnits are words after a number that do not name what it counts.
var notUnits = toSet("years year months month days day weeks week hours hour minutes percent per cent times km kilometres kilometers miles am pm")

// findFigures extracts the counted numbers of the sentences of ps.
func findFigures(ps []corpus.Passage) []Figure {
	var out []Figure
	for i, p := range ps {
		for _, s := range sentencesOf(p) {
			for _, m := range figureRE.FindAllStringSubmatchIndex(s, -1) {
				value := s[m[2]:m[3]]
				num, err := strconv.ParseFloat(strings.ReplaceAll(value, ",", ""), 64)
				if err != nil {
					continue
				}
				if m[4] >= 0 {
					switch strings.ToLower(strings.TrimSpace(s[m[4]:m[5]])) {
					case "thousand":
						num *= 1e3
					case "million":
						num *= 1e6
					case "billion":
						num *= 1e9
					}
					value += s[m[4]:m[5]]
				}
				if !strings.Contains(value, ",") && num >= 1900 && num <= 2100 {
					continue // a year
				}
				unit, class := "", ""
				for _, w := range strings.Fields(s[m[6]:m[7]]) {
					l := strings.ToLower(w)
					if notUnits[l] {
						break
					}
					if c, ok := unitClass[l]; ok {
						unit, class = w, c
						break
					}
				}
				if class == "" {
					continue
				}
				out = append(out, Figure{
					Value: value, Number: num, Unit: unit, Source: attribution(s, m[0]),
					Outlet: p.Outlet, Sentence: s, passage: i, // Unit's class is recovered by unitClass
				})
			}
		}
	}
	return out
}

// discrepancies groups figures by what they count and reports the groups
// whose values differ but are of one order (12,000 vs 11,000 vs 10,000
// troops; not 12,000 in all vs a first 1,500).
func discrepancies(figs []Figure) []Discrepancy {
	bySubject := map[string][]Figure{}
	var subjects []string
	for _, f := range figs {
		c := unitClass[strings.ToLower(f.Unit)]
		if _, ok := bySubject[c]; !ok {
			subjects = append(subjects, c)
		}
		bySubject[c] = append(bySubject[c], f)
	}
	var out []Discrepancy
	for _, subj := range subjects {
		fs := bySubject[subj]
		// Cluster values of one order: sorted, a new cluster starts when a
		// value is more than twice the smallest of the current one.
		vals := slices.Clone(fs)
		slices.SortStableFunc(vals, func(a, b Figure) int { return cmp.Compare(a.Number, b.Number) })
		var clusters [][]Figure
		for _, f := range vals {
			if n := len(clusters); n > 0 && f.Number <= 2*clusters[n-1][0].Number {
				clusters[n-1] = append(clusters[n-1], f)
			} else {
				clusters = append(clusters, []Figure{f})
			}
		}
		for _, cl := range clusters {
			distinct := map[float64]bool{}
			for _, f := range cl {
				distinct[f.Number] = true
			}
			if len(distinct) < 2 {
				continue
			}
			// One figure per value, in order of first mention, preferring
			// a mention that names its source.
			at := map[float64]int{}
			var d Discrepancy
			d.Subject = subj
			for _, f := range fs {
				if !slices.ContainsFunc(cl, func(g Figure) bool { return g.Number == f.Number }) {
					continue
				}
				i, ok := at[f.Number]
				switch {
				case !ok:
					at[f.Number] = len(d.Figures)
					d.Figures = append(d.Figures, f)
				case d.Figures[i].Source == "" && f.Source != "":
					d.Figures[i] = f
				}
			}
			out = append(out, d)
		}
	}
	return out
}

// reportVerbs introduce what someone said.
var reportVerbs = toSet(`said says saying told estimated estimates estimating reported reports reporting claimed claims
claiming announced announcing stated stating added believes believed accused accusing alleged alleges alleging warned
warning confirmed confirming put assessed according`)

// trailingTime is dropped from the end of a speaker ("the agency last week").
var trailingTime = toSet("last this next week month year monday tuesday wednesday thursday friday saturday sunday earlier later also on had has have previously reportedly")

// clauseWords open a clause: a speaker never reaches back past them.
var clauseWords = toSet("since though although whereas unless whether once came comment")

// attribution finds who gave the number at byte offset pos of sentence s:
// "according to X", or the noun phrase before the nearest reporting verb
// ahead of the number ("South Korea's spy agency last week said …").
func attribution(s string, pos int) string {
	if i := strings.Index(strings.ToLower(s), "according to "); i >= 0 {
		rest := s[i+len("according to "):]
		if j := strings.IndexAny(rest, ",.;:"); j >= 0 {
			rest = rest[:j]
		}
		ws := strings.Fields(rest)
		if len(ws) > 8 {
			ws = ws[:8]
		}
		return strings.Join(ws, " ")
	}
	before := strings.Fields(s[:pos])
	verb := -1
	for i := len(before) - 1; i >= 0; i-- {
		if reportVerbs[strings.ToLower(strings.Trim(before[i], ",.;:\"'"))] {
			verb = i
			break
		}
	}
	if verb < 0 {
		// "…, the envoy said." after the number.
		after := strings.Fields(s[pos:])
		for i, w := range after {
			if reportVerbs[strings.ToLower(strings.Trim(w, ",.;:\"'"))] && i > 0 {
				var np []string
				for j := i - 1; j >= 0 && len(np) < 7; j-- {
					x := after[j]
					if strings.HasSuffix(x, ",") || strings.HasSuffix(x, "\"") || strings.HasSuffix(x, ".") {
						break
					}
					np = append([]string{x}, np...)
				}
				return cleanSpeaker(np)
			}
		}
		return ""
	}
	ws := before[:verb]
	for len(ws) > 0 && trailingTime[strings.ToLower(strings.Trim(ws[len(ws)-1], ","))] {
		ws = ws[:len(ws)-1]
	}
	var np []string
	for j := len(ws) - 1; j >= 0 && len(np) < 7; j-- {
		w := ws[j]
		l := strings.ToLower(strings.Trim(w, "\"'"))
		if strings.HasSuffix(w, ",") && len(np) > 0 {
			break
		}
		if (stopwords[l] || clauseWords[l]) && l != "the" && l != "of" {
			break
		}
		np = append([]string{strings.TrimSuffix(w, ",")}, np...)
		if l == "the" {
			break
		}
	}
	return cleanSpeaker(np)
}

func cleanSpeaker(ws []string) string {
	for len(ws) > 0 && strings.ToLower(ws[0]) == "of" {
		ws = ws[1:]
	}
	return strings.Trim(strings.Join(ws, " "), " ,\"'")
}
