package lang

import (
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"However, Hwang Joon-kook told the U.N. on Monday in March.", []string{"hwang", "joon-kook", "un"}},
		{"The Kremlin said", []string{"kremlin"}},
		{"no names here", nil},
	} {
		if got := Names(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Names(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"about 12,000 troops, up 1.5%, in 2024", []string{"12000", "1.5", "2024"}},
		{"none", nil},
	} {
		if got := Numbers(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Numbers(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNegated(t *testing.T) {
	for in, want := range map[string]bool{
		"Pyongyang denied the report":    true,
		"It did not confirm":             true,
		"They didn’t comment":            true,
		"they didnt comment":             true,
		"Officials can't say":            true,
		"The reports remain unconfirmed": true,
		"Troops were sent":               false,
		"Korea's envoy spoke":            false,
		"knotty nobody":                  false,
	} {
		if got := Negated(in); got != want {
			t.Errorf("Negated(%q) = %v; want %v", in, got, want)
		}
	}
}
