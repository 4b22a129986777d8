//go:build soak

package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/fakeopenai"
	"github.com/newsbot/newsbot/internal/testindex"
)

// latencyObserver keeps every answer's total time and the outcomes.
type latencyObserver struct {
	countObserver
	mu    sync.Mutex
	times []time.Duration
}

func (o *latencyObserver) Answered(kind, outcome string, total time.Duration) {
	o.countObserver.Answered(kind, outcome, total)
	o.mu.Lock()
	o.times = append(o.times, total)
	o.mu.Unlock()
}

// soakChat is the fake OpenAI-compatible API streaming a cited answer in
// 4 pieces over 20-80 ms; it returns its base URL.
func soakChat(t *testing.T) string {
	f := &fakeopenai.Server{T: t, Key: "sk-soak",
		Reply: []string{"According to the coverage, ", "officials gave ", "their account ", "of the reports [1]."},
		Pace:  func() time.Duration { return time.Duration(5+rand.IntN(15)) * time.Millisecond }}
	return f.Start(t)
}

// TestSoak asks steady questions (SOAK_QPS a second, default 10, from 200
// users) for SOAK_DURATION (default 3m) through the fake Discord (real
// discordgo session), the real index over the bundled coverage, the real
// answerer with a streaming chat endpoint, and the real answer log. It
// reports throughput, outcomes, latency, goroutines and heap over time,
// and fails if a question is lost or memory or goroutines keep growing.
//
//	go test -tags soak -run TestSoak -v -timeout 30m ./bot
func TestSoak(t *testing.T) {
	dur := 3 * time.Minute
	if s := os.Getenv("SOAK_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		dur = d
	}
	qps := 10
	if s := os.Getenv("SOAK_QPS"); s != "" {
		fmt.Sscan(s, &qps)
	}
	ix := testindex.Build(t, corpus.Bundled())
	model := answer.NewOpenAI(answer.OpenAIOptions{BaseURL: soakChat(t), APIKey: "sk-soak", Logger: quiet()})
	asker := answer.New(ix, model, answer.Options{Logger: quiet()})

	obs := &latencyObserver{countObserver: *newCountObserver()}
	h := newHarness(t, &fakeAsker{fn: asker.Ask, forget: true}, Options{Observer: obs, Library: ix, EditInterval: 500 * time.Millisecond})
	h.fd.Discard = true
	questions := []string{
		"What did North Korea say about sending troops to Russia?",
		"How many soldiers were reportedly sent to Vladivostok?",
		"What did the Kremlin say about the reports of North Korean troops?",
		"What did South Korea demand from North Korea?",
		"Which agency first reported the troop numbers?",
		"What is the weather like in Lisbon today?",
		"What did Ukraine's president say about North Korean soldiers?",
	}

	// Warm up (tokenizer tables, IDF, bbolt pages, connections), so the
	// baseline is the steady state, not an empty process.
	for q := range 10 {
		h.slash(fmt.Sprint(4000000+q), member{id: fmt.Sprint(240000000000000000 + q)}, "ask", str("question", questions[q%len(questions)]))
	}
	for wait := time.Now().Add(30 * time.Second); obs.total() < 10 && time.Now().Before(wait); {
		time.Sleep(10 * time.Millisecond)
	}
	warm := obs.total()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	baseG, baseHeap := runtime.NumGoroutine(), heapAlloc()
	t.Logf("start: %d goroutines, heap %d KiB; %d questions/s for %v", baseG, baseHeap>>10, qps, dur)
	asked := 0
	tick := time.NewTicker(time.Second / time.Duration(qps))
	defer tick.Stop()
	every := 30 * time.Second
	if dur < 2*time.Minute {
		every = dur / 4
	}
	sample := time.NewTicker(every)
	defer sample.Stop()
	start := time.Now()
	end := time.After(dur)
	var heaps []uint64
loop:
	for {
		select {
		case <-tick.C:
			asked++
			user := fmt.Sprint(230000000000000000 + asked%200)
			h.slash(fmt.Sprint(5000000+asked), member{id: user}, "ask", str("question", questions[asked%len(questions)]))
		case <-sample.C:
			hp := heapAlloc()
			heaps = append(heaps, hp)
			t.Logf("%4.0fs: asked %d, ended %d, %d goroutines, heap %d KiB", time.Since(start).Seconds(),
				asked, obs.total(), runtime.NumGoroutine(), hp>>10)
		case <-end:
			break loop
		}
	}
	deadline := time.Now().Add(time.Minute)
	for obs.total() < warm+asked && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	ended := obs.total() - warm
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.b.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	g := settle(baseG+2, 10*time.Second)
	hp := heapAlloc()
	if path := os.Getenv("SOAK_HEAPPROFILE"); path != "" { // the heap while the bot still lives
		if f, err := os.Create(path); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	n, _ := h.log.Len()

	obs.mu.Lock()
	times := slices.Clone(obs.times)
	obs.mu.Unlock()
	slices.Sort(times)
	pct := func(p float64) time.Duration {
		if len(times) == 0 {
			return 0
		}
		return times[min(len(times)-1, int(p*float64(len(times))))].Round(time.Millisecond)
	}
	obs.countObserver.mu.Lock()
	t.Logf("asked %d in %v; ended %d: answered %v, rejected %v; %d records in the answer log; REST calls by status %v",
		asked, dur, ended, obs.answered, obs.rejected, n, h.fd.Counts())
	obs.countObserver.mu.Unlock()
	t.Logf("latency (queue + answer): p50 %v, p95 %v, p99 %v, max %v", pct(0.5), pct(0.95), pct(0.99), pct(1))
	t.Logf("end: %d goroutines (start %d), heap %d KiB (start %d KiB), heap samples KiB %v",
		g, baseG, hp>>10, baseHeap>>10, func() []uint64 {
			var k []uint64
			for _, x := range heaps {
				k = append(k, x>>10)
			}
			return k
		}())
	if ended != asked {
		t.Errorf("%d questions asked, %d ended: some were lost", asked, ended)
	}
	if g > baseG+2 {
		t.Errorf("%d goroutines at the end; %d at the start", g, baseG)
	}
	if hp > baseHeap+32<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB", baseHeap>>10, hp>>10)
	}
}
