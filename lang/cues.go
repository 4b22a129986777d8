package lang

import (
	"regexp"
	"strings"
)

// Names returns the capitalised words of s that look like names, lower
// case, in order: aliases folded first ("U.S." gives "usa"), hyphenated
// names kept whole ("Joon-kook" gives "joon-kook"), and not a
// sentence's capitalised function word ("The", "However"), a month or a
// weekday.
func Names(s string) []string {
	var out []string
	s = FoldRunes(s)
	ws := FoldWords(s)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if !w.Upper || isNumber(w.Text) || capsStop[w.Text] || months[w.Text] || weekdays[w.Text] {
			continue
		}
		name := w.Text
		// a hyphenated name stays one: "Joon-kook", "Al-Assad"
		for i+1 < len(ws) && ws[i+1].Start == ws[i].End+1 && s[ws[i].End] == '-' && !isNumber(ws[i+1].Text) {
			i++
			name += "-" + ws[i].Text
		}
		out = append(out, name)
	}
	return out
}

var (
	months   = toSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	weekdays = toSet("monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow")
	// capsStop are words often capitalised that name nobody.
	capsStop = toSet(`the a an he she it they we i on in at but and however according this that these those both while
its his her their there as after before when some no not also earlier later meanwhile what which who where why how
if so yet one two three several many most all each other another such for from by with to of`)
)

// numberRE matches a number with its separators: "12,000", "1.5".
var numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// Numbers returns the numbers in s, in order, thousands separators
// dropped ("12,000" gives "12000", "1.5" stays "1.5").
func Numbers(s string) []string {
	var out []string
	for _, n := range numberRE.FindAllString(s, -1) {
		out = append(out, strings.ReplaceAll(n, ",", ""))
	}
	return out
}

// Negated reports whether s carries a negation cue: "not", "never",
// "denied", "refused", "unconfirmed", or a contraction in "n't".
func Negated(s string) bool {
	s = Expand(FoldRunes(s)) // "didnt" → "did not"
	for _, w := range Words(s) {
		if negations[w.Text] {
			return true
		}
		// Words drops the tail of "didn't", "can't": look at it.
		if strings.HasSuffix(w.Text, "n") && strings.HasPrefix(s[w.End:], "'t") {
			return true
		}
	}
	return false
}

var negations = toSet(`not no never none nor neither without denied deny denies declined decline declines refused
refuse refuses rejected reject rejects dismissed dismiss dismisses cannot unconfirmed`)
