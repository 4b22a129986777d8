package lang

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"possessive and thousands", "Korea's 12,000 troops", []string{"korea", "12000", "troops"}},
		{"hyphen splits", "Hwang Joon-kook", []string{"hwang", "joon", "kook"}},
		{"curly apostrophe and quotes", "North Korea’s “baseless” rumours.", []string{"north", "korea", "baseless", "rumours"}},
		{"separator before a space", "1,500, 2", []string{"1500", "2"}},
		{"decimals stay one", "up 1.5 percent, then 2.1.", []string{"up", "1.5", "percent", "then", "2.1"}},
		{"contraction", "don't", []string{"don"}},
		{"non-ASCII", "İstanbul café", []string{"istanbul", "café"}},
		{"empty", " ,.- ", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lower(Words(tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordsOffsetsAndCase(t *testing.T) {
	in := "The U.N. envoy’s 12,000"
	ws := Words(in)
	for _, tt := range []struct {
		i          int
		text, span string
		upper      bool
	}{
		{0, "the", "The", true},
		{1, "u", "U", true},
		{3, "envoy", "envoy", false},
		{4, "12000", "12,000", false},
	} {
		w := ws[tt.i]
		if w.Text != tt.text || in[w.Start:w.End] != tt.span || w.Upper != tt.upper {
			t.Errorf("word %d = %+v (span %q); want %q, span %q, upper %v", tt.i, w, in[w.Start:w.End], tt.text, tt.span, tt.upper)
		}
	}
}

// FuzzWords: words are non-empty, within the text, and in order.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"Korea's 12,000 troops", "Hwang Joon-kook", "“baseless” rumours", "1,,2", "'s", "İstanbul", "1.5.6,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, w := range Words(s) {
			if w.Text == "" || w.Start < last || w.End <= w.Start || w.End > len(s) {
				t.Fatalf("Words(%q): bad word %+v", s, w)
			}
			last = w.End
		}
	})
}
