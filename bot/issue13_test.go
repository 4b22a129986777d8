package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/answer"
)

// TestE2ERefusedHasNoSourcesButton: a refusal ("The coverage does not
// say.") has no passages to show, so it goes out without the Sources
// button; the feedback buttons stay, and a cited answer keeps all three.
func TestE2ERefusedHasNoSourcesButton(t *testing.T) {
	t.Parallel()
	asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		if strings.Contains(req.Question, "weather") {
			return &answer.Answer{Question: req.Question, Text: "The coverage does not say.", Refused: true,
				Mode: answer.ModeLLM, Hits: cannedAnswer(req.Question).Hits}, nil
		}
		return cannedAnswer(req.Question), nil
	}}
	h := newHarness(t, asker, Options{})
	for _, tt := range []struct {
		id, question string
		sources      bool
	}{
		{"1300", "What will the weather be tomorrow?", false},
		{"1301", "Why did the ferries stop?", true},
	} {
		t.Run(tt.question, func(t *testing.T) {
			h.slash(tt.id, plain, "ask", str("question", tt.question))
			body := string(h.waitOriginal(tt.id).Body)
			if got := strings.Contains(body, `"custom_id":"nb:src:`+tt.id+`"`); got != tt.sources {
				t.Errorf("Sources button shown = %v; want %v: %s", got, tt.sources, body)
			}
			for _, b := range []string{"nb:up:" + tt.id, "nb:down:" + tt.id} {
				if !strings.Contains(body, b) {
					t.Errorf("final message lacks the %s button: %s", b, body)
				}
			}
		})
	}
}
