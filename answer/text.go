package answer

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/stemmer"
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
will with would you your yours yourself yourselves whose many much say said says tell told according
quote quoted quotes coverage article articles outlet outlets story stories source sources`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// terms returns the stemmed content words of s, in order, with repeats.
func terms(s string) []string {
	var out []string
	for _, w := range words(norm(s)) {
		if stopwords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func stem(w string) string {
	if isNumber(w) {
		return w
	}
	if d, ok := demonyms[w]; ok {
		w = d
	}
	return stemmer.Word(w)
}

func isNumber(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

var numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// numbers returns the numbers in s, thousands separators dropped.
func numbers(s string) []string {
	var out []string
	for _, n := range numberRE.FindAllString(s, -1) {
		n = strings.ReplaceAll(n, ",", "")
		out = append(out, n)
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
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(p.Text) || sp.Start >= sp.End {
			continue
		}
		if s := strings.TrimSpace(p.Text[sp.Start:sp.End]); s != "" {
			out = append(out, s)
		}
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

// idf holds BM25-style inverse document frequencies over a set of texts.
type idf struct {
	n     int
	df    map[string]int  // documents holding each stem
	vocab map[string]bool // every lower-case word of the documents, for near spellings
}

func newIDF(docs []string) *idf {
	x := &idf{n: len(docs), df: map[string]int{}, vocab: map[string]bool{}}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range words(norm(d)) {
			x.vocab[w] = true
			if stopwords[w] {
				continue
			}
			t := stem(w)
			if !seen[t] {
				seen[t] = true
				x.df[t]++
			}
		}
	}
	return x
}

// variants returns the words of the documents spelt nearly like w (one
// edit for words of 5 to 8 letters, two from 9), most frequent first:
// "zelensky" finds "zelenskyy", "managment" finds "management".
func (x *idf) variants(w string) []string {
	n := len([]rune(w))
	if n < 5 || isNumber(w) {
		return nil
	}
	limit := 1
	if n >= 9 {
		limit = 2
	}
	var out []string
	for v := range x.vocab {
		m := len([]rune(v))
		if m < n-limit || m > n+limit || v == w {
			continue
		}
		if editDistance(w, v, limit) <= limit {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(x.df[stem(b)], x.df[stem(a)]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}

// editDistance is the optimal-string-alignment distance of a and b (a
// swap of neighbours counts one), or limit+1 once it must exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		lo := i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			lo = min(lo, cur[j])
		}
		if lo > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// weight of term t: high when t is rare or absent.
func (x *idf) weight(t string) float64 {
	df := float64(x.df[t])
	n := float64(x.n)
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
