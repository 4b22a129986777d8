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
		"jun", "kook", "chain", "china", "korea", "troops", "hoping", "envoy", "nations", "notions", "2024")
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
		{"troop", []string{"troops"}, nil}, // Dice 0.73
		{"hopin", []string{"hoping"}, nil}, // distance 1

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

// BenchmarkVariants measures one Variants call on a 50k-word vocabulary.
func BenchmarkVariants(b *testing.B) {
	words, v := bigVocabulary(50000)
	queries := []string{"managment", "zelensky", "vladivostock", "nation", words[123], words[4567] + "x"}
	for _, q := range queries {
		b.Run(fmt.Sprintf("%s/%d", q, len(q)), func(b *testing.B) {
			for b.Loop() {
				v.Variants(q)
			}
		})
	}
}
