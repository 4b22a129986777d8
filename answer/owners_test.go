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

func TestOtherPossessor(t *testing.T) {
	asked := possessions(reQuestionPossessive, "wat is union oil's posted price for west texas sour now")
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"The decrease brings Marathon's posted price for West Texas Sour to 16.50 dlrs a bbl.", true},
		{"Union Oil's posted price for West Texas Sour is now 16 dlrs.", false},          // the owner asked
		{"Marathon's posted price fell, and Union Oil matched it.", false},               // names the owner asked too
		{"Marathon's chief executive said the cut would stick.", false},                  // another thing Marathon has
		{"The company's posted price for West Texas Sour is 16 dlrs.", false},            // "the company" may be theirs
		{"Marathon said its posted price for West Texas Sour is 16.50 dlrs.", false},     // no possessive name
		{"Phillips Petroleum Co's posted prices were cut by 1.50 dlrs on Friday.", true}, // plural of the thing asked
		{"Seoul's posted price means nothing here.", true},                               // any other name
	} {
		if got := otherPossessor(asked, tt.s, terms(tt.s)); got != tt.want {
			t.Errorf("otherPossessor(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	if got := possessions(reQuestionPossessive, "what's the latest? who's in charge? it's late"); len(got) != 0 {
		t.Errorf("possessions of contractions = %v, want none", got)
	}
	seoul := possessions(reQuestionPossessive, "what did south korea's spy agency say")
	if s := "Seoul's spy agency said 1,500 had left."; otherPossessor(seoul, s, terms(s)) {
		t.Error("Seoul's spy agency read as another owner than South Korea's")
	}
}

// TestAnswerFromTheRightOwner: "union oil's posted price" is not led by
// Marathon's.
func TestAnswerFromTheRightOwner(t *testing.T) {
	p := corpus.Passage{ID: "oil#0", ArticleID: "oil", Outlet: "Wire", Title: "Union Oil cuts crude postings",
		Text: `Union Oil Co said it lowered its crude postings on Friday. The decrease brings Marathon's posted price for West Texas Intermediate to 16.50 dlrs a bbl. Union said the cut brings its posted price for West Texas Intermediate to 16 dlrs.`}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	ans, err := a.Ask(context.Background(), Request{Question: "wat is union oil's posted price for west texas intermediate"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || !strings.Contains(ans.Text, "16 dlrs") || strings.Contains(ans.Text, "Marathon") {
		t.Errorf("answer = %q (%s); want Union's price only", ans.Text, ans.Reason.Text)
	}
}
