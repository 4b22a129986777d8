package lang

import (
	"math"
	"slices"
	"testing"
)

func TestCharGrams(t *testing.T) {
	var got []string
	CharGrams("abc", func(g string) { got = append(got, g) })
	want := []string{"^ab", "abc", "bc$", "^abc", "abc$"}
	if !slices.Equal(got, want) {
		t.Errorf("CharGrams(abc) = %q; want %q", got, want)
	}
}

func TestTrigramDice(t *testing.T) {
	for _, tt := range []struct {
		a, b   string
		lo, hi float64
	}{
		{"korea", "korea", 1, 1},
		{"rumours", "rumors", 0.5, 0.8},
		{"nebenzia", "nebenzya", 0.6, 0.8},
		{"china", "chain", 0, 0.3},
		{"", "x", 0, 0},
	} {
		got := TrigramDice(tt.a, tt.b)
		if got < tt.lo-1e-9 || got > tt.hi+1e-9 || math.IsNaN(got) {
			t.Errorf("TrigramDice(%q, %q) = %.2f; want in [%.2f, %.2f]", tt.a, tt.b, got, tt.lo, tt.hi)
		}
	}
}
