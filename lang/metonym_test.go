package lang

import (
	"slices"
	"testing"
)

func TestMetonym(t *testing.T) {
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"pyongyang", []string{Stem("north"), Stem("korea")}},
		{"kremlin", []string{Stem("russia")}},
		{"washington", []string{"usa"}},
		{"troops", nil},
	} {
		got, ok := Metonym(Stem(tt.word))
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("Metonym(%q) = %v, %v; want %v", tt.word, got, ok, tt.want)
		}
	}
}
