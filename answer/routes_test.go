package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

func TestOutletFacts(t *testing.T) {
	ps := []corpus.Passage{
		{ID: "a#0", ArticleID: "a", Outlet: "AP", Title: "Strike ends at the plant", Text: "The strike ended on Monday."},
		{ID: "b#0", ArticleID: "b", Outlet: "112.ua", Title: "Kyiv hears of the strike", Text: "Workers went back on Tuesday."},
	}
	a := New(&fakeSearch{hits: hitsOf(ps...)}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	tests := []struct {
		q    string
		want []string
	}{
		{"What headline did AP put on its story?", []string{"AP"}},
		{"when did 112.ua publish its article", []string{"112.ua"}},
		{"what did ap title its piece", []string{"AP"}},
		{"what date is on the top of the ap piece", []string{"AP"}}, // the dateline at the top: its date
		{"what did ap say about the strike", nil},                   // a question about the news, not the article
		{"who wrote the ap article", nil},                           // no author in the metadata: not this route
		{"what headline did reuters use", nil},                      // an outlet the coverage does not hold
		{"when did the strike at the plant end", nil},               // no outlet named
	}
	for _, tt := range tests {
		if got := outletFacts(tt.q, hitsOf(ps...)); !slices.Equal(got, tt.want) {
			t.Errorf("outletFacts(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	// Typed in chat shorthand, the question takes the same route.
	for _, q := range []string{"What headline did AP put on its story?", "wat headline did ap put on its story"} {
		ans, err := a.Ask(context.Background(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ans.Text, `"Strike ends at the plant"`) || strings.Contains(ans.Text, "Kyiv") || len(ans.Citations) != 1 || ans.Reason.Code != ReasonMetadata {
			t.Errorf("%q: answer = %q (%d citations, %s); want AP's headline alone, cited", q, ans.Text, len(ans.Citations), ans.Reason.Code)
		}
	}
}

func TestContainment(t *testing.T) {
	whole := terms(`"We feel no need to comment on such groundless rumors aimed at smearing the image of the DPRK," the envoy said at the committee in New York.`)
	retold := terms(`Seoul's claims were "aimed at smearing the image of the DPRK," the envoy told the meeting.`)
	other := terms(`Seoul's spy agency said 1,500 special forces were already training in the Far East.`)
	if c := containment(whole, retold); c < sameContent {
		t.Errorf("a retold half of a quote: containment %.2f, want >= %.2f (the same point)", c, sameContent)
	}
	if c := containment(whole, other); c >= sameContent {
		t.Errorf("another point: containment %.2f, want < %.2f", c, sameContent)
	}
}

// TestPreModelKind: before a chat model, a question whose kind of answer
// no passage gives at all is turned away; one whose passages give it goes
// on to the model, however loosely its words match.
func TestPreModelKind(t *testing.T) {
	a := New(&fakeSearch{}, nil, Options{})
	hits := hitsOf(pAP, pKyiv, pYonhap)
	for _, tt := range []struct {
		q    string
		pass bool
	}{
		{"How old are the North Korean soldiers being sent?", false}, // no age anywhere
		{"How many soldiers were sent to Vladivostok?", true},
		{"how many troops did the envoy say", true},
	} {
		d := a.judge(context.Background(), tt.q, hits, DefaultModelMinRelevance, false)
		if got := d.lead >= 0; got != tt.pass {
			t.Errorf("%q: passed to the model %v, want %v (%s: %s)", tt.q, got, tt.pass, d.reason.Code, d.reason.Text)
		}
	}
}

// TestCaptionAnswersPhotoQuestions: a caption stands for its photo, with
// its credit, and a question about a photo prefers it.
func TestCaptionAnswersPhotoQuestions(t *testing.T) {
	p := corpus.Passage{ID: "harbour#0", ArticleID: "harbour", Outlet: "Harbour Gazette", Title: "Tram line approved",
		Text: corpus.CaptionPrefix + "Workers lay tracks in the harbour district (Jane Doe/Reuters)\n\nThe council approved the tram line on Tuesday after workers laid test tracks in the district."}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	ans, err := a.Ask(context.Background(), Request{Question: "who took the photo of the workers laying tracks"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || !strings.HasPrefix(ans.Text, corpus.CaptionPrefix) || !strings.Contains(ans.Text, "Jane Doe") {
		t.Errorf("answer = %q (%s); want the caption with its credit first", ans.Text, ans.Reason.Text)
	}
	q := "photo of workers laying tracks"
	for _, s := range rankSentences(readQuestion(q), questionTerms(q, newIDF([]string{p.Text}), nil), hitsOf(p), nil) {
		if strings.HasPrefix(s.text, corpus.CaptionPrefix) && s.coverage < 1 {
			t.Errorf("the caption holds %.2f of %q; want all: a caption is about a photo", s.coverage, q)
		}
	}
}
