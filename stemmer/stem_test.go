package stemmer

import "testing"

func TestAmericanize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"criticised", "criticized"},
		{"criticising", "criticizing"},
		{"mobilise", "mobilize"},
		{"organisation", "organization"},
		{"rumours", "rumors"},
		{"rumour", "rumor"},
		{"neighbouring", "neighboring"},
		{"analysed", "analyzed"},
		{"centre", "center"},
		{"defence", "defense"},
		{"licence", "license"},
		// words that must stay as they are
		{"four", "four"},
		{"hour", "hour"},
		{"your", "your"},
		{"rise", "rise"},
		{"wise", "wise"},
		{"tre", "tre"},
		{"criticized", "criticized"},
	} {
		if got := americanize(tt.in); got != tt.want {
			t.Errorf("americanize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSpellingVariantsShareAStem(t *testing.T) {
	for _, pair := range [][2]string{
		{"criticised", "criticized"}, {"rumours", "rumors"}, {"mobilise", "mobilize"},
		{"defence", "defense"}, {"analysed", "analyzed"}, {"organisation", "organization"},
	} {
		if a, b := Word(pair[0]), Word(pair[1]); a != b {
			t.Errorf("Word(%q) = %q, Word(%q) = %q; want one stem", pair[0], a, pair[1], b)
		}
	}
}

func TestIrregularVerbs(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"sent", "send"}, {"sending", "send"}, {"spoke", "speak"}, {"told", "tell"}, {"withdrew", "withdraw"},
		{"blew", "blow"}, {"torn", "tear"}, {"stolen", "steal"}, {"taught", "teach"}, {"underwent", "undergo"},
	} {
		if got := Word(tt.in); got != tt.want {
			t.Errorf("Word(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	// "the Fed" is no past of "feed".
	for _, tt := range []struct{ in, want string }{{"fed", "fed"}} {
		if got := Word(tt.in); got != tt.want {
			t.Errorf("Word(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
