package lang

import (
	"maps"

	"github.com/newsbot/newsbot/stemmer"
)

// Stem returns the matching stem of a lower-case word: a number as it is;
// otherwise a demonym folded to its country ("korean" → "korea"), the
// stemmer's stem (irregular verbs, British spellings, Snowball), and that
// stem folded onto the one newswire uses interchangeably with it
// ("soldiers" and "troops" give "troop", "envoy" and "ambassador" give
// "envoy").
func Stem(w string) string {
	if c, ok := demonyms[w]; ok {
		w = c
	}
	s := BaseStem(w)
	if c, ok := synonyms[s]; ok {
		return c
	}
	return s
}

// BaseStem is the stem Stem folds from: a number as it is, otherwise
// stemmer.Word, with no demonym or synonym folding. Retrieval ranks on
// BaseStem folded by Synonyms, without demonyms: on a corpus about one
// country, "Korean" says more than "Korea" (folding them cost the bundled
// question sets three ranks; see retrieval's text.go).
func BaseStem(w string) string {
	if isNumber(w) {
		return w
	}
	return stemmer.Word(w)
}

// Synonyms returns a copy of the synonym folding: base stem → stem.
func Synonyms() map[string]string { return maps.Clone(synonyms) }

// Terms returns the stems of the non-stop words of text, in order and with
// repeats: what BM25 and IDF weights count. The text is read as written;
// call Fold (and Expand, for a question) first to fold aliases.
func Terms(text string) []string {
	var out []string
	for _, w := range Words(text) {
		if !IsStop(w.Text) {
			out = append(out, Stem(w.Text))
		}
	}
	return out
}

func isNumber(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

func init() {
	// Month abbreviations ("Feb 26", "last week of feb") are the month.
	// "mar" and "may" are words of their own and are left alone.
	for _, m := range [][2]string{{"jan", "january"}, {"feb", "february"}, {"apr", "april"}, {"jun", "june"}, {"jul", "july"},
		{"aug", "august"}, {"sep", "september"}, {"sept", "september"}, {"oct", "october"}, {"nov", "november"}, {"dec", "december"}} {
		synonyms[BaseStem(m[0])] = BaseStem(m[1])
	}
}

// synonyms folds stems that newswire uses interchangeably onto one stem.
// It is deliberately small and general: no entry names a person, place or
// event of the coverage. "holding" is left alone (it is also "holding
// talks"), and so is "president" (it is not "leader"). retrieval's TestMeasureFolding measures it:
// phone/telephone and representative/envoy carried recall on our own
// question set, accusation/claim cost one rank-1 hit on dev.
var synonyms = map[string]string{
	"soldier":    "troop",
	"ambassador": "envoy",
	"repres":     "envoy", // representative
	"diplomat":   "envoy",
	"emissari":   "envoy", // emissary
	"alleg":      "claim", // allege, allegation
	"accus":      "claim",
	"dispatch":   "send",
	"deploy":     "send",
	"spi":        "intellig", // spy, spies
	"nis":        "intellig", // South Korea's National Intelligence Service
	"espionag":   "intellig",
	"refus":      "declin",
	"reject":     "deni",
	"dismiss":    "deni",
	"rebuf":      "deni",
	"baseless":   "groundless",
	"unfound":    "groundless",
	"phone":      "telephon",
	"latest":     "recent",
	"purchas":    "buy",
	"acquir":     "buy",
	"acquisit":   "buy",
	"legisl":     "lawmak", // legislator
	"atom":       "nuclear",
	"truce":      "ceasefir",
	"armistic":   "ceasefir",
}
