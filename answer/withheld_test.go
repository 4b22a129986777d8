package answer

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
)

func TestWithheld(t *testing.T) {
	for _, tt := range []struct {
		q, s string
		want bool
	}{
		{"why did the director quit", "It gave no reason.", true},
		{"why did the director quit", "He did not say why he left.", true},
		{"why did the director quit", "He left because of ill health.", false},
		{"when did the director quit", "It gave no reason.", false},
		{"how much did they pay for the nursery", "It bought the nursery for undisclosed terms.", true},
		{"how much did they pay for the nursery", "The price was not disclosed.", true},
		{"how much did they pay for the nursery", "It bought the nursery for 3 mln dlrs.", false},
		{"how is the country going to cover the deficit", "He did not say how the shortfall would be covered.", true},
		{"how is the country going to cover the deficit", "He did not say when the budget would pass.", false},
		{"when will the plant reopen", "The company did not say when the plant would reopen.", true},
		{"when will the plant reopen", "No date has been set for the reopening.", true},
		{"where is the plant", "The company did not say when the plant would reopen.", false},
		{"who is the buyer", "The company declined to identify the buyer.", false}, // "identify the buyer" names no question word
		{"who is the buyer", "The seller would not say who the buyer was.", true},
		{"how big were the adjustments", "The sale is subject to adjustments, which it did not explain.", true},
		// What "which it did not explain" withholds is the thing before
		// it: the adjustments, not the price of the sale.
		{"what did it get for its pipeline units", "The sale is subject to adjustments, which it did not explain.", false},
		{"what did the company say", "It gave no reason.", false},
	} {
		q := readQuestion(lang.Expand(tt.q))
		if got := withheld(q, tt.s); got != tt.want {
			t.Errorf("withheld(%q [%s], %q) = %v; want %v", tt.q, q.Kind, tt.s, got, tt.want)
		}
	}
}

// TestWithheldRefuses: when the story says it does not give the answer,
// the answer is a refusal that quotes that statement as its reason, not
// the statement passed off as an answer or another figure in its place.
func TestWithheldRefuses(t *testing.T) {
	ps := []corpus.Passage{
		{ID: "n#0", ArticleID: "n", Outlet: "Wire", Title: "Nursery group buys Heinl's", Text: "American Nursery Products said it purchased Heinl's Nursery for undisclosed terms. Heinl's has sales of about 4.5 mln dlrs."},
		{ID: "p#0", ArticleID: "p", Outlet: "Wire", Title: "Penril director resigns", Text: "Penril said director Clifford Alexander has resigned from the board. It gave no reason."},
	}
	a := New(&fakeSearch{hits: hitsOf(ps...)}, nil, Options{})
	for _, q := range []string{"how much did american nursery pay for heinl's", "why did clifford alexander quit penril's board"} {
		ans, err := a.Ask(t.Context(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Refused || ans.Reason.Code != ReasonNoKind || !strings.Contains(ans.Reason.Text, "does not give") {
			t.Errorf("%q: answer %q (%s); want a refusal saying the story does not give it", q, ans.Text, ans.Reason)
		}
	}
	ans, err := a.Ask(t.Context(), Request{Question: "who resigned from penril's board"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused {
		t.Errorf("who resigned: refused (%s); the same passage answers it", ans.Reason)
	}
}

func TestPending(t *testing.T) {
	x := newIDF([]string{"Shareholders will vote on the merger.", "The board approved the merger."})
	for _, tt := range []struct {
		q, s string
		want bool
	}{
		{"did the shareholders approve the merger at the march 31 meeting", "Shareholders will vote on the proposed merger at a special meeting on March 31.", true},
		{"did the shareholders approve the merger", "Shareholders approved the merger on Monday.", false},
		{"did the company say it will sell the unit", "The company said it will sell the unit.", false}, // asks what was said
		{"will shareholders vote on the merger", "Shareholders will vote on the proposed merger.", false},
		{"did the shareholders approve the merger", "The prospectus will be mailed to holders tomorrow.", false},
		// How many there are now, over a figure still to come.
		{"how many volumes does the library have right now", "The library will reach its goal of 100,000 volumes by 1965.", true},
		{"how many volumes does the library have right now", "The library now holds 60,000 volumes.", false},
		{"how many volumes will the library have", "The library will reach its goal of 100,000 volumes by 1965.", false},
		// How something past came out, over a story written before it.
		{"what did the deputy ministers decide at the meeting", "Deputy ministers will meet in Bahrain today to discuss marketing.", true},
		{"what did the deputy ministers decide at the meeting", "The deputy ministers decided at the meeting to cut output.", false},
		{"what will the ministers discuss at the meeting", "Deputy ministers will meet in Bahrain today to discuss marketing.", false},
		// The meeting that would decide is to come, though the question
		// names none.
		{"what did the deputy ministers agree in Bahrain", "Deputy ministers will meet in Bahrain today to discuss marketing.", true},
		{"what did the ministers agree", "The ministers will sell more oil next month.", false},
		// A reported future with a time still to come; not the outcome
		// itself in reported speech.
		{"which bid did the committee pick", "The firm said a special committee would review the bids later today.", true},
		{"what did the ministers agree", "The ministers agreed they would help each other market their oil.", false},
	} {
		q := readQuestion(tt.q)
		if got := pending(q, tt.s, questionTerms(tt.q, x, nil)); got != tt.want {
			t.Errorf("pending(%q, %q) = %v; want %v", tt.q, tt.s, got, tt.want)
		}
	}
}

// TestPendingAfterTheLead: the sentence after the one that leads may be
// the one that says the outcome is still to come.
func TestPendingAfterTheLead(t *testing.T) {
	s1 := "Viacom said it received revised bids from Redstone and MCV."
	s2 := "A special committee of its board would review them later today."
	x := newIDF([]string{s1 + " " + s2, "Other news."})
	q := readQuestion("which bid did the committee pick")
	ts := questionTerms(q.Text, x, nil)
	ranked := []scored{{text: s1, next: s2, relevance: 0.9, coverage: 0.9, score: 1, carries: true,
		have: toSetSlice(terms(s1)), ctx: toSetSlice(terms(s1 + " " + s2))}}
	d := decide(q, ts, ranked, DefaultMinRelevance)
	if d.lead >= 0 || !strings.Contains(d.reason.Text, "still to come") {
		t.Errorf("decision %s; want a refusal: the review is still to come", d.reason)
	}
}

// TestYesNoModelAnswerSettles: a yes/no question goes to the model when a
// passage is close to it, and the sentence the model's yes or no rests on
// must settle it as an extractive answer's would: "did acme's shareholders
// approve the merger" is not answered by a sentence that only says they
// met.
func TestYesNoModelAnswerSettles(t *testing.T) {
	ps := []corpus.Passage{
		{ID: "a#0", ArticleID: "a", Title: "Acme vote", Outlet: "Wire", Text: "Acme Corp shareholders approved the merger with Zenith on Monday."},
		{ID: "b#0", ArticleID: "b", Title: "Acme staff", Outlet: "Wire", Text: "Acme said its staff met in March to talk about Zenith."},
	}
	q := "did acme shareholders approve the zenith merger"
	for _, tt := range []struct {
		reply    string
		withheld bool
	}{
		{"Acme said its staff met in March to talk about Zenith.", true},
		{"Acme Corp shareholders approved the merger with Zenith on Monday.", false},
	} {
		m := &fakeModel{reply: func(req ChatRequest) ([]string, error) { return []string{citing(req, tt.reply)}, nil }}
		a := New(&fakeSearch{hits: hitsOf(ps...)}, m, Options{})
		ans, err := a.Ask(t.Context(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if m.calls() == 0 {
			t.Fatalf("refused before the model (reason %s); want it sent", ans.Reason)
		}
		if got := ans.Refused && strings.Contains(ans.Reason.Text, "withheld"); got != tt.withheld {
			t.Errorf("model answer %q: withheld %v (reason %s); want %v", tt.reply, got, ans.Reason, tt.withheld)
		}
	}
}

// TestSayingNone: "did X say why…" is answered with what X said and the
// sentence saying X gave no reason, which follows it in its article.
func TestSayingNone(t *testing.T) {
	p := corpus.Passage{ID: "p#0", ArticleID: "p", Outlet: "Wire", Title: "Penril director resigns",
		Text: "Penril said director Clifford Alexander has resigned from the board. It gave no reason. Penril makes data equipment."}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"did penril say why clifford alexander resigned from the board", true},
		{"did penril say y alexander resigned from its board", true},
		{"did penril say who will replace clifford alexander on the board", false}, // no reason is not no successor
	} {
		ans, err := a.Ask(t.Context(), Request{Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(ans.Text, "It gave no reason."); got != tt.want {
			t.Errorf("%q: answer %q (%s); want it to quote the missing reason: %v", tt.q, ans.Text, ans.Reason, tt.want)
		}
	}
}
