package lang

import "testing"

func TestFold(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"US forms", "The U.S. and the United States of America, US troops", "the usa and the usa, usa troops"},
		{"pronoun us", "He told us", "he told us"},
		{"America", "America and Americans", "usa and usa"},
		{"Latin America stays", "Latin America and South American states", "latin america and south american states"},
		{"UN", "the U.N. and the United Nations and the UN", "the un and the un and the un"},
		{"UK and EU", "Britain, the U.K., the European Union and the EU", "uk, the uk, the eu and the eu"},
		{"CEO", "its chief executive officer, the CEO", "its ceo, the ceo"},
		{"titles abbreviated", "Gov. Price Daniel met Lt. Col. Ray and Supt. Smith. A gov. and a Gen Z", "governor price daniel met lieutenant colonel ray and superintendent smith. a gov. and a gen z"},
		{"demonyms", "South Korean and Russian troops", "south korea and russia troops"},
		{"American demonym", "an american envoy", "an usa envoy"},
		{"quotes and dashes", "“Troops”—sent", `"troops"-sent`},
		{"NFKC", "ﬁve\u00a0km", "five km"},
		{"thousands", "12,000 and 1,000,000", "12000 and 1000000"},
		{"possessive", "Korea's troops", "korea troops"},
		{"not inside words", "Cambodian ukulele", "cambodia ukulele"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDemonym(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"korean", "korea", true}, {"americans", "usa", true}, {"british", "uk", true}, {"korea", "", false},
	} {
		if got, ok := Demonym(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Demonym(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
