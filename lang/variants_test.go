package lang

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func vocab(words ...string) *Vocabulary { return NewVocabulary(slices.Values(words)) }

func TestVariants(t *testing.T) {
	v := vocab("zelenskyy", "nebenzya", "vladivostok", "management", "technology", "weather", "rather",
		"jun", "kook", "chain", "china", "korea", "troops", "hoping", "envoy", "nations", "notions", "2024", "geraghty", "philip")
	for _, tt := range []struct {
		q        string
		want     []string // each must be among the variants
		wantNone []string // none may be
	}{
		{"zelensky", []string{"zelenskyy"}, nil},
		{"nebenzia", []string{"nebenzya"}, nil},
		{"vladivostock", []string{"vladivostok"}, nil},
		{"managment", []string{"management"}, nil},
		{"tecnology", []string{"technology"}, nil},
		{"wrather", []string{"weather", "rather"}, nil},
		{"joon", []string{"jun"}, nil},
		{"joon-kook", []string{"jun", "kook"}, nil},
		{"china", nil, []string{"chain", "china"}},
		{"chian", []string{"chain", "china"}, nil}, // transpositions of both
		{"korea", nil, []string{"korea"}},
		{"troop", []string{"troops"}, nil},    // Dice 0.73
		{"hopin", []string{"hoping"}, nil},    // distance 1
		{"geraty", []string{"geraghty"}, nil}, // a silent gh left out
		{"filip", []string{"philip"}, nil},    // ph written as it sounds

		{"envoys", []string{"envoy"}, nil},
		{"nation", []string{"nations"}, []string{"notions"}},
		{"kor", nil, []string{"korea"}},
		{"2025", nil, []string{"2024"}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			got := v.Variants(tt.q)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Variants(%q) = %q; want %q among them", tt.q, got, w)
				}
			}
			for _, w := range tt.wantNone {
				if slices.Contains(got, w) {
					t.Errorf("Variants(%q) = %q; want no %q", tt.q, got, w)
				}
			}
		})
	}
}

func TestVocabularyDF(t *testing.T) {
	v := vocab("korea", "troops", "korea", "korea")
	if v.Len() != 2 || v.DF("korea") != 3 || v.DF("troops") != 1 || v.DF("x") != 0 || !v.Has("troops") || v.Has("x") {
		t.Errorf("Len %d, DF(korea) %d, DF(troops) %d", v.Len(), v.DF("korea"), v.DF("troops"))
	}
	// most frequent first
	w := vocab("rumors", "rumours", "rumours", "rumorss")
	if got := w.Variants("rumoors"); len(got) < 2 || got[0] != "rumours" {
		t.Errorf("Variants(rumoors) = %q; want rumours first", got)
	}
}

func TestOSA(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"china", "chain", 2}, {"chian", "chain", 1}, {"managment", "management", 1}, {"abc", "abc", 0}, {"ab", "ba", 1},
		{"kitten", "sitting", 3},
	} {
		var rows [3][]int
		if got := osa([]rune(tt.a), []rune(tt.b), 3, &rows); got != tt.want {
			t.Errorf("osa(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// bigVocabulary is n random words of 3 to 14 letters, drawn with English
// letter frequencies so their trigrams overlap as real words' do.
func bigVocabulary(n int) ([]string, *Vocabulary) {
	r := rand.New(rand.NewPCG(1, 2))
	const letters = "eeeeeeeeeeeetttttttttaaaaaaaaooooooooiiiiiiinnnnnnnsssssshhhhhhrrrrrrddddlllluuucccmmmwwffggyyppbbvkjxqz"
	words := make([]string, 0, n)
	for len(words) < n {
		b := make([]byte, 3+r.IntN(12))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		words = append(words, string(b))
	}
	return words, NewVocabulary(slices.Values(words))
}

// BenchmarkVariants measures one Variants call on vocabularies of 50k and
// 100k words: the trigram postings and skeleton map keep it to tens of
// microseconds where a scan of every word took hundreds of milliseconds.
func BenchmarkVariants(b *testing.B) {
	for _, n := range []int{50_000, 100_000} {
		words, v := bigVocabulary(n)
		queries := []string{"managment", "zelensky", "vladivostock", "nation", words[123], words[4567] + "x"}
		for _, q := range queries {
			b.Run(fmt.Sprintf("words=%d/%s/%d", n, q, len(q)), func(b *testing.B) {
				for b.Loop() {
					v.Variants(q)
				}
			})
		}
	}
}

// scanVariants is Variants of one word as its rules read, by comparing w
// with every word of the vocabulary: the reference the indexed lookup must
// equal.
func scanVariants(v *Vocabulary, grams [][]uint64, skels []string, w string) []string {
	qr := []rune(w)
	if w == "" || isNumber(w) || len(qr) < 3 {
		return nil
	}
	qg := gramKeys(qr)
	var rows [3][]int
	var out []int32
	for id, c := range v.words {
		cr := v.runes[id]
		if c == w || isNumber(c) {
			continue
		}
		nq, nc := len(qr), len(cr)
		ok := nc >= 3 && max(nq, nc) >= 4 && skels[id] == skeleton(w)
		if !ok && nq >= 4 && nc >= 4 {
			shared := 0
			cg := grams[id]
			for _, g := range qg {
				if slices.Contains(cg, g) {
					shared++
				}
			}
			d := 0
			switch {
			case nq >= 9 && nc >= 9:
				d = 2
			case nq >= 5 && nc >= 5:
				d = 1
			}
			ok = 20*shared >= 7*(len(qg)+len(cg)) || d > 0 && osa(qr, cr, d, &rows) <= d
		}
		if ok {
			out = append(out, int32(id))
		}
	}
	return v.sorted(out)
}

// TestVariantsMatchScan: the indexed lookup finds exactly what comparing
// with every word finds, on a 10k-word vocabulary, for its own words,
// words one or two edits away, and the test words above.
func TestVariantsMatchScan(t *testing.T) {
	words, v := bigVocabulary(10_000)
	grams, skels := make([][]uint64, v.Len()), make([]string, v.Len())
	for id, w := range v.words {
		grams[id], skels[id] = gramKeys(v.runes[id]), skeleton(w)
	}
	r := rand.New(rand.NewPCG(7, 8))
	queries := []string{"managment", "zelensky", "vladivostock", "nation", "joon", "kor", "2025", "ab"}
	edit := func(w string) string {
		b := []byte(w)
		i := r.IntN(len(b))
		switch r.IntN(4) {
		case 0: // substitute
			b[i] = byte('a' + r.IntN(26))
		case 1: // delete
			b = append(b[:i], b[i+1:]...)
		case 2: // insert
			b = append(b[:i], append([]byte{byte('a' + r.IntN(26))}, b[i:]...)...)
		default: // transpose
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		return string(b)
	}
	for range 100 {
		w := words[r.IntN(len(words))]
		queries = append(queries, w, edit(w), edit(edit(w)))
	}
	for _, q := range queries {
		if got, want := v.Variants(q), scanVariants(v, grams, skels, q); !slices.Equal(got, want) {
			t.Errorf("Variants(%q) = %q; a scan of every word finds %q", q, got, want)
		}
	}
}

// TestVocabularyCounts: a vocabulary rebuilt from its counts has the same
// words, frequencies and variants.
func TestVocabularyCounts(t *testing.T) {
	words, _ := bigVocabulary(3000)
	words = append(words, words[:500]...) // frequencies above 1
	v := NewVocabulary(slices.Values(words))
	re := NewVocabularyCounts(v.Counts())
	if re.Len() != v.Len() {
		t.Fatalf("rebuilt %d words of %d", re.Len(), v.Len())
	}
	for w, n := range v.Counts() {
		if re.DF(w) != n {
			t.Fatalf("DF(%q) = %d rebuilt, %d first", w, re.DF(w), n)
		}
	}
	for _, q := range append(words[:200], "managment", "zelensky") {
		if a, b := v.Variants(q), re.Variants(q); !slices.Equal(a, b) {
			t.Fatalf("Variants(%q) = %q rebuilt, %q first", q, b, a)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"kuwiat", "kuwait", true},
		{"vladivostock", "vladivostok", true},
		{"committed", "committee", true},
		{"kuwait", "kuwait", false},
		{"nebenzia", "nebenzya", true},
		{"zelensky", "zelenskyy", true},
		{"shamrok", "shamrock", true},
		{"montedisson", "montedison", true},
		{"wood", "wod", true},
		{"penser", "pencer", true},
		{"walenbergs", "wallenberg", false},
	} {
		if got := OneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("OneEdit(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
