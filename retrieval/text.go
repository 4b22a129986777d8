package retrieval

import (
	"strings"

	"github.com/newsbot/newsbot/lang"
)

// Retrieval reads text through package lang, as the answer checks do. A
// passage is read with lang.FoldWords (aliases such as "U.S." and "United
// States" are one word, demonyms their country); a query is first
// lang.FoldRunes'd and its chat shorthand lang.Expand'ed, so "wat did the
// us say abt nk" meets a passage on "the U.S." and "North Korea".

// word is one token of a text: its folded lower-case form and (once
// stemWords has run) its stem.
type word struct {
	lower string
	stem  string
}

// words splits text into words for shingles, whose near-duplicate
// thresholds were measured on this exact tokenisation: lang.Words, with a
// decimal number split at its point ("1.5" gives "1" and "5", as the ASCII
// fast path in asciiShingles does) and no alias folding.
func words(text string) []word {
	ws := lang.Words(text)
	out := make([]word, 0, len(ws))
	for _, w := range ws {
		for _, part := range strings.Split(w.Text, ".") {
			out = append(out, word{lower: part})
		}
	}
	return out
}

// foldedWords returns the words of a passage, or of a query once
// queryText has prepared it, as lang.FoldWords reads them.
func foldedWords(text string) []word {
	ws := lang.FoldWords(text)
	out := make([]word, len(ws))
	for i, w := range ws {
		out[i] = word{lower: w.Text}
	}
	return out
}

// queryText prepares a query to be read like a passage: the character
// folding corpus.Normalize gave the passages, then chat shorthand expanded.
func queryText(query string) string { return lang.Expand(lang.FoldRunes(query)) }

// queryStems returns the stems of the content words of a query, in order.
func queryStems(query string) []string { return contentStems(queryText(query)) }

// stemWords fills in the stems of ws, using and filling cache (which may
// be nil); stemming is most of the cost of indexing, and words repeat.
func stemWords(ws []word, cache map[string]string) {
	for i := range ws {
		if cache == nil {
			ws[i].stem = stem(ws[i].lower)
			continue
		}
		s, ok := cache[ws[i].lower]
		if !ok {
			s = stem(ws[i].lower)
			cache[ws[i].lower] = s
		}
		ws[i].stem = s
	}
}

// stem is lang.Stem, with the synonym folding read from synonyms so that
// TestMeasureFolding can measure the index without it.
func stem(w string) string {
	s := lang.BaseStem(w)
	if c, ok := synonyms[s]; ok {
		return c
	}
	return s
}

// synonyms is lang's synonym folding (see lang.Stem); only measurements
// replace it.
var synonyms = lang.Synonyms()

// contentWords returns the non-stop folded words of text, stemmed.
func contentWords(text string, cache map[string]string) []word {
	ws := foldedWords(text)
	out := ws[:0]
	for _, w := range ws {
		if !lang.IsStop(w.lower) {
			out = append(out, w)
		}
	}
	stemWords(out, cache)
	return out
}

// contentStems returns the stems of the non-stop words of text, in order.
func contentStems(text string) []string {
	ws := contentWords(text, nil)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.stem
	}
	return out
}

// charGrams is lang.CharGrams: the character 3- and 4-grams of a word.
func charGrams(w string, fn func(g string)) { lang.CharGrams(w, fn) }
