package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsbot/newsbot/lang"
)

// respell returns question q with each word mistyped by one letter
// written as the coverage writes it ("who was nk resonding to" becomes
// "who was nk responding to", "soth korea" "south korea"), and the
// corrections made (typed -> coverage). Every later step reads the
// corrected question: the search, the sentence model, the kind of answer
// asked for and the words the evidence must hold.
//
// A word is corrected only when it is no word at all: the coverage never
// uses it, the thesaurus does not know it in any inflection, it is not
// chat shorthand, and the coverage has a word one edit from it (a letter
// added, dropped, changed or two swapped; words of four letters only by an
// added or swapped letter). "committed" is left alone though "committee"
// is one letter away: the thesaurus knows it. Without a thesaurus only
// names are corrected (words the coverage writes capitalised), as a common
// word cannot then be told from a typo. On a coverage too large for the
// whole-corpus statistics q is returned as it is.
func (a *Answerer) respell(q string) (string, map[string]string) {
	if a.opts.Passages == nil || a.corpusTooLarge() {
		return q, nil
	}
	x := a.idfFor(nil)
	if x.vocab == nil || x.vocab.Len() == 0 {
		return q, nil
	}
	var b strings.Builder
	var fixed map[string]string
	last := 0
	ws := lang.Words(q)
	for i, w := range ws {
		l := w.Text
		var to string
		switch {
		case misspelt(l, x, a.opts.Thesaurus):
			to = x.correction(l, a.opts.Thesaurus)
		case i > 0 && x.nameLike(stem(ws[i-1].Text)):
			to = x.surnameTypo(l, a.opts.Thesaurus) // "robert wod": Robert Wood
		}
		if to == "" {
			continue
		}
		surface := q[w.Start:w.End]
		if r, _ := utf8.DecodeRuneInString(surface); unicode.IsUpper(r) {
			rs := []rune(to)
			rs[0] = unicode.ToUpper(rs[0])
			to = string(rs)
		}
		b.WriteString(q[last:w.Start])
		b.WriteString(to)
		last = w.End
		if fixed == nil {
			fixed = map[string]string{}
		}
		fixed[l] = strings.ToLower(to)
	}
	if last == 0 {
		return q, nil
	}
	b.WriteString(q[last:])
	return b.String(), fixed
}

// misspelt reports whether question word l may be a typo: four letters or
// more, no digits, not a stop word or chat shorthand, and neither the
// coverage nor the thesaurus (when there is one) knows it.
func misspelt(l string, x *idf, thes Thesaurus) bool {
	if utf8.RuneCountInString(l) < 4 || strings.ContainsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return false
	}
	if lang.IsStop(l) || stopwords[l] || questionWord[l] || x.vocab.Has(l) || x.df[stem(l)] > 0 {
		return false
	}
	if lang.Expand(l) != l {
		return false // "thats", "wholl": shorthand, written out later
	}
	return thes == nil || len(thes.Related(l)) == 0
}

// correction returns the word typo l stands for, or "" when no one word
// does: the coverage's word one edit from it, the most frequent when
// several are; failing that, a word the thesaurus knows one edit from it
// whose stem the coverage uses ("resonding" is "responding", though the
// coverage only writes "responded"), the one whose stem is most frequent;
// failing that, the one English word one edit from it, for words of seven
// letters or more, or of five or more missing a letter or with two
// swapped ("atual", "afarid"). Without a thesaurus (thes nil) only names the coverage writes are
// candidates. A word of four letters is only matched with a letter added
// ("soth" for "south") or two swapped: one letter changed makes another
// word at that length.
func (x *idf) correction(l string, thes Thesaurus) string {
	named := func(v string) bool { return x.named(stem(v)) || x.writtenAsName(stem(v)) }
	long := utf8.RuneCountInString(l) >= 5
	if long {
		for _, v := range x.variants(l) { // most frequent first
			if lang.OneEdit(l, v) && !isNumber(v) && (thes != nil || named(v)) {
				return v
			}
		}
	}
	best, bestDF := "", 0
	var words []string // words the thesaurus knows, the coverage not even by stem
	for _, v := range oneEdits(l, long) {
		df := x.vocab.DF(v)
		if df > 0 && thes == nil && !named(v) {
			continue
		}
		if df == 0 && thes != nil && len(thes.Related(v)) > 0 {
			df = x.df[stem(v)] // an inflection the coverage does not write
			if df == 0 && !slices.Contains(words, v) {
				words = append(words, v)
			}
		}
		if df > bestDF {
			best, bestDF = v, df
		}
	}
	if best == "" && len(words) == 1 && (utf8.RuneCountInString(l) >= minWordTypo || long && slices.Contains(oneEdits(l, false), words[0])) {
		// "desribe": a word the coverage never uses either, but the
		// sentence model and the reading of the question know it. Only
		// long words, and only one: a short name the coverage lacks is
		// often one letter from some English word ("biden", "widen").
		// From five letters, a letter dropped or two swapped ("atual",
		// "afarid"), which turns no name into a word by changing it.
		return words[0]
	}
	if best == "" && len(words) == 0 {
		// "zlensky", "krmelin": a name typed two letters off keeps its
		// consonants.
		best = x.nameByConsonants(l)
	}
	return best
}

// surnameTypo returns the name the coverage writes that three-letter word
// l, after a name, is typed one letter short of or with two letters
// swapped ("robert wod": wood), when it is the only one and nothing else
// knows l; else "".
func (x *idf) surnameTypo(l string, thes Thesaurus) string {
	if utf8.RuneCountInString(l) != 3 || strings.ContainsFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) ||
		lang.IsStop(l) || stopwords[l] || x.vocab.Has(l) || lang.Expand(l) != l || thes != nil && len(thes.Related(l)) > 0 {
		return ""
	}
	best := ""
	for _, v := range oneEdits(l, false) { // a letter added or two swapped
		if x.vocab.DF(v) > 0 && x.nameLike(stem(v)) {
			if best != "" && best != v {
				return ""
			}
			best = v
		}
	}
	return best
}

// nameLike reports whether the coverage writes stem t as a name, even
// once.
func (x *idf) nameLike(t string) bool { return x.named(t) || x.writtenAsName(t) }

// minWordTypo is the length from which a typo is corrected to an English
// word the coverage does not use.
const minWordTypo = 7

// oneEdits returns the words one edit from l, in letters a-z: two
// neighbours swapped and a letter added, and when all is true a letter
// dropped or changed too.
func oneEdits(l string, all bool) []string {
	rs := []rune(l)
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] != rs[i+1] {
			t := append([]rune(nil), rs...)
			t[i], t[i+1] = t[i+1], t[i]
			out = append(out, string(t))
		}
	}
	for i := 0; i <= len(rs); i++ {
		for c := 'a'; c <= 'z'; c++ {
			out = append(out, string(rs[:i])+string(c)+string(rs[i:]))
		}
	}
	if !all {
		return out
	}
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
		for c := 'a'; c <= 'z'; c++ {
			if c != rs[i] {
				out = append(out, string(rs[:i])+string(c)+string(rs[i+1:]))
			}
		}
	}
	return out
}
