package answer_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/fakeopenai"
	"github.com/newsbot/newsbot/retrieval"
)

// These tests use only the package's exported API (answer is still being
// finished), so they hold whatever its internals become.

const chatKey = "sk-chat-SECRET-77"

// oneHit is a Searcher that always finds the same passage.
type oneHit struct{}

var strikePassage = func() corpus.Passage {
	text := "Dock workers at Port Ellis walked out on Monday in a dispute over pay. The union said 2,400 workers joined the strike."
	return corpus.Passage{ID: "port-strike#0", ArticleID: "port-strike", Title: "Dock workers strike at Port Ellis",
		Outlet: "Coastal Herald", Published: time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), Text: text, End: len(text),
		Sentences: corpus.Sentences(text)}
}()

func (oneHit) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	return []retrieval.Hit{{Passage: strikePassage, Score: 0.03, DenseScore: 0.5, LexicalScore: 4, DenseRank: 1, LexicalRank: 1}}, nil
}

// good is the model's answer to the strike question, cited.
var good = []string{"The union said 2,400 workers joined the strike [1]."}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestAskEndpointFaults: every fault of the chat endpoint ends, within the
// question's deadline, in an answer (after retries), or in the marked
// extractive fallback whose reason names the host; retries are bounded and
// back off when the server gives no Retry-After.
func TestAskEndpointFaults(t *testing.T) {
	for _, tt := range []struct {
		name     string
		script   []fakeopenai.Step // per attempt; the last repeats
		llm      bool              // the model's answer, not the fallback
		requests int
	}{
		{"429 without Retry-After, then ok", []fakeopenai.Step{fakeopenai.Status(429, ""), fakeopenai.Status(429, ""), fakeopenai.OK}, true, 3},
		{"429 without Retry-After, always", []fakeopenai.Step{fakeopenai.Status(429, "")}, false, 3},
		{"500 always", []fakeopenai.Step{fakeopenai.Status(500, "")}, false, 3},
		{"200 with an HTML page", []fakeopenai.Step{fakeopenai.HTML(200)}, false, 1},
		{"SSE line that is not JSON", []fakeopenai.Step{fakeopenai.SSE(
			`data: {"choices":[{"index":0,"delta":{"content":"The union"},"finish_reason":null}]}`, `data: not json at all`)}, false, 1},
		{"SSE that stops without a finish", []fakeopenai.Step{fakeopenai.SSE(
			`data: {"choices":[{"index":0,"delta":{"content":"The union said"},"finish_reason":null}]}`)}, false, 1},
		{"empty 200", []fakeopenai.Step{func(*fakeopenai.Server, http.ResponseWriter, *fakeopenai.Request) {}}, false, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeopenai.Server{T: t, Key: chatKey, Reply: good, Script: tt.script}
				m := answer.NewOpenAI(answer.OpenAIOptions{BaseURL: "http://chat.invalid/v1", APIKey: chatKey, Timeout: 60 * time.Second,
					HTTPClient: f.Client(), Logger: quietLog()})
				ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
				defer cancel()
				start := time.Now()
				a, err := answer.New(oneHit{}, m, answer.Options{Logger: quietLog()}).Ask(ctx, answer.Request{Question: "How many workers joined the strike?"})
				if err != nil {
					t.Fatalf("Ask: %v", err)
				}
				reqs := f.Requests()
				if len(reqs) != tt.requests {
					t.Errorf("%d requests; want %d", len(reqs), tt.requests)
				}
				if tt.llm {
					if a.Mode != answer.ModeLLM || a.Fallback != "" || !strings.Contains(a.Text, "2,400") {
						t.Errorf("answer %+v; want the model's", a)
					}
				} else if a.Mode != answer.ModeExtractive || !strings.Contains(a.Fallback, "chat.invalid") || strings.Contains(a.Fallback, chatKey) {
					t.Errorf("mode %s fallback %q; want the extractive fallback naming the host", a.Mode, a.Fallback)
				}
				if len(reqs) >= 3 {
					if first, second := reqs[1].At.Sub(reqs[0].At), reqs[2].At.Sub(reqs[1].At); first <= 0 || second <= first {
						t.Errorf("waits %v then %v; want a backoff that grows", first, second)
					}
				}
				if d := time.Since(start); d > 90*time.Second {
					t.Errorf("took %v, past the deadline", d)
				}
			})
		})
	}
}

// TestAskConnectionRefused: nothing listens at the endpoint (a real closed
// port): the answer is the marked extractive fallback, after bounded
// retries.
func TestAskConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	m := answer.NewOpenAI(answer.OpenAIOptions{BaseURL: "http://" + addr + "/v1", APIKey: chatKey, RetryBase: time.Millisecond, Logger: quietLog()})
	a, err := answer.New(oneHit{}, m, answer.Options{Logger: quietLog()}).Ask(t.Context(), answer.Request{Question: "How many workers joined the strike?"})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if a.Mode != answer.ModeExtractive || !strings.Contains(a.Fallback, addr) || !strings.Contains(a.Text, "2,400") {
		t.Errorf("answer mode %s fallback %q text %q; want the extractive fallback naming %s", a.Mode, a.Fallback, a.Text, addr)
	}
	// With NoFallback the error is a clear *ModelError instead.
	_, err = answer.New(oneHit{}, m, answer.Options{NoFallback: true, Logger: quietLog()}).Ask(t.Context(), answer.Request{Question: "How many workers?"})
	var me *answer.ModelError
	if !errors.As(err, &me) || strings.Contains(err.Error(), chatKey) {
		t.Errorf("NoFallback err = %v; want a ModelError without the key", err)
	}
}

// promptModel records the prompts it is sent and answers with a citation.
type promptModel struct {
	mu      sync.Mutex
	prompts []string
}

func (p *promptModel) Stream(ctx context.Context, req answer.ChatRequest, fn func(string) error) error {
	var b strings.Builder
	for _, m := range req.Messages {
		b.WriteString(m.Content)
	}
	p.mu.Lock()
	p.prompts = append(p.prompts, b.String())
	p.mu.Unlock()
	return fn("The union said 2,400 workers joined the strike [1].")
}

// TestHostileQuestionText: questions that are empty, blank, huge, full of
// control, zero-width or right-to-left characters, or not UTF-8 at all,
// give ErrEmptyQuestion or an answer, never a panic, and the prompt the
// model sees is valid UTF-8 of bounded size.
func TestHostileQuestionText(t *testing.T) {
	for _, tt := range []struct {
		name, q string
		empty   bool
	}{
		{"empty", "", true},
		{"whitespace", " \t\n\u00a0\u2003 ", true},
		{"punctuation only", "?!… — ", true},
		{"10,000 ASCII characters", strings.Repeat("strike ", 1428) + "abcd", false},
		{"10,000 two-byte characters", "a" + strings.Repeat("é", 10000), false},
		{"four-byte characters among words", strings.Repeat("strike🚢 ", 1000), false},
		{"emoji only", strings.Repeat("🚢", 10000), true},
		{"control characters", "How many\x00 workers\x07 joined\x1b[31m the strike?\r\n", false},
		{"zero-width", "How\u200b many wor\u200dkers joined the str\ufeffike?", false},
		{"right-to-left", "\u202eHow many workers joined the strike? كم عدد العمال المضربين؟", false},
		{"invalid UTF-8", "How many \xff\xfe workers joined the strike?", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pm := &promptModel{}
			a, err := answer.New(oneHit{}, pm, answer.Options{Logger: quietLog()}).Ask(t.Context(), answer.Request{Question: tt.q})
			if tt.empty {
				if !errors.Is(err, answer.ErrEmptyQuestion) {
					t.Errorf("err = %v; want ErrEmptyQuestion", err)
				}
				return
			}
			if err != nil || a == nil {
				t.Fatalf("Ask: %v", err)
			}
			for _, p := range pm.prompts {
				// Ask cuts a long question at 2,000 bytes: at a character
				// boundary (clip), never inside a character.
				if utf8.ValidString(tt.q) && !utf8.ValidString(p) {
					t.Errorf("prompt is not valid UTF-8 (a character cut in two?): ...%q", p[max(0, len(p)-300):])
				}
				if len(p) > 20000 {
					t.Errorf("prompt of %d bytes for a %d-byte question", len(p), len(tt.q))
				}
			}
		})
	}
}
