package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

func TestOtherOwner(t *testing.T) {
	asked := titleOwners(terms("what did north korea's un envoy call the troop reports"))
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"In a separate UN Security Council meeting Monday, South Korean Ambassador to the UN Hwang Joon-kook called for a halt.", true},
		{"Russia's UN ambassador, Vasily Nebenzya, also rejected these claims, calling them absurd.", true},
		{"North Korea's representative to the United Nations dismissed the claims as baseless rumors.", false},
		{"The North Korean envoy refuted the accusations.", false},
		{"The envoy said the reports were groundless.", false},                              // no country named: may be theirs
		{"South Korea's envoy met North Korea's ambassador at the talks.", false},           // theirs is there too
		{"The South Korean foreign ministry summoned Russia's ambassador on Monday.", true}, // no North Korean title
	} {
		if got := otherOwner(asked, terms(tt.s)); got != tt.want {
			t.Errorf("otherOwner(%q) = %v, want %v (owners %v)", tt.s, got, tt.want, titleOwners(terms(tt.s)))
		}
	}
	if otherOwner(titleOwners(terms("what did the envoy say")), terms("South Korean Ambassador Hwang said no.")) {
		t.Error("a question that binds no title to a country found a conflict")
	}
}

// TestAnswerFromTheRightOfficial: "North Korea's envoy" is answered from
// the sentence about North Korea's envoy, not South Korea's.
func TestAnswerFromTheRightOfficial(t *testing.T) {
	p := corpus.Passage{ID: "un#0", ArticleID: "un", Outlet: "Wire", Title: "Envoys clash at the UN",
		Text: `South Korean Ambassador Hwang called the reports "a grave threat" at the council. North Korea's ambassador called the reports "groundless rumours" on Monday.`}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	ans, err := a.Ask(context.Background(), Request{Question: "what did north korea's ambassador call the reports"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || !strings.Contains(ans.Text, "groundless rumours") || strings.Contains(ans.Text, "grave threat") {
		t.Errorf("answer = %q (%s); want North Korea's words only", ans.Text, ans.Reason.Text)
	}
}
