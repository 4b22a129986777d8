package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/bot/internal/fakediscord"
)

// syncBuffer is a log sink safe for the bot's many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func bufLogger(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// isFinalEdit: a PATCH of interaction id's original response carrying the
// answer (its Sources button) or a closing message.
func isFinalEdit(c fakediscord.Call, id string) bool {
	return c.Method == "PATCH" && strings.Contains(c.Path, "/tok-"+id+"/messages/@original") && final(c)
}

// TestDiscordRESTFaults: Discord answers an edit with a 429 (with
// retry_after), a 502 HTML page from its edge, a 500, or a 404 Unknown
// Webhook (the 15-minute interaction token expired). The bot gets the
// answer through where Discord lets it, logs what it cannot deliver, and
// keeps serving the next user.
func TestDiscordRESTFaults(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		status int
		times  int    // failures injected, on the answer's final edit
		want   string // what the user finally sees ("" = nothing can be delivered)
		log    string // what the log must say
	}{
		{"429 with retry_after is waited out", 429, 2, "[1]", ""},
		{"502 HTML from the edge is retried", 502, 2, "[1]", ""},
		{"500 on the final edit ends with a message", 500, 1, msgFailed, "send answer"},
		{"expired token: 404 Unknown Webhook on every edit", 404, 1 << 30, "", "Unknown Webhook"},
		{"503 on every streamed edit", 503, 1 << 30, "[1]", "streamed edit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			streamFail := tt.status == 503
			asker := &fakeAsker{}
			if streamFail {
				asker.delay = 10 * time.Millisecond // long enough to stream a few edits
			}
			h := newHarness(t, asker, Options{Logger: bufLogger(&logs)})
			h.fd.RetryAfter = 0.05
			var mu sync.Mutex
			failed := 0
			h.fd.Fail = func(c fakediscord.Call) int {
				mu.Lock()
				defer mu.Unlock()
				if !strings.Contains(c.Path, "/tok-800/") || c.Method != "PATCH" {
					return 0
				}
				// The expired token fails every edit; the others only the
				// final one (the one with the Sources button).
				final := strings.Contains(string(c.Body), "nb:src:")
				if streamFail && (final || !strings.Contains(string(c.Body), "writing…")) {
					return 0
				}
				if !streamFail && tt.status != 404 && !final {
					return 0
				}
				if failed < tt.times {
					failed++
					return tt.status
				}
				return 0
			}
			h.slash("800", plain, "ask", str("question", "Why did the ferries stop?"))
			if tt.want != "" {
				fin := h.waitOriginal("800")
				if content, _ := fin.JSON()["content"].(string); !strings.Contains(content, tt.want) {
					t.Errorf("user saw %q; want %q", content, tt.want)
				}
			} else {
				h.fd.WaitFor(wait, "the failed final edit", func(calls []fakediscord.Call) bool {
					n := 0
					for _, c := range calls {
						if c.Status == 404 && isFinalEdit(c, "800") {
							n++
						}
					}
					return n >= 2 // the answer, then the error message: both refused
				})
			}
			mu.Lock()
			if failed == 0 {
				t.Errorf("no %d was injected", tt.status)
			}
			mu.Unlock()
			// Another user is served as usual: nothing is stuck.
			h.slash("801", member{id: "200000000000000077"}, "ask", str("question", "How many passengers?"))
			if fin := h.waitOriginal("801"); !strings.Contains(string(fin.Body), "[1]") {
				t.Errorf("next user got %s", fin.Body)
			}
			if tt.log != "" {
				deadline := time.Now().Add(wait)
				for !strings.Contains(logs.String(), tt.log) && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				if l := logs.String(); !strings.Contains(l, tt.log) || (!streamFail && !strings.Contains(l, "answer_id=800")) {
					t.Errorf("log lacks %q for answer 800:\n%s", tt.log, l)
				}
			}
			// Nothing in flight is left behind.
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			if err := h.b.Shutdown(ctx); err != nil {
				t.Errorf("Shutdown: %v", err)
			}
		})
	}
}

// TestGatewayResume: the gateway connection drops (network) and later
// Discord asks for a reconnect (op 7); the session resumes each time, an
// answer in flight is still delivered over REST, and questions that come
// after the resume are answered.
func TestGatewayResume(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		if strings.Contains(req.Question, "slow") {
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return cannedAnswer(req.Question), nil
	}}
	h := newHarness(t, asker, Options{})
	h.slash("810", plain, "ask", str("question", "slow question about ferries"))
	h.waitCallback("810")

	h.fd.DropGateway()
	h.fd.WaitConnected(wait)
	if n := h.fd.Resumes(); n != 1 {
		t.Fatalf("%d resumes after the drop; want 1", n)
	}
	h.slash("811", member{id: "200000000000000078"}, "ask", str("question", "ferries after the drop?"))
	if fin := h.waitOriginal("811"); !strings.Contains(string(fin.Body), "[1]") {
		t.Errorf("after resume: %s", fin.Body)
	}
	close(release)
	if fin := h.waitOriginal("810"); !strings.Contains(string(fin.Body), "[1]") {
		t.Errorf("answer in flight across the drop: %s", fin.Body)
	}

	h.fd.RequestReconnect()
	h.fd.WaitConnected(wait)
	if n := h.fd.Resumes(); n != 2 {
		t.Fatalf("%d resumes after op 7; want 2", n)
	}
	h.slash("812", member{id: "200000000000000079"}, "ask", str("question", "ferries after op 7?"))
	if fin := h.waitOriginal("812"); !strings.Contains(string(fin.Body), "[1]") {
		t.Errorf("after op 7: %s", fin.Body)
	}
	if ids := h.fd.Identifies(); len(ids) != 1 {
		t.Errorf("%d identifies; want 1 (resumed, not a new session)", len(ids))
	}
}

// TestStoreFailure: the answer log fails (disk full, file gone): the user
// still gets the answer, the failure is logged with the answer id, and
// the bot goes on.
func TestStoreFailure(t *testing.T) {
	var logs syncBuffer
	rec := &recorder{}
	st := &failingStore{err: fmt.Errorf("answer log /data/answers.db: put x: write /data/answers.db: no space left on device")}
	b := New(rec, &fakeAsker{}, st, Options{Logger: bufLogger(&logs)})
	b.HandleInteraction(askInteraction("i1", "u1", "ferries?"))
	calls := rec.all()
	if last := calls[len(calls)-1]; !strings.Contains(last.Content, "[1]") || isStreamed(last) {
		t.Errorf("last call %+v; want the answer", last)
	}
	if l := logs.String(); !strings.Contains(l, "no space left on device") || !strings.Contains(l, "answer_id=i1") ||
		!strings.Contains(l, "/data/answers.db") {
		t.Errorf("log lacks the store failure:\n%s", l)
	}
	b.HandleInteraction(askInteraction("i2", "u2", "ferries?"))
	if c := rec.all(); !strings.Contains(c[len(c)-1].Content, "[1]") {
		t.Errorf("second answer: %+v", c[len(c)-1])
	}
}

// failingStore is an answer log whose every call fails.
type failingStore struct{ err error }

func (f *failingStore) Put(context.Context, *answerlog.Record) error { return f.err }
func (f *failingStore) Get(context.Context, string) (*answerlog.Record, error) {
	return nil, f.err
}
func (f *failingStore) ByMessage(context.Context, string) (*answerlog.Record, error) {
	return nil, f.err
}
func (f *failingStore) Feedback(context.Context, string, string, bool) (*answerlog.Record, error) {
	return nil, f.err
}

// TestGatewayZombie: the gateway stops acknowledging heartbeats while the
// connection stays open; the session notices, reconnects and resumes, and
// the next question is answered.
func TestGatewayZombie(t *testing.T) {
	t.Parallel()
	h := newHarness(t, &fakeAsker{}, Options{})
	h.fd.SetHeartbeat(50 * time.Millisecond)
	h.fd.DropGateway() // reconnect, now with the short heartbeat
	h.fd.WaitConnected(wait)
	before := h.fd.Resumes()
	h.fd.SetHeartbeat(0) // the replacement connection beats at the usual pace, so load cannot trip it
	h.fd.StopAcking()
	h.fd.WaitConnected(wait)
	if n := h.fd.Resumes(); n <= before {
		t.Fatalf("%d resumes after the heartbeats stopped; want more than %d", n, before)
	}
	h.slash("820", plain, "ask", str("question", "ferries after a zombie gateway?"))
	if fin := h.waitOriginal("820"); !strings.Contains(string(fin.Body), "[1]") {
		t.Errorf("after the zombie: %s", fin.Body)
	}
}
