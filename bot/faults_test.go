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

// TestDiscordRESTFaults: Discord answers the messages that carry an answer
// with a 429 (with retry_after), a 502 HTML page from its edge, a 500 or
// 503, no response at all, or a 404 Unknown Webhook (the 15-minute
// interaction token expired). A transient failure is retried with backoff
// (a 429 and the first 502s by discordgo itself, not again by the bot); an
// original response that cannot be edited gives way to a follow-up, a
// channel reply to a new reply. The user ends with the answer, never a
// false "the answering service failed"; only what Discord cannot take at
// all is lost, and logged. The next user is served as usual.
func TestDiscordRESTFaults(t *testing.T) {
	t.Parallel()
	const (
		original = "original" // the answer lands in the interaction's original response
		followup = "followup" // in a follow-up message
		reply    = "reply"    // in the channel reply to the question
		newReply = "new reply"
		nowhere  = "" // nowhere: Discord takes nothing
	)
	for _, tt := range []struct {
		name    string
		channel bool   // the question is a mention in a channel, not /ask
		status  int    // injected on the final message (the one with the Sources button)
		times   int    // failures injected
		also    string // also fail requests whose path contains this, every time
		want    string // where the answer ends up
		log     string // what the log must say ("" = nothing)
		nolog   string // what the log must not say
	}{
		{"429 with retry_after is waited out by discordgo", false, 429, 2, "", original, "", "retrying"},
		{"502 HTML from the edge is retried by discordgo", false, 502, 2, "", original, "", "retrying"},
		{"502 beyond discordgo's own retries is retried with backoff", false, 502, 6, "", original, "retrying", ""},
		{"500 on the final edit is retried", false, 500, 1, "", original, "retrying", msgFailed},
		{"503 three times on the final edit is retried", false, 503, 3, "", original, "retrying", msgFailed},
		{"no response to the final edit is retried", false, fakediscord.Drop, 2, "", original, "retrying", "tok-800"},
		{"500 on every edit: the answer comes as a follow-up", false, 500, 1 << 30, "", followup,
			"sending the answer as a follow-up", msgFailed},
		{"expired token: 404 Unknown Webhook on every edit and follow-up", false, 404, 1 << 30, "webhooks/" + fakediscord.AppID + "/tok-800", nowhere,
			"Unknown Webhook", ""},
		{"500 on the channel reply's final edit is retried", true, 500, 2, "", reply, "retrying", msgFailed},
		{"500 on every edit of the channel reply: a new reply", true, 500, 1 << 30, "", newReply,
			"sending the answer as a new reply", msgFailed},
		{"503 on every streamed edit", false, 503, 0, "", original, "streamed edit", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			streamFail := tt.times == 0
			asker := &fakeAsker{delay: 10 * time.Millisecond} // long enough to stream a few edits
			h := newHarness(t, asker, Options{Logger: bufLogger(&logs)})
			h.fd.RetryAfter = 0.05
			var mu sync.Mutex
			failed := 0
			h.fd.Fail = func(c fakediscord.Call) int {
				mu.Lock()
				defer mu.Unlock()
				if tt.also != "" && strings.Contains(c.Path, tt.also) && c.Method != "GET" {
					failed++
					return tt.status
				}
				ours := strings.Contains(c.Path, "/tok-800/") || strings.HasPrefix(c.Path, "channels/400/messages/")
				if !ours || c.Method != "PATCH" {
					return 0
				}
				final := strings.Contains(string(c.Body), "nb:src:")
				if streamFail {
					if !final && strings.Contains(string(c.Body), "writing…") {
						failed++
						return 503
					}
					return 0
				}
				if final && failed < tt.times {
					failed++
					return tt.status
				}
				return 0
			}
			if tt.channel {
				h.message("800", plain.id, "<@"+fakediscord.BotID+"> Why did the ferries stop?", true, "")
			} else {
				h.slash("800", plain, "ask", str("question", "Why did the ferries stop?"))
			}
			// Where did the answer land?
			landed := func(calls []fakediscord.Call) string {
				for _, c := range calls {
					if c.Status != 200 || !strings.Contains(string(c.Body), "nb:src:800") {
						continue
					}
					switch {
					case c.Method == "PATCH" && strings.HasSuffix(c.Path, "/tok-800/messages/@original"):
						return original
					case c.Method == "POST" && strings.HasSuffix(c.Path, "/tok-800"):
						return followup
					case c.Method == "PATCH" && strings.HasPrefix(c.Path, "channels/400/messages/"):
						return reply
					case c.Method == "POST" && c.Path == "channels/400/messages":
						if c.JSON()["message_reference"].(map[string]any)["message_id"] == "800" {
							return newReply
						}
					}
				}
				return nowhere
			}
			var calls []fakediscord.Call
			if tt.want != nowhere {
				calls = h.fd.WaitFor(wait, "the answer as a "+tt.want, func(calls []fakediscord.Call) bool { return landed(calls) != nowhere })
			} else {
				calls = h.fd.WaitFor(wait, "the last try", func(calls []fakediscord.Call) bool {
					for _, c := range calls {
						if c.Status == 404 && strings.Contains(string(c.Body), "Discord would not take") {
							return true
						}
					}
					return false
				})
			}
			if got := landed(calls); got != tt.want {
				t.Errorf("answer landed in %q; want %q:\n%s", got, tt.want, fakediscord.Dump(calls))
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
			// Nothing in flight is left behind; the answer is done.
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			if err := h.b.Shutdown(ctx); err != nil {
				t.Errorf("Shutdown: %v", err)
			}
			if tt.want != nowhere {
				for _, c := range h.fd.Calls() {
					if strings.Contains(string(c.Body), msgFailed) || strings.Contains(string(c.Body), msgNotPosted) {
						t.Errorf("the user was told %s", c.Body)
					}
				}
			}
			l := logs.String()
			if tt.log != "" && !strings.Contains(l, tt.log) {
				t.Errorf("log lacks %q:\n%s", tt.log, l)
			}
			if tt.nolog != "" && strings.Contains(l, tt.nolog) {
				t.Errorf("log has %q:\n%s", tt.nolog, l)
			}
			if strings.Contains(l, "tok-800") || strings.Contains(l, "test-token") {
				t.Errorf("log shows a token:\n%s", l)
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
	b := newTestBot(rec, &fakeAsker{}, st, Options{Logger: bufLogger(&logs)})
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
