package lang

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"sync"
)

// Vocabulary is the set of words of a corpus with their document
// frequencies, indexed to find words spelt nearly alike. It is immutable
// once built and safe for concurrent use.
type Vocabulary struct {
	words []string
	runes [][]rune
	df    []int32
	ids   map[string]int32
	grams map[uint64][]int32 // boundary-marked trigram -> ids of the words holding it, ascending
	skel  map[string][]int32 // skeleton -> ids of the words with it
	nGram []int32            // id -> number of distinct trigrams
	pool  sync.Pool          // *scratch
}

// scratch is one Variants call's shared-trigram count per word.
type scratch struct {
	count   []uint16
	touched []int32
	rows    [3][]int // osa's rows
}

// NewVocabulary builds a vocabulary from words, lower case. Each word
// yielded counts once towards its document frequency, so yield each
// document's distinct words to get document frequencies.
func NewVocabulary(words iter.Seq[string]) *Vocabulary {
	return NewVocabularyCounts(func(yield func(string, int) bool) {
		for w := range words {
			if !yield(w, 1) {
				return
			}
		}
	})
}

// NewVocabularyCounts builds a vocabulary from words with counts, each
// added to the word's document frequency: NewVocabularyCounts(v.Counts())
// rebuilds v, as a stored vocabulary is read back.
func NewVocabularyCounts(counts iter.Seq2[string, int]) *Vocabulary {
	v := &Vocabulary{ids: make(map[string]int32), grams: make(map[uint64][]int32), skel: make(map[string][]int32)}
	for w, n := range counts {
		if w == "" {
			continue
		}
		id, ok := v.ids[w]
		if !ok {
			id = int32(len(v.words))
			v.ids[w] = id
			v.words = append(v.words, w)
			v.df = append(v.df, 0)
		}
		v.df[id] += int32(n)
	}
	v.runes = make([][]rune, len(v.words))
	v.nGram = make([]int32, len(v.words))
	for id, w := range v.words {
		rs := []rune(w)
		v.runes[id] = rs
		if isNumber(w) {
			continue
		}
		gs := gramKeys(rs)
		v.nGram[id] = int32(len(gs))
		for _, g := range gs {
			v.grams[g] = append(v.grams[g], int32(id))
		}
		if len(rs) >= 3 {
			k := skeleton(w)
			v.skel[k] = append(v.skel[k], int32(id))
		}
	}
	return v
}

// Counts yields each word with its document frequency, in the order the
// words were first seen.
func (v *Vocabulary) Counts() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for id, w := range v.words {
			if !yield(w, int(v.df[id])) {
				return
			}
		}
	}
}

// Len returns the number of distinct words.
func (v *Vocabulary) Len() int { return len(v.words) }

// DF returns how many times w was yielded to NewVocabulary: its document
// frequency when each document's distinct words were.
func (v *Vocabulary) DF(w string) int {
	if id, ok := v.ids[w]; ok {
		return int(v.df[id])
	}
	return 0
}

// Has reports whether w is in the vocabulary.
func (v *Vocabulary) Has(w string) bool {
	_, ok := v.ids[w]
	return ok
}

// Variants returns the words of the vocabulary, other than w itself, that
// are spelt nearly like the lower-case word w, most frequent first:
//
//   - Damerau-Levenshtein (optimal string alignment) distance 1 when both
//     words have 5 or more letters, 2 when both have 9 or more
//     ("managment" ~ "management", "vladivostock" ~ "vladivostok");
//   - Dice coefficient of boundary-marked trigram sets >= 0.7, both
//     words of 4 or more letters;
//   - the same skeleton: equal once doubled letters are single, "ck" is
//     "k", "oo" and "ou" are "u", "dzh", "j" and "y" are "i"
//     (transliterations: "zelensky" ~ "zelenskyy", "nebenzia" ~
//     "nebenzya", "joon" ~ "jun"), both of 3 or more letters and one of 4.
//
// Words under 4 letters are not linked otherwise: at that length one
// letter makes another word. A hyphenated or spaced w ("joon-kook") gives
// each part found in the vocabulary, the variants of each part, and those
// of the parts written together ("jun", "kook", "junkook"). Numbers
// have no variants.
func (v *Vocabulary) Variants(w string) []string {
	if strings.ContainsAny(w, "- ") {
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == ' ' })
		seen := map[int32]bool{}
		for _, p := range append(parts, strings.Join(parts, "")) {
			if id, ok := v.ids[p]; ok {
				seen[id] = true // a part as written is a variant of the whole
			}
			for _, id := range v.variants(p) {
				seen[id] = true
			}
		}
		return v.sorted(slices.Collect(func(yield func(int32) bool) {
			for id := range seen {
				if !yield(id) {
					return
				}
			}
		}))
	}
	return v.sorted(v.variants(w))
}

func (v *Vocabulary) sorted(ids []int32) []string {
	slices.SortFunc(ids, func(a, b int32) int {
		if c := cmp.Compare(v.df[b], v.df[a]); c != 0 {
			return c
		}
		return cmp.Compare(v.words[a], v.words[b])
	})
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.words[id]
	}
	return out
}

// variants returns the ids of the variants of one word, distinct, unordered.
func (v *Vocabulary) variants(w string) []int32 {
	if w == "" || isNumber(w) || len(v.words) == 0 {
		return nil
	}
	self, hasSelf := v.ids[w]
	qr := []rune(w)
	nq := len(qr)
	if nq < 3 {
		return nil
	}
	var out []int32
	add := func(id int32) {
		if (!hasSelf || id != self) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	// Skeletons: one map lookup.
	for _, id := range v.skel[skeleton(w)] {
		if n := len(v.runes[id]); n >= 3 && max(n, nq) >= 4 {
			add(id)
		}
	}
	if nq < 4 {
		return out
	}
	// Transpositions, which break up to four trigrams: looked up directly.
	if nq >= 5 {
		t := slices.Clone(qr)
		for i := 0; i+1 < nq; i++ {
			if t[i] == t[i+1] {
				continue
			}
			t[i], t[i+1] = t[i+1], t[i]
			if id, ok := v.ids[string(t)]; ok {
				add(id)
			}
			t[i], t[i+1] = t[i+1], t[i]
		}
	}
	// Shared trigrams, counted from the postings.
	qg := gramKeys(qr)
	sc, _ := v.pool.Get().(*scratch)
	if sc == nil || len(sc.count) != len(v.words) {
		sc = &scratch{count: make([]uint16, len(v.words))}
	}
	for _, g := range qg {
		for _, id := range v.grams[g] {
			if sc.count[id] == 0 {
				sc.touched = append(sc.touched, id)
			}
			sc.count[id]++
		}
	}
	nqg := len(qg)
	for _, id := range sc.touched {
		shared := int(sc.count[id])
		sc.count[id] = 0
		nc := len(v.runes[id])
		if nc < 4 {
			continue
		}
		ncg := int(v.nGram[id])
		if 20*shared >= 7*(nqg+ncg) { // Dice >= 0.7
			add(id)
			continue
		}
		d := 0
		switch {
		case nq >= 9 && nc >= 9:
			d = 2
		case nq >= 5 && nc >= 5:
			d = 1
		}
		// The q-gram bound: a substitution or indel breaks at most three
		// trigrams, a transposition four (single ones were looked up
		// above, so at d = 1 three is enough).
		need := max(nqg, ncg) - 3
		if d == 2 {
			need = max(nqg, ncg) - 8
		}
		if d == 0 || abs(nq-nc) > d || shared < need {
			continue
		}
		if osa(qr, v.runes[id], d, &sc.rows) <= d {
			add(id)
		}
	}
	sc.touched = sc.touched[:0]
	v.pool.Put(sc)
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// gramKeys returns the distinct boundary-marked trigrams of a word, each
// packed into a uint64 (three 21-bit runes).
func gramKeys(rs []rune) []uint64 {
	p := make([]rune, 0, len(rs)+2)
	p = append(append(append(p, '^'), rs...), '$')
	out := make([]uint64, 0, len(p))
	for i := 0; i+3 <= len(p); i++ {
		k := uint64(p[i])<<42 | uint64(p[i+1])<<21 | uint64(p[i+2])
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// Skeleton returns w with the spellings transliteration varies folded
// (see skeleton): two romanisations of one name part ("jun", "joon") have
// the same skeleton.
func Skeleton(w string) string { return skeleton(w) }

// skeleton is a word with the spellings transliteration varies folded:
// "dzh", "j" and "y" to "i", "ck" to "k", "oo" and "ou" to "u", "ph" to
// "f", a silent "gh" left out ("Geraghty", "geraty"), then doubled letters
// made single.
func skeleton(w string) string {
	w = skeletonReplacer.Replace(w)
	var b strings.Builder
	b.Grow(len(w))
	var last rune = -1
	for _, r := range w {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

var skeletonReplacer = strings.NewReplacer("dzh", "i", "ck", "k", "oo", "u", "ou", "u", "j", "i", "y", "i", "gh", "", "ph", "f")

// osa returns the optimal string alignment distance of a and b (the
// Damerau-Levenshtein distance without edits to a transposed pair), or
// some value above limit once it is sure to exceed it.
// rows is scratch space for its three rows, grown as needed.
func osa(a, b []rune, limit int, rows *[3][]int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	for i := range rows {
		if cap(rows[i]) < len(b)+1 {
			rows[i] = make([]int, len(b)+1)
		}
		rows[i] = rows[i][:len(b)+1]
	}
	// three rows: two back (for transpositions), previous, current
	prev2, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// OneEdit reports whether a and b are one edit apart (optimal string
// alignment: an insertion, a deletion, a substitution or two neighbours
// swapped), "kuwiat" and "kuwait".
func OneEdit(a, b string) bool {
	var rows [3][]int
	return a != b && osa([]rune(a), []rune(b), 1, &rows) <= 1
}
