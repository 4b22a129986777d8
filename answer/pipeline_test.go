package answer

import (
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// TestEveryKindFallsBack: a question, a summary, a comparison and a
// question that becomes one all take run's path when the model fails
// midway: the extractive answer, marked with the reason, reaches OnDelta
// whole as the last delta; with NoFallback the error names the task.
func TestEveryKindFallsBack(t *testing.T) {
	fail := func() *fakeModel {
		return &fakeModel{reply: func(ChatRequest) ([]string, error) {
			return []string{"South Korea's"}, &ModelError{Host: "llm.example", Status: 503, Err: errors.New("overloaded")}
		}}
	}
	for _, tt := range []struct {
		name, what string
		do         func(a *Answerer, onDelta func(string) error) (*Answer, error)
	}{
		{"ask", "answer ", func(a *Answerer, onDelta func(string) error) (*Answer, error) {
			return a.Ask(t.Context(), Request{Question: "What did the Kremlin say about the reports?", OnDelta: onDelta})
		}},
		{"ask compare", "compare ", func(a *Answerer, onDelta func(string) error) (*Answer, error) {
			return a.Ask(t.Context(), Request{Question: "Do all the outlets give the same troop numbers?", OnDelta: onDelta})
		}},
		{"summary", "summarise ", func(a *Answerer, onDelta func(string) error) (*Answer, error) {
			return a.Summary(t.Context(), SummaryRequest{OnDelta: onDelta})
		}},
		{"compare", "compare ", func(a *Answerer, onDelta func(string) error) (*Answer, error) {
			return a.CompareAnswer(t.Context(), CompareRequest{Topic: "troop numbers", OnDelta: onDelta})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeSearch{hits: hitsOf(pYonhap, pKyiv, pAP)}
			var deltas []string
			ans, err := tt.do(New(s, fail(), Options{Logger: slog.New(slog.DiscardHandler)}), func(d string) error {
				deltas = append(deltas, d)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Mode != ModeExtractive || ans.Fallback != "status 503 from llm.example" || ans.Model != "" || ans.Text == "" {
				t.Errorf("mode/fallback/model/text = %s/%q/%q/%q", ans.Mode, ans.Fallback, ans.Model, ans.Text)
			}
			if len(deltas) == 0 || deltas[len(deltas)-1] != ans.Text {
				t.Errorf("deltas %q; want the whole extractive text last", deltas)
			}
			_, err = tt.do(New(s, fail(), Options{NoFallback: true}), nil)
			if me, ok := errors.AsType[*ModelError](err); !ok || me.Status != 503 || !strings.HasPrefix(err.Error(), tt.what) {
				t.Errorf("NoFallback err = %v; want the 503 ModelError after %q", err, tt.what)
			}
		})
	}
}

// TestSummaryFallbackNotKept: a summary made because the model failed is
// not cached; the next request asks the model again.
func TestSummaryFallbackNotKept(t *testing.T) {
	calls := 0
	m := &fakeModel{reply: func(ChatRequest) ([]string, error) {
		calls++
		if calls == 1 {
			return nil, &ModelError{Host: "llm.example", Status: 503, Err: errors.New("overloaded")}
		}
		return []string{"The spy agency said 12,000 troops [1]."}, nil
	}}
	a := New(&fakeSearch{hits: hitsOf(pYonhap)}, m, Options{Logger: slog.New(slog.DiscardHandler)})
	first, err := a.Summary(t.Context(), SummaryRequest{})
	if err != nil || first.Fallback == "" {
		t.Fatalf("first = %+v, %v; want the extractive fallback", first, err)
	}
	second, err := a.Summary(t.Context(), SummaryRequest{})
	if err != nil || second.Cached || second.Mode != ModeLLM || m.calls() != 2 {
		t.Fatalf("second = %+v, %v after %d calls; want a fresh model summary", second, err, m.calls())
	}
	third, err := a.Summary(t.Context(), SummaryRequest{})
	if err != nil || !third.Cached || m.calls() != 2 {
		t.Fatalf("third = %+v, %v after %d calls; want the cached model summary", third, err, m.calls())
	}
}

// TestCompareDefusesMentions: a comparison's text, its Answer and each
// outlet's quoted points carry no live mention.
func TestCompareDefusesMentions(t *testing.T) {
	p := corpus.Passage{ID: "x#0", ArticleID: "x", Title: "Troops", Outlet: "X",
		Text: "@everyone The envoy said 11,000 regular troops were sent to Russia. <@&123> The spy agency said 12,000 troops were sent."}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	c, err := a.Compare(t.Context(), CompareRequest{Topic: "troops sent to Russia"})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{c.Text}
	for _, o := range c.Outlets {
		for _, pt := range o.Points {
			texts = append(texts, pt.Text)
		}
	}
	if len(texts) < 2 {
		t.Fatalf("comparison = %+v; want quoted points", c)
	}
	for _, s := range texts {
		if liveMentionRE.MatchString(s) {
			t.Errorf("live mention in %q", s)
		}
	}
	if !strings.Contains(c.Text, "\uff20everyone") && !strings.Contains(c.Text, "<\uff20&123>") {
		t.Errorf("text %q; want the mention shown defused", c.Text)
	}
}
