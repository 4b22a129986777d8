package lang

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the form of s used for matching: NFKC, ASCII quotes and
// dashes, aliases folded to one form ("U.S.", "US", "United States" and
// "America" all become "usa"; likewise "un", "uk", "eu", "ceo"), lower
// case, thousands separators dropped ("12,000" → "12000"), a possessive
// "'s" dropped, and each demonym replaced by its country ("South Korean
// troops" → "south korea troops", "American" → "usa"). Punctuation and
// spacing are kept, so a quotation can still be found in the result.
//
// Aliases are matched on the cased text, so the pronoun "us" is left
// alone; lower-case chat forms ("the us") are Expand's job. A question and
// a passage must both be folded (or both not) for their words to meet.
func Fold(s string) string {
	s = FoldRunes(s)
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, w := range FoldWords(s) {
		b.WriteString(strings.ToLower(s[last:w.Start]))
		if c, ok := Demonym(w.Text); ok && !(strings.HasPrefix(w.Text, "american") && regionalBefore(s, w.Start)) {
			w.Text = c
		}
		b.WriteString(w.Text)
		last = w.End
		if rest := s[last:]; strings.HasPrefix(rest, "'s") && !startsAlnum(rest[2:]) {
			last += 2 // possessive
		}
	}
	b.WriteString(strings.ToLower(s[last:]))
	return b.String()
}

// regionalBefore reports whether the word before offset i of s is one
// that makes "American" not the US ("Latin American").
func regionalBefore(s string, i int) bool {
	before := strings.TrimRight(s[:i], " ")
	k := strings.LastIndexByte(before, ' ')
	return regional[strings.ToLower(before[k+1:])]
}

// FoldWords returns the words of text with its aliases folded: Words,
// with each alias one word ("United States" is one Word "usa" spanning
// both, "U.N." one Word "un"). Demonyms are left as written ("korean"):
// Stem folds them, and a caller that ranks passages may prefer not to (see
// BaseStem). Offsets are into text, which should have been through
// FoldRunes (or corpus.Normalize, which does the same).
func FoldWords(text string) []Word {
	ws := Words(text)
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if to, n, end := matchAlias(text, ws, i); n > 0 {
			out = append(out, Word{Text: to, Upper: true, Start: w.Start, End: end})
			i += n - 1
			continue
		}
		out = append(out, w)
	}
	return out
}

// regional are the words before "America" that make it not the US.
var regional = map[string]bool{"latin": true, "south": true, "north": true, "central": true}

// aliases fold common abbreviations and names of news text into one form.
// Acronyms are matched as written ("US" is the country, "us" the pronoun),
// longest first; phrases by their words, capitalised where caps says so.
var aliases = []struct {
	to       string
	acronyms []string
	phrases  [][]string
	caps     bool
}{
	{"usa", []string{"U.S.A.", "U.S.", "USA", "US"}, [][]string{{"united", "states", "of", "america"}, {"united", "states"}}, true},
	{"un", []string{"U.N.", "UN"}, [][]string{{"united", "nations"}}, true},
	{"uk", []string{"U.K.", "UK"}, [][]string{{"united", "kingdom"}, {"great", "britain"}, {"britain"}}, true},
	{"eu", []string{"E.U.", "EU"}, [][]string{{"european", "union"}}, true},
	{"ceo", []string{"C.E.O.", "CEO"}, [][]string{{"chief", "executive", "officer"}, {"chief", "executive"}}, false},
}

// titles are the titles news abbreviates before a name ("Gov. Price
// Daniel", "Lt. Col. Ray", "Supt. Smith"), folded to the word a question
// spells out when written capitalised with their period.
var titles = map[string]string{
	"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
	"lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "capt": "captain",
	"supt": "superintendent", "atty": "attorney", "dept": "department", "asst": "assistant",
	"prof": "professor", "cmdr": "commander", "adm": "admiral",
}

// matchAlias reports the alias starting at ws[i]: its folded form, how many
// words it spans and the byte offset where it ends; n is 0 if none does.
func matchAlias(text string, ws []Word, i int) (to string, n, end int) {
	w := ws[i]
	if w.Text == "america" && w.Upper && !(i > 0 && ws[i-1].Upper && regional[ws[i-1].Text] && ws[i-1].End+1 == w.Start) {
		return "usa", 1, w.End
	}
	if to, ok := titles[w.Text]; ok && w.Upper && strings.HasPrefix(text[w.End:], ".") {
		return to, 1, w.End + 1
	}
	for _, a := range aliases {
		for _, ac := range a.acronyms {
			if !strings.HasPrefix(text[w.Start:], ac) {
				continue
			}
			end := w.Start + len(ac)
			if ac[len(ac)-1] != '.' && startsAlnum(text[end:]) {
				continue
			}
			n := 1
			for i+n < len(ws) && ws[i+n].Start < end {
				n++
			}
			return a.to, n, end
		}
		for _, p := range a.phrases {
			if phraseAt(text, ws, i, p, a.caps) {
				return a.to, len(p), ws[i+len(p)-1].End
			}
		}
	}
	return "", 0, 0
}

// phraseAt reports whether the words p stand at ws[i], one space apart,
// each capitalised (but "of") if caps.
func phraseAt(text string, ws []Word, i int, p []string, caps bool) bool {
	if i+len(p) > len(ws) {
		return false
	}
	for k, pw := range p {
		w := ws[i+k]
		if w.Text != pw || caps && !w.Upper && pw != "of" {
			return false
		}
		if k > 0 && text[ws[i+k-1].End:w.Start] != " " {
			return false
		}
	}
	return true
}

// FoldRunes applies NFKC and maps typographic quotes and dashes to ASCII
// ("“Troops”" → "\"Troops\"", an en dash → "-") and drops zero-width and
// soft-hyphen characters, without changing case. It is the character-level
// part of Fold.
func FoldRunes(s string) string {
	s = strings.Map(asciiRune, s) // before NFKC, so dropped characters cannot block composition
	s = norm.NFKC.String(s)
	return strings.Map(asciiRune, s) // NFKC turns some symbols into primes
}

func asciiRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2035', '\u02bc', '\uff07':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u2036', '\u00ab', '\u00bb', '\uff02':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d':
		return '-'
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return -1
	}
	return r
}

// Demonym returns the country of a lower-case demonym ("korean" → "korea",
// "americans" → "usa") and whether w is one.
func Demonym(w string) (string, bool) {
	c, ok := demonyms[w]
	return c, ok
}

// demonyms maps the adjective or people of a country to the country's
// folded name, so "South Korean ambassador" matches "South Korea's
// ambassador". A general list, not one story's.
var demonyms = map[string]string{
	"afghan": "afghanistan", "afghans": "afghanistan", "albanian": "albania", "algerian": "algeria",
	"american": "usa", "americans": "usa", "argentine": "argentina", "argentinian": "argentina",
	"armenian": "armenia", "armenians": "armenia", "australian": "australia", "australians": "australia",
	"austrian": "austria", "azerbaijani": "azerbaijan", "bangladeshi": "bangladesh", "belarusian": "belarus",
	"belgian": "belgium", "bolivian": "bolivia", "bosnian": "bosnia", "brazilian": "brazil", "brazilians": "brazil",
	"british": "uk", "briton": "uk", "britons": "uk", "bulgarian": "bulgaria", "burmese": "myanmar",
	"cambodian": "cambodia", "canadian": "canada", "canadians": "canada", "chilean": "chile", "chinese": "china",
	"colombian": "colombia", "croatian": "croatia", "cuban": "cuba", "cubans": "cuba", "cypriot": "cyprus",
	"czech": "czechia", "danish": "denmark", "dutch": "netherlands", "ecuadorian": "ecuador", "egyptian": "egypt",
	"egyptians": "egypt", "emirati": "uae", "eritrean": "eritrea", "estonian": "estonia", "ethiopian": "ethiopia",
	"european": "europe", "europeans": "europe", "filipino": "philippines", "filipinos": "philippines",
	"finnish": "finland", "french": "france", "georgian": "georgia", "german": "germany", "germans": "germany",
	"ghanaian": "ghana", "greek": "greece", "greeks": "greece", "haitian": "haiti", "hungarian": "hungary",
	"indian": "india", "indians": "india", "indonesian": "indonesia", "iranian": "iran", "iranians": "iran",
	"iraqi": "iraq", "iraqis": "iraq", "irish": "ireland", "israeli": "israel", "israelis": "israel",
	"italian": "italy", "italians": "italy", "japanese": "japan", "jordanian": "jordan", "kazakh": "kazakhstan",
	"kenyan": "kenya", "korean": "korea", "koreans": "korea", "kuwaiti": "kuwait", "kyrgyz": "kyrgyzstan",
	"laotian": "laos", "latvian": "latvia", "lebanese": "lebanon", "libyan": "libya", "lithuanian": "lithuania",
	"malaysian": "malaysia", "malian": "mali", "mexican": "mexico", "mexicans": "mexico", "moldovan": "moldova",
	"mongolian": "mongolia", "moroccan": "morocco", "nepalese": "nepal", "nepali": "nepal", "nigerian": "nigeria",
	"nigerien": "niger", "norwegian": "norway", "pakistani": "pakistan", "pakistanis": "pakistan",
	"palestinian": "palestine", "palestinians": "palestine", "peruvian": "peru", "polish": "poland",
	"portuguese": "portugal", "qatari": "qatar", "romanian": "romania", "russian": "russia", "russians": "russia",
	"rwandan": "rwanda", "saudi": "saudi", "saudis": "saudi", "senegalese": "senegal", "serbian": "serbia",
	"serbians": "serbia", "singaporean": "singapore", "slovak": "slovakia", "slovenian": "slovenia",
	"somali": "somalia", "spanish": "spain", "sudanese": "sudan", "swedish": "sweden", "swiss": "switzerland",
	"syrian": "syria", "syrians": "syria", "taiwanese": "taiwan", "tajik": "tajikistan", "thai": "thailand",
	"tunisian": "tunisia", "turkish": "turkey", "turkmen": "turkmenistan", "ugandan": "uganda",
	"ukrainian": "ukraine", "ukrainians": "ukraine", "uzbek": "uzbekistan", "venezuelan": "venezuela",
	"venezuelans": "venezuela", "vietnamese": "vietnam", "yemeni": "yemen", "yemenis": "yemen",
	"zambian": "zambia", "zimbabwean": "zimbabwe",
}
