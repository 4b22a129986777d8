package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// checkMentions fails on any message sent without an explicit empty parse
// list.
func checkMentions(t *testing.T, calls []rcall) {
	t.Helper()
	for _, c := range calls {
		if c.Method == "typing" || c.Method == "register" || c.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
			c.Type == discordgo.InteractionApplicationCommandAutocompleteResult {
			continue
		}
		if c.Mention == nil || c.Mention.Parse == nil || len(c.Mention.Parse) != 0 {
			t.Errorf("%s %q sent with allowed_mentions %+v", c.Method, c.Content, c.Mention)
		}
	}
}

func isStreamed(c rcall) bool { return strings.HasSuffix(c.Content, "-# writing…") }

// longAsker streams n words, every apart, then answers.
func longAsker(n int, every time.Duration) func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
	return func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		for i := range n {
			select {
			case <-time.After(every):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if err := req.OnDelta(fmt.Sprint("word", i, " ")); err != nil {
				return nil, err
			}
		}
		return cannedAnswer(req.Question), nil
	}
}

func TestStreamedEditsThrottled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		b := newTestBot(rec, &fakeAsker{fn: longAsker(300, 100*time.Millisecond)}, nil, Options{Logger: quiet()})
		start := time.Now()
		b.HandleInteraction(askInteraction("i1", "u1", "why did the ferries stop?"))
		calls := rec.all()
		if calls[0].Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || calls[0].At != start {
			t.Fatalf("first call %+v; want an immediate deferred response", calls[0])
		}
		var streamed []rcall
		for _, c := range calls[1 : len(calls)-1] {
			if !isStreamed(c) {
				t.Errorf("unexpected call while streaming: %+v", c)
			}
			streamed = append(streamed, c)
		}
		if len(streamed) == 0 || len(streamed) > 8 {
			t.Errorf("%d streamed edits; want 1..8 (MaxEdits)", len(streamed))
		}
		for n := 1; n < len(streamed); n++ {
			if gap := streamed[n].At.Sub(streamed[n-1].At); gap < 1500*time.Millisecond {
				t.Errorf("edits %d and %d only %v apart; want ≥ 1.5 s", n-1, n, gap)
			}
		}
		last := calls[len(calls)-1]
		if last.Method != "edit" || isStreamed(last) || !strings.Contains(last.Content, "[1]") || last.Embeds != 2 {
			t.Errorf("final call %+v; want the answer with 2 source embeds", last)
		}
		checkMentions(t, calls)
	})
}

func TestGlobalEditBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		b := newTestBot(rec, &fakeAsker{fn: longAsker(100, 100*time.Millisecond)}, nil,
			Options{Limits: Limits{MaxConcurrent: 20, RateBurst: 5}, Logger: quiet()})
		var wg sync.WaitGroup
		for u := range 12 {
			wg.Go(func() { b.HandleInteraction(askInteraction(fmt.Sprint("i", u), fmt.Sprint("u", u), "ferries?")) })
		}
		wg.Wait()
		var at []time.Time
		for _, c := range rec.all() {
			if isStreamed(c) {
				at = append(at, c.At)
			}
		}
		// GlobalEdits is 3 a second with a burst of 1: any window of 2 s
		// holds at most 7 streamed edits, whatever the number of answers.
		for i := range at {
			n := 0
			for _, x := range at[i:] {
				if x.Sub(at[i]) < 2*time.Second {
					n++
				}
			}
			if n > 7 {
				t.Fatalf("%d streamed edits within 2 s from %v; want ≤ 7", n, at[i])
			}
		}
		if len(at) == 0 {
			t.Error("no streamed edits at all")
		}
	})
}

func TestRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		b := newTestBot(rec, &fakeAsker{}, nil, Options{Limits: Limits{RateBurst: 2, RatePer: 30 * time.Second}, Logger: quiet()})
		for n := range 3 {
			b.HandleInteraction(askInteraction(fmt.Sprint("i", n), "u1", "ferries?"))
		}
		calls := rec.all()
		last := calls[len(calls)-1]
		if last.Type != discordgo.InteractionResponseChannelMessageWithSource || last.Flags != discordgo.MessageFlagsEphemeral ||
			!strings.Contains(last.Content, "try again in 30 seconds") {
			t.Errorf("third question got %+v; want an ephemeral 'try again in 30 seconds'", last)
		}
		// Another user is not limited; the first may ask again later.
		b.HandleInteraction(askInteraction("i9", "u2", "ferries?"))
		time.Sleep(15 * time.Second)
		b.HandleInteraction(askInteraction("i10", "u1", "ferries?"))
		if c := rec.all(); !strings.Contains(c[len(c)-1].Content, "try again in 15 seconds") {
			t.Errorf("after 15 s got %q; want 'try again in 15 seconds'", c[len(c)-1].Content)
		}
		time.Sleep(15 * time.Second)
		b.HandleInteraction(askInteraction("i11", "u1", "ferries?"))
		if c := rec.all(); !strings.Contains(c[len(c)-1].Content, "[1]") {
			t.Errorf("after 30 s got %q; want an answer", c[len(c)-1].Content)
		}
		checkMentions(t, rec.all())
	})
}

// TestQueue: MaxConcurrent answers run, MaxQueue wait, the rest are told
// the bot is busy; MaxQueue 0 (config's "no waiting") means none wait.
func TestQueue(t *testing.T) {
	for _, tt := range []struct {
		maxQueue               int
		queued, busy, answered int
	}{
		{3, 3, 1, 5},
		{0, 0, 4, 2},
	} {
		t.Run(fmt.Sprint("MaxQueue ", tt.maxQueue), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := &recorder{}
				release := make(chan struct{})
				var mu sync.Mutex
				running, maxRunning := 0, 0
				ask := func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
					mu.Lock()
					running++
					maxRunning = max(maxRunning, running)
					mu.Unlock()
					defer func() { mu.Lock(); running--; mu.Unlock() }()
					<-release
					return cannedAnswer(req.Question), nil
				}
				l := testLimits
				l.MaxConcurrent, l.MaxQueue = 2, tt.maxQueue
				b := New(rec, Answers{Ask: ask}, nil, Options{Limits: l, Logger: quiet()})
				var wg sync.WaitGroup
				for u := range 6 {
					wg.Go(func() { b.HandleInteraction(askInteraction(fmt.Sprint("i", u), fmt.Sprint("u", u), "ferries?")) })
				}
				synctest.Wait()
				queued, busy := 0, 0
				for _, c := range rec.all() {
					if strings.HasPrefix(c.Content, "Queued: ") {
						queued++
					}
					if c.Content == msgBusy {
						busy++
					}
				}
				if queued != tt.queued || busy != tt.busy {
					t.Errorf("%d queued, %d busy; want %d queued (MaxQueue) and %d busy", queued, busy, tt.queued, tt.busy)
				}
				close(release)
				wg.Wait()
				answered := 0
				for _, c := range rec.all() {
					if c.Method == "edit" && strings.Contains(c.Content, "[1]") && !isStreamed(c) {
						answered++
					}
				}
				if answered != tt.answered || maxRunning != 2 {
					t.Errorf("%d answered, at most %d at once; want %d and 2", answered, maxRunning, tt.answered)
				}
			})
		})
	}
}

// TestNewChecksLimits: limits come from config; New refuses ones that are
// out of range instead of putting a default of its own in their place.
func TestNewChecksLimits(t *testing.T) {
	for _, tt := range []struct {
		name string
		l    Limits
		want string
	}{
		{"zero", Limits{}, "Limits.RateBurst 0"},
		{"no question length", Limits{RateBurst: 1}, "Limits.MaxQuestionLen 0"},
		{"negative queue", Limits{RateBurst: 1, MaxQuestionLen: 1, AnswerTimeout: 1, MaxConcurrent: 1, MaxQueue: -1}, "Limits.MaxQueue -1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tt.want) {
					t.Errorf("New with %+v: panic %v; want one naming %q", tt.l, r, tt.want)
				}
			}()
			New(&recorder{}, Answers{Ask: (&fakeAsker{}).Ask}, nil, Options{Limits: tt.l})
		})
	}
}

// TestEveryInteractionEnds checks that a failing, hanging or panicking
// model still ends the deferred interaction with a clear message.
func TestEveryInteractionEnds(t *testing.T) {
	for _, tt := range []struct {
		name string
		fn   func(ctx context.Context, req answer.Request) (*answer.Answer, error)
		want string
	}{
		{"model fails", func(context.Context, answer.Request) (*answer.Answer, error) {
			return nil, errors.New("502 from the model endpoint")
		}, msgFailed},
		{"model hangs", hangingAsker, "took longer than 90 s"},
		{"panic", func(context.Context, answer.Request) (*answer.Answer, error) { panic("boom") }, msgFailed},
		{"nil answer", func(context.Context, answer.Request) (*answer.Answer, error) { return nil, nil }, msgFailed},
		{"refused", func(context.Context, answer.Request) (*answer.Answer, error) {
			return &answer.Answer{Refused: true, Mode: answer.ModeLLM}, nil
		}, textRefused},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := &recorder{}
				b := newTestBot(rec, &fakeAsker{fn: tt.fn}, nil, Options{Logger: quiet()})
				start := time.Now()
				b.HandleInteraction(askInteraction("i1", "u1", "ferries?"))
				calls := rec.all()
				last := calls[len(calls)-1]
				if calls[0].Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
					t.Errorf("not deferred first: %+v", calls[0])
				}
				if last.Method != "edit" || !strings.Contains(last.Content, tt.want) {
					t.Errorf("last call %+v; want an edit saying %q", last, tt.want)
				}
				if d := time.Since(start); d > 91*time.Second {
					t.Errorf("took %v", d)
				}
			})
		})
	}
}

func TestBadQuestions(t *testing.T) {
	rec := &recorder{}
	b := newTestBot(rec, &fakeAsker{}, nil, Options{Limits: Limits{MaxQuestionLen: 50}, Logger: quiet()})
	b.HandleInteraction(askInteraction("i1", "u1", "   "))
	b.HandleInteraction(askInteraction("i2", "u1", strings.Repeat("why ", 20)))
	calls := rec.all()
	if len(calls) != 2 {
		t.Fatalf("calls %+v; want two refusals", calls)
	}
	for n, want := range []string{"Please ask a question", "79 characters long; please keep it under 50"} {
		if c := calls[n]; c.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(c.Content, want) {
			t.Errorf("call %d = %+v; want ephemeral %q", n, c, want)
		}
	}
}

func TestShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		b := newTestBot(rec, &fakeAsker{fn: hangingAsker}, nil, Options{Logger: quiet()})
		done := make(chan struct{})
		go func() { b.HandleInteraction(askInteraction("i1", "u1", "ferries?")); close(done) }()
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := b.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-done
		calls := rec.all()
		if last := calls[len(calls)-1]; last.Content != msgShutdown {
			t.Errorf("in-flight answer ended with %q; want %q", last.Content, msgShutdown)
		}
		b.HandleInteraction(askInteraction("i2", "u2", "ferries?"))
		calls = rec.all()
		if last := calls[len(calls)-1]; !strings.Contains(last.Content, "restarting") || last.Flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("question after shutdown got %+v", last)
		}
	})
}

func TestHandlerRecovers(t *testing.T) {
	rec := &recorder{fail: func(string) error { panic("discord exploded") }}
	b := newTestBot(rec, &fakeAsker{}, nil, Options{Logger: quiet()})
	b.HandleInteraction(askInteraction("i1", "u1", "ferries?")) // must not panic
	b.HandleMessage(&discordgo.Message{ID: "m1", Author: &discordgo.User{ID: "u1"}})
}
