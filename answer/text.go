package answer

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsbot/newsbot/lang"

	"github.com/newsbot/newsbot/corpus"
)

// thousands matches a thousands separator between digits: "12,000" → "12000".
var thousands = regexp.MustCompile(`(\d),(\d{3})\b`)

// norm folds s for matching: NFKC, ASCII quotes and dashes, case-folded,
// thousands separators dropped, possessive 's removed.
func norm(s string) string {
	s = corpus.Normalize(s)
	for _, a := range aliases {
		s = a.re.ReplaceAllString(s, a.to)
	}
	s = strings.ToLower(s)
	for thousands.MatchString(s) {
		s = thousands.ReplaceAllString(s, "$1$2")
	}
	return strings.ReplaceAll(s, "'s ", " ")
}

// aliases fold common abbreviations of news text into one form, before
// case folding (so the pronoun "us" is left alone).
var aliases = []struct {
	re *regexp.Regexp
	to string
}{
	{regexp.MustCompile(`\bUnited Nations\b|\bU\.N\.|\bUN\b`), "UN"},
	{regexp.MustCompile(`\bUnited States(?: of America)?\b|\bU\.S\.(?:A\.)?|\bUSA?\b`), "USA"},
	{regexp.MustCompile(`\bUnited Kingdom\b|\bU\.K\.|\bUK\b`), "UK"},
	{regexp.MustCompile(`\bEuropean Union\b|\bEU\b`), "EU"},
}

// demonyms maps the adjective of a country to its name, so "South Korean
// ambassador" matches a question about "South Korea's ambassador".
var demonyms = map[string]string{
	"korean": "korea", "koreans": "korea", "russian": "russia", "russians": "russia",
	"ukrainian": "ukraine", "ukrainians": "ukraine", "american": "usa", "americans": "usa",
	"chinese": "china", "japanese": "japan", "british": "uk", "french": "france",
	"german": "germany", "germans": "germany", "european": "europe", "iranian": "iran",
	"israeli": "israel", "israelis": "israel", "indian": "india", "syrian": "syria",
	"turkish": "turkey", "polish": "poland", "canadian": "canada", "australian": "australia",
	"pakistani": "pakistan", "afghan": "afghanistan", "iraqi": "iraq", "palestinian": "palestine",
}

// words splits folded text into words: runs of letters and digits, with
// inner dots and hyphens kept inside numbers ("1.5") and names ("joon-kook").
func words(s string) []string {
	var out []string
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '\'')
	})
	for _, w := range f {
		w = strings.Trim(w, "-.'")
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

var stopwords = toSet(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves whose many much say said says tell told according even
quote quoted quotes coverage article articles outlet outlets story stories source sources`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// terms returns the stemmed content words of s, in order, with repeats:
// lang's reading (aliases folded, stop words dropped, synonym-folded
// stems), the same as retrieval's.
func terms(s string) []string { return termsOf(lang.FoldWords(s)) }

// termsOf is terms of words already folded.
func termsOf(ws []lang.Word) []string {
	var out []string
	for _, w := range ws {
		if lang.IsStop(w.Text) || stopwords[w.Text] {
			continue
		}
		out = append(out, lang.Stem(w.Text))
	}
	return out
}

// stem is lang's stem of a lower-case word.
func stem(w string) string { return lang.Stem(w) }

func isNumber(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

var (
	months   = toSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	weekdays = toSet("monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow")
	// capsStop are words often capitalised that name nobody.
	capsStop = toSet(`the a an he she it they we i on in at but and however according this that these those both while
its his her their there as after before when some no not also earlier later meanwhile what which who where why how
if so yet one two three several many most all each other another such for from by with to of`)
)

// names returns the capitalised words of s that look like names, folded:
// not sentence-initial function words, not month or weekday names.
func names(s string) []string {
	var out []string
	s = corpus.Normalize(s)
	for _, a := range aliases {
		s = a.re.ReplaceAllString(s, a.to)
	}
	for _, w := range words(s) {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			continue
		}
		l := strings.ToLower(w)
		if capsStop[l] || months[l] || weekdays[l] {
			continue
		}
		out = append(out, l)
	}
	return out
}

var negations = toSet("not no never none nor neither without denied deny denies declined decline declines refused refuse refuses rejected reject rejects dismissed dismiss dismisses cannot can't won't didn't doesn't don't isn't wasn't aren't weren't hasn't haven't hadn't unconfirmed")

// negated reports whether s carries a negation cue.
func negated(s string) bool {
	for _, w := range words(norm(s)) {
		if negations[w] || strings.HasSuffix(w, "n't") {
			return true
		}
	}
	return false
}

// sentencesOf returns the sentences of a passage.
func sentencesOf(p corpus.Passage) []string {
	spans := p.Sentences
	if len(spans) == 0 {
		spans = corpus.Sentences(p.Text)
	}
	var out []string
	capStart := -1 // where the caption the last sentence opened starts
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(p.Text) || sp.Start >= sp.End {
			continue
		}
		s := strings.TrimSpace(p.Text[sp.Start:sp.End])
		if s == "" {
			continue
		}
		// A caption's credit after its full stop ("… on Monday. (UN Web
		// TV)") stays with the caption: it says where the photo is from.
		if capStart >= 0 && len(out) > 0 && strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && !strings.Contains(p.Text[capStart:sp.Start], "\n") {
			out[len(out)-1] = strings.TrimSpace(p.Text[capStart:sp.End])
			capStart = -1
			continue
		}
		capStart = -1
		if strings.HasPrefix(s, corpus.CaptionPrefix) {
			capStart = sp.Start + strings.Index(p.Text[sp.Start:sp.End], corpus.CaptionPrefix)
		}
		out = append(out, s)
	}
	if len(out) == 0 && strings.TrimSpace(p.Text) != "" {
		out = append(out, strings.TrimSpace(p.Text))
	}
	return out
}

// jaccard is the overlap of the term sets of a and b.
func jaccard(a, b []string) float64 {
	sa, sb := map[string]bool{}, map[string]bool{}
	for _, t := range a {
		sa[t] = true
	}
	for _, t := range b {
		sb[t] = true
	}
	inter := 0
	for t := range sa {
		if sb[t] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// idf holds BM25-style inverse document frequencies over a set of texts,
// and their vocabulary for near spellings.
type idf struct {
	n     int
	df    map[string]int   // documents holding each stem
	vocab *lang.Vocabulary // every word of the documents
	// mid and caps count each stem's occurrences inside a sentence (not
	// its first word) and how many of those were capitalised: learnt by
	// learnNames from article text, not titles (headlines capitalise
	// every word).
	mid, caps map[string]int
	// acronyms maps the initials of a capitalised phrase of the articles
	// ("wti") to that phrase ("West Texas Intermediate"), and a hyphenated
	// compound written solid ("multistep") to the compound ("Multi-Step"),
	// for questions that shorten or run together what the coverage spells
	// out; learnt by learnNames.
	acronyms map[string]string
	// pairs maps the initials of each two-word capitalised name the
	// articles write at least twice ("am" for "American Express") to
	// those names, for clipped forms ("amex"); learnt by learnNames.
	pairs map[string][]string
}

// consonantKey is w's consonants in order, doubled ones written once and
// "ck" as "k", its first letter kept even if a vowel ("y" counts as a
// vowel): "zelenskyy", "zlensky" and "zelnsky" are all "zlnsk", "kremlin"
// and "krmelin" "krmln".
func consonantKey(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range strings.ReplaceAll(w, "ck", "k") {
		if i > 0 && strings.ContainsRune("aeiouy", r) || r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// minConsonants is the shortest consonant key matched: shorter keys are
// shared by too many words ("kwt" is Kuwait, and others).
const minConsonants = 4

// nameByConsonants returns the name the coverage writes whose consonants
// are those of typo l ("zlensky": zelenskyy), when exactly one stem has
// them, else "". It reads the whole vocabulary: it is for the rare word
// nothing else reads.
func (x *idf) nameByConsonants(l string) string {
	k := consonantKey(l)
	if utf8.RuneCountInString(l) < 5 || utf8.RuneCountInString(k) < minConsonants {
		return ""
	}
	best := ""
	for w, df := range x.vocab.Counts() {
		if df == 0 || w == l || consonantKey(w) != k || utf8.RuneCountInString(w) < 5 || !x.named(stem(w)) {
			continue
		}
		switch {
		case best == "":
			best = w
		case stem(w) != stem(best):
			return "" // two names: no telling which
		case df > x.vocab.DF(best):
			best = w
		}
	}
	return best
}

// learnNames counts, for each stem of bodies, how often it is written
// capitalised where a sentence does not force it.
func (x *idf) learnNames(bodies []string) {
	x.mid, x.caps = map[string]int{}, map[string]int{}
	phrases := map[string]map[string]int{} // initials → phrase → count
	lower := map[string]map[string]int{}   // the same for three words in lower case
	for _, b := range bodies {
		ws := lang.FoldWords(b)
		for _, w := range ws {
			if opensSentence(b, w.Start) || isNumber(w.Text) {
				continue
			}
			t := lang.Stem(w.Text)
			x.mid[t]++
			if w.Upper {
				x.caps[t]++
			}
		}
		for i := 1; i < len(ws); i++ {
			// "Multi-Step", "co-operation": asked as "multistep".
			if b[ws[i-1].End:ws[i].Start] == "-" && !isNumber(ws[i-1].Text) && !isNumber(ws[i].Text) && len(ws[i-1].Text)+len(ws[i].Text) >= 6 {
				solid := ws[i-1].Text + ws[i].Text
				if phrases[solid] == nil {
					phrases[solid] = map[string]int{}
				}
				phrases[solid][b[ws[i-1].Start:ws[i].End]]++
			}
		}
		for _, p := range capitalisedRuns(b, ws) {
			if phrases[p.initials] == nil {
				phrases[p.initials] = map[string]int{}
			}
			phrases[p.initials][p.text]++
		}
		for i := 2; i < len(ws); i++ {
			// "strategic petroleum reserve", asked as "spr".
			if p := ws[i-2 : i+1]; !slices.ContainsFunc(p, func(w lang.Word) bool { return w.Upper || lang.IsStop(w.Text) || isNumber(w.Text) }) &&
				strings.TrimSpace(b[p[0].End:p[1].Start]) == "" && strings.TrimSpace(b[p[1].End:p[2].Start]) == "" {
				in := string([]byte{p[0].Text[0], p[1].Text[0], p[2].Text[0]})
				if lower[in] == nil {
					lower[in] = map[string]int{}
				}
				lower[in][b[p[0].Start:p[2].End]]++
			}
		}
	}
	// A phrase in lower case spells out initials only when no capitalised
	// one does, and when the coverage writes it at least twice.
	for in, ps := range lower {
		if phrases[in] != nil {
			continue
		}
		for p, c := range ps {
			if c >= 2 {
				if phrases[in] == nil {
					phrases[in] = map[string]int{}
				}
				phrases[in][p] = c
			}
		}
	}
	x.pairs = map[string][]string{}
	for in, ps := range phrases {
		if len(in) != 2 {
			continue
		}
		for p, c := range ps {
			if c >= 2 && len(strings.Fields(p)) == 2 {
				x.pairs[in] = append(x.pairs[in], p)
			}
		}
		slices.Sort(x.pairs[in])
	}
	x.acronyms = map[string]string{}
	for in, ps := range phrases {
		best, n := "", 0
		for p, c := range ps {
			if c > n || c == n && p < best {
				best, n = p, c
			}
		}
		x.acronyms[in] = best
	}
}

// run is a capitalised phrase of an article and its initials.
type run struct{ text, initials string }

// spelledInitials returns the stems of the initials of text's capitalised
// names ("fbi" for "the Federal Bureau of Investigation"), of those whose
// first word keep accepts (all, when keep is nil).
func spelledInitials(text string, keep func(first string) bool) []string {
	var out []string
	for _, r := range capitalisedRuns(text, lang.FoldWords(text)) {
		if first, _, _ := strings.Cut(r.text, " "); keep == nil || keep(first) {
			out = append(out, stem(strings.ToLower(r.initials)))
		}
	}
	return out
}

// capitalisedRuns returns the phrases of two to five capitalised words
// in text ("West Texas Intermediate", "Organization of Petroleum
// Exporting Countries", "of" and "and" inside them not counting), with
// their initials ("wti", "opec").
func capitalisedRuns(text string, ws []lang.Word) []run {
	var out []run
	flush := func(from, to int) { // ws[from:to] capitalised, joiners inside
		for to > from && !ws[to-1].Upper {
			to-- // no joiner at the end
		}
		var in strings.Builder
		n := 0
		for _, w := range ws[from:to] {
			if w.Upper {
				in.WriteByte(w.Text[0])
				n++
			}
		}
		if n >= 2 && n <= 5 {
			out = append(out, run{text: text[ws[from].Start:ws[to-1].End], initials: in.String()})
		}
	}
	start := -1
	for i, w := range ws {
		joiner := !w.Upper && (w.Text == "of" || w.Text == "and" || w.Text == "for" || w.Text == "de") && start >= 0
		adjacent := i > 0 && strings.TrimSpace(text[ws[i-1].End:w.Start]) == ""
		switch {
		case w.Upper && start >= 0 && adjacent, joiner && adjacent:
		case w.Upper:
			if start >= 0 {
				flush(start, i)
			}
			start = i
		default:
			if start >= 0 {
				flush(start, i)
			}
			start = -1
		}
	}
	if start >= 0 {
		flush(start, len(ws))
	}
	return out
}

// acronym returns the phrase of the articles whose initials are w, or the
// hyphenated compound w runs together, "" if none: "wti" gives "West
// Texas Intermediate", "multistep" gives "Multi-Step".
func (x *idf) acronym(w string) string {
	if len(w) < 2 || isNumber(w) {
		return ""
	}
	return x.acronyms[w]
}

// clipped returns the two-word name w clips, each word to its first
// two letters or more ("amex" for "American Express"), when exactly one
// name the coverage writes twice does; "" otherwise.
func (x *idf) clipped(w string) string {
	if len(w) < 4 || isNumber(w) {
		return ""
	}
	found := ""
	for k := 2; k <= len(w)-2; k++ {
		a, b := w[:k], w[k:]
		for _, p := range x.pairs[string([]byte{a[0], b[0]})] {
			f := strings.Fields(strings.ToLower(p))
			if strings.HasPrefix(f[0], a) && strings.HasPrefix(f[1], b) && len(f[0]) > len(a) && len(f[1]) >= len(b) {
				if found != "" && found != p {
					return ""
				}
				found = p
			}
		}
	}
	return found
}

// named reports whether the coverage writes stem t as a name: mostly
// capitalised inside sentences ("Texaco", "Seoul", "Biltmore"), seen at
// least twice so that one headline-style phrase does not make a name.
func (x *idf) named(t string) bool {
	m := x.mid[t]
	return m >= 2 && float64(x.caps[t]) >= 0.8*float64(m)
}

// writtenAsName reports whether the coverage writes stem t capitalised
// every time it is not forced to, even once ("Michel Cote" in a story
// that names him once): weaker evidence than named, for the words a
// question gives as its speaker.
func (x *idf) writtenAsName(t string) bool {
	m := x.mid[t]
	return m >= 1 && x.caps[t] == m
}

// opensSentence reports whether the word at byte offset i of text opens a
// sentence, a quotation or a line, where a capital says nothing.
func opensSentence(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch c := text[j]; c {
		case ' ', '\t':
			continue
		case '.', '!', '?', '\n', '"', '(', '[', ':', ';', '-':
			return true
		default:
			if c >= 0x80 { // a curly quote or dash: treat as an opening
				return true
			}
			return false
		}
	}
	return true
}

func newIDF(docs []string) *idf {
	x := &idf{n: len(docs), df: map[string]int{}}
	var all []string
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range lang.FoldWords(d) {
			all = append(all, w.Text)
			if lang.IsStop(w.Text) || stopwords[w.Text] {
				continue
			}
			t := lang.Stem(w.Text)
			if !seen[t] {
				seen[t] = true
				x.df[t]++
			}
		}
	}
	x.vocab = lang.NewVocabulary(slices.Values(all))
	return x
}

// variants returns the words of the documents spelt nearly like w
// ("zelensky" finds "zelenskyy", "managment" finds "management").
func (x *idf) variants(w string) []string {
	if isNumber(w) {
		return nil
	}
	return x.vocab.Variants(w)
}

// weight of term t: high when t is rare or absent.
func (x *idf) weight(t string) float64 {
	df := float64(x.df[t])
	n := float64(x.n)
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
