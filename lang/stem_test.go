package lang

import (
	"slices"
	"testing"
)

func TestStemFolds(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"soldiers", "troops"},
		{"ambassador", "envoy"},
		{"representative", "diplomat"},
		{"alleged", "accused"},
		{"claims", "allegations"},
		{"dispatched", "deployed"},
		{"sent", "sending"},
		{"spies", "intelligence"},
		{"refused", "declined"},
		{"rejected", "denied"},
		{"dismissed", "denies"},
		{"baseless", "groundless"},
		{"unfounded", "baseless"},
		{"phone", "telephone"},
		{"latest", "recent"},
		{"purchase", "bought"},
		{"acquired", "buys"},
		{"spoke", "speaking"},
		{"criticised", "criticized"},
		{"korean", "korea"},
		{"americans", "usa"},
		{"legislators", "lawmakers"},
		{"feb", "february"},
		{"sept", "september"},
		{"dec", "december"},
	} {
		if sa, sb := Stem(tt.a), Stem(tt.b); sa != sb {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want equal", tt.a, sa, tt.b, sb)
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"troops", "envoy"}, {"holding", "stake"}, {"may", "mayor"}, {"mar", "march"}, {"china", "chain"}, {"claim", "deny"},
	} {
		if Stem(tt.a) == Stem(tt.b) {
			t.Errorf("Stem(%q) == Stem(%q) = %q; want different", tt.a, tt.b, Stem(tt.a))
		}
	}
}

func TestStemNumbers(t *testing.T) {
	for _, n := range []string{"12000", "1.5", "2024"} {
		if got := Stem(n); got != n {
			t.Errorf("Stem(%q) = %q; want it unchanged", n, got)
		}
	}
}

func TestBaseStemAndSynonyms(t *testing.T) {
	if got := BaseStem("korean"); got != "korean" {
		t.Errorf("BaseStem(korean) = %q; want korean", got)
	}
	if got := BaseStem("soldiers"); got != "soldier" {
		t.Errorf("BaseStem(soldiers) = %q; want soldier", got)
	}
	syn := Synonyms()
	if syn["soldier"] != "troop" {
		t.Errorf("Synonyms()[soldier] = %q; want troop", syn["soldier"])
	}
	syn["soldier"] = "x"
	if Stem("soldier") != "troop" {
		t.Error("Synonyms returned the table itself, not a copy")
	}
}

func TestTerms(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"How many soldiers were sent?", []string{"troop", "send"}},
		{"Tell me about the South Korean envoy's claims", []string{"south", "korea", "envoy", "claim"}},
		{"Is there anything quoted in the coverage about 12,000 troops?", []string{"12000", "troop"}},
		{"what did the ambassador say pls", []string{"envoy"}},
		{"the of and", nil},
	} {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsStop(t *testing.T) {
	for w, want := range map[string]bool{
		"the": true, "how": true, "many": true, "tell": true, "about": true, "say": true, "quoted": true,
		"coverage": true, "is": true, "there": true, "anything": true, "any": true, "info": true, "know": true,
		"pls": true, "troops": false, "korea": false, "envoy": false, "12000": false, "us": true, "usa": false,
		"guy": true, "folks": true, "father": false, "besides": true, "else": true, "still": true, "spill": false, "non": true,
		"anyone": true, "wondering": true, "ll": true, "roughly": true, "deal": false, "total": false,
		"vs": true, "versus": true, "real": true, "estate": false, "never": true,
	} {
		if got := IsStop(w); got != want {
			t.Errorf("IsStop(%q) = %v; want %v", w, got, want)
		}
	}
}
