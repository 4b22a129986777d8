package bot

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/bot/internal/fakediscord"
)

// interactionOf returns the interaction id in a REST path of the fake
// ("interactions/ID/tok-ID/callback", "webhooks/APP/tok-ID/messages/..."),
// or "".
func interactionOf(path string) string {
	for _, seg := range strings.Split(path, "/") {
		if id, ok := strings.CutPrefix(seg, "tok-"); ok {
			return id
		}
	}
	return ""
}

// countObserver counts the bot's events.
type countObserver struct {
	mu       sync.Mutex
	answered map[string]int // by outcome
	rejected map[string]int // by reason
	maxRun   int
	waited   int           // questions that reported their wait for a slot
	maxWait  time.Duration // the longest of those waits
}

func newCountObserver() *countObserver {
	return &countObserver{answered: map[string]int{}, rejected: map[string]int{}}
}

func (o *countObserver) Answered(kind, outcome string, total time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.answered[outcome]++
}

func (o *countObserver) Rejected(kind, reason string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rejected[reason]++
}

func (o *countObserver) Queue(running, waiting int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.maxRun = max(o.maxRun, running)
}

func (o *countObserver) Waited(kind string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.waited++
	o.maxWait = max(o.maxWait, d)
}

func (o *countObserver) total() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, v := range o.answered {
		n += v
	}
	for _, v := range o.rejected {
		n += v
	}
	return n
}

// slowModel answers after 1 to 3 s (spread by question number), streaming
// a few words, and records how many answers run at once.
type slowModel struct {
	base, spread time.Duration
	running      atomic.Int32
	maxRunning   atomic.Int32
	calls        atomic.Int32
}

func (m *slowModel) Ask(ctx context.Context, req answer.Request) (*answer.Answer, error) {
	n := m.running.Add(1)
	defer m.running.Add(-1)
	for {
		old := m.maxRunning.Load()
		if n <= old || m.maxRunning.CompareAndSwap(old, n) {
			break
		}
	}
	c := m.calls.Add(1)
	d := m.base + time.Duration(int64(c)*7919%1000)*m.spread/1000
	a := cannedAnswer(req.Question)
	words := strings.SplitAfter(a.Text, " ")
	for _, w := range words {
		select {
		case <-time.After(d / time.Duration(len(words))):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if err := req.OnDelta(w); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// heapAlloc is the live heap after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// settle waits (boundedly) until the goroutine count is at most want and
// returns the last count seen. It polls, yielding, rather than sleeping
// for a fixed time.
func settle(want int, within time.Duration) int {
	deadline := time.Now().Add(within)
	n := runtime.NumGoroutine()
	for n > want && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// botGoroutines counts the goroutines running the bot's code (a frame of
// package bot other than a test's): unlike runtime.NumGoroutine, it does
// not move with other tests' connections and timers winding down.
func botGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/newsbot/newsbot/bot.(*") && !strings.Contains(g, "github.com/newsbot/newsbot/bot.Test") {
			count++
		}
	}
	return count
}

// settleBot waits (boundedly) until at most want goroutines run the bot's
// code and returns the last count seen.
func settleBot(want int, within time.Duration) int {
	deadline := time.Now().Add(within)
	n := botGoroutines()
	for n > want && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
		n = botGoroutines()
	}
	return n
}

// TestLoad: 200 questions at once from 50 users (4 each), the model
// taking 1 to 3 s per answer, on a fake clock. Every question ends in an
// answer or a refusal with its reason (rate limit, busy), none is lost or
// stuck, the concurrency cap holds, and goroutines and heap come back to
// where they started.
func TestLoad(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
		// expected outcomes
		ok, rateLimited, busy int
	}{
		// testLimits: 3 questions a user at once, 4 answers at a time, 50
		// waiting: of 150 taken, 54 are answered and 96 told the bot is
		// busy; 50 are rate limited.
		{"test limits", Options{}, 54, 50, 96},
		// A queue deep enough for the burst: every question taken is answered.
		{"deep queue", Options{Limits: Limits{MaxConcurrent: 8, MaxQueue: 200}}, 150, 50, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				baseG, baseBot := runtime.NumGoroutine(), botGoroutines()
				baseHeap := heapAlloc()
				rec := &recorder{}
				obs := newCountObserver()
				model := &slowModel{base: time.Second, spread: 2 * time.Second}
				opts := tt.opts
				opts.Logger, opts.Observer = quiet(), obs
				b := newTestBot(rec, model, nil, opts)
				start := time.Now()
				var wg sync.WaitGroup
				for q := range 200 {
					user := fmt.Sprint("user", q%50)
					wg.Go(func() { b.HandleInteraction(askInteraction(fmt.Sprint("q", q), user, "why did the ferries stop?")) })
				}
				wg.Wait()
				elapsed := time.Since(start)
				synctest.Wait()

				// Every question has its last word: an answer, a busy
				// notice or a rate-limit reply.
				ends := map[string]int{}
				for _, c := range finalCalls(rec.all()) {
					switch {
					case strings.Contains(c.Content, "[1]"):
						ends["ok"]++
					case strings.Contains(c.Content, "asking faster than"):
						ends["rate_limited"]++
					case c.Content == msgBusy:
						ends["busy"]++
					default:
						ends["other: "+c.Content]++
					}
				}
				if ends["ok"] != tt.ok || ends["rate_limited"] != tt.rateLimited || ends["busy"] != tt.busy || len(ends) > 3 {
					t.Errorf("outcomes %v; want ok %d, rate_limited %d, busy %d", ends, tt.ok, tt.rateLimited, tt.busy)
				}
				if n := obs.total(); n != 200 {
					t.Errorf("observer saw %d questions end; want 200 (%v %v)", n, obs.answered, obs.rejected)
				}
				if int(model.calls.Load()) != tt.ok {
					t.Errorf("model ran %d times; want %d", model.calls.Load(), tt.ok)
				}
				if obs.waited != tt.ok || obs.maxWait <= 0 {
					t.Errorf("%d questions reported their queue wait (longest %v); want all %d answered, some after waiting",
						obs.waited, obs.maxWait, tt.ok)
				}
				limit := int32(cmpOr(tt.opts.Limits.MaxConcurrent, testLimits.MaxConcurrent))
				if m := model.maxRunning.Load(); m > limit || m < limit {
					t.Errorf("at most %d answers ran at once; want the cap %d reached and held", m, limit)
				}
				checkMentions(t, rec.all())

				g, bg := runtime.NumGoroutine(), botGoroutines()
				heap := heapAlloc()
				t.Logf("200 questions in %v (fake clock): %v; goroutines %d -> %d (running bot code: %d -> %d); heap %d KiB -> %d KiB",
					elapsed, ends, baseG, g, baseBot, bg, baseHeap>>10, heap>>10)
				if bg > baseBot {
					t.Errorf("%d goroutines run the bot's code after the load; %d before", bg, baseBot)
				}
				if heap > baseHeap+4<<20 {
					t.Errorf("heap %d KiB after the load; %d KiB before", heap>>10, baseHeap>>10)
				}
			})
		})
	}
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// finalCalls returns, for each interaction, the last call the bot made
// for it: the recorder does not keep the interaction, so calls are grouped
// by the order in which each interaction's answer ends (an edit that is
// not streamed and not a queue notice, or an immediate ephemeral reply).
func finalCalls(calls []rcall) []rcall {
	var out []rcall
	for _, c := range calls {
		switch {
		case c.Method == "respond" && c.Type == discordgo.InteractionResponseChannelMessageWithSource:
			out = append(out, c)
		case c.Method == "edit" && !isStreamed(c) && !strings.HasPrefix(c.Content, "Queued: "):
			out = append(out, c)
		}
	}
	return out
}

// TestLoadThroughDiscord is the same burst through the real discordgo
// session and the fake Discord (REST and gateway), with a model whose delay
// is small but real (10-30 ms): every interaction ends with its final
// message, none is lost, and goroutines return to their baseline.
func TestLoadThroughDiscord(t *testing.T) {
	if testing.Short() {
		t.Skip("200 interactions through the fake Discord")
	}
	obs := newCountObserver()
	model := &slowModel{base: 10 * time.Millisecond, spread: 20 * time.Millisecond}
	h := newHarness(t, &fakeAsker{fn: model.Ask}, Options{Limits: Limits{MaxQueue: 200}, Observer: obs, EditInterval: 5 * time.Millisecond})
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	baseG, baseBot := settle(0, 0), botGoroutines()
	baseHeap := heapAlloc()

	for q := range 200 {
		h.slash(fmt.Sprint(1000+q), member{id: fmt.Sprint(220000000000000000 + q%50)}, "ask", str("question", "why did the ferries stop?"))
	}
	// Every interaction gets its last word.
	done := map[string]string{}
	h.fd.WaitFor(2*wait, "200 interactions to end", func(calls []fakediscord.Call) bool {
		for _, c := range calls {
			id := interactionOf(c.Path)
			if id == "" || c.Status >= 300 {
				continue
			}
			content, _ := c.JSON()["content"].(string)
			if c.Method == "POST" && strings.HasSuffix(c.Path, "/callback") {
				if d, _ := c.JSON()["data"].(map[string]any); d != nil {
					content, _ = d["content"].(string)
				}
				if content != "" {
					done[id] = content
				}
				continue
			}
			if c.Method == "PATCH" && final(c) {
				done[id] = content
			}
		}
		return len(done) == 200
	})
	counts := map[string]int{}
	for _, content := range done {
		switch {
		case strings.Contains(content, "[1]"):
			counts["ok"]++
		case strings.Contains(content, "asking faster than"):
			counts["rate_limited"]++
		default:
			counts["other: "+content]++
		}
	}
	if counts["ok"] != 150 || counts["rate_limited"] != 50 {
		t.Errorf("outcomes %v; want 150 answered and 50 rate limited", counts)
	}
	if m := model.maxRunning.Load(); m > 4 {
		t.Errorf("%d answers at once; want at most 4", m)
	}
	deadline := time.Now().Add(wait)
	for obs.total() < 200 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := obs.total(); n != 200 {
		t.Errorf("observer saw %d questions end; want 200", n)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	bg := settleBot(baseBot, wait)
	g := settle(baseG+2, time.Second)
	heap := heapAlloc()
	t.Logf("outcomes %v; %d REST calls; goroutines %d -> %d (running bot code: %d -> %d); heap %d KiB -> %d KiB (the fake keeps every call)",
		counts, len(h.fd.Calls()), baseG, g, baseBot, bg, baseHeap>>10, heap>>10)
	if bg > baseBot {
		t.Errorf("%d goroutines run the bot's code after the load; %d before", bg, baseBot)
	}
}
