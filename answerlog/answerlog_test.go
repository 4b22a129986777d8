package answerlog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answerlog"
)

func open(t *testing.T) (*answerlog.Log, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "answers.db")
	l, err := answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, path
}

func sample(id string, created time.Time) *answerlog.Record {
	return &answerlog.Record{
		ID:            id,
		MessageIDs:    []string{"m-" + id},
		InteractionID: "i-" + id,
		GuildID:       "g1",
		ChannelID:     "c1",
		UserID:        "u1",
		Kind:          "ask",
		Question:      "What did the council decide about the tram?",
		Answer:        "It approved the extension [1].",
		Mode:          "llm",
		Model:         "gpt-test",
		PromptVersion: "answer-v1",
		Passages: []answerlog.Passage{{N: 1, ChunkID: "tram#0", ArticleID: "tram", Title: "Tram approved",
			Outlet: "Harbour Gazette", Published: "2024-05-14", URL: "https://example.org/tram",
			Text: "The council approved the tram extension.", Score: 0.03, DenseScore: 0.8, LexicalScore: 4.2}},
		Citations: []answerlog.Citation{{N: 1, ChunkID: "tram#0", Sentence: "The council approved the tram extension.", Verified: true}},
		Timings:   answerlog.Timings{Retrieve: 20 * time.Millisecond, FirstToken: 300 * time.Millisecond, Total: time.Second},
		Created:   created,
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	l, path := open(t)
	want := sample("a1", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err := l.Put(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := l.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Get = %+v\nwant %+v", got, want)
	}
	got, err = l.ByMessage(ctx, "m-a1")
	if err != nil || got.ID != "a1" {
		t.Errorf("ByMessage = %v, %v; want a1", got, err)
	}
	_, err = l.Get(ctx, "nope")
	if !errors.Is(err, answerlog.ErrNotFound) || !strings.Contains(err.Error(), path) {
		t.Errorf("Get(nope) error = %v; want ErrNotFound naming %s", err, path)
	}
	if _, err := l.ByMessage(ctx, "nope"); !errors.Is(err, answerlog.ErrNotFound) {
		t.Errorf("ByMessage(nope) error = %v; want ErrNotFound", err)
	}
}

func TestPutSetsTimeNeedsID(t *testing.T) {
	l, _ := open(t)
	rec := &answerlog.Record{ID: "a1", Question: "q"}
	if err := l.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	if rec.Created.IsZero() {
		t.Errorf("Put left Created zero")
	}
	if err := l.Put(context.Background(), &answerlog.Record{Question: "q"}); !errors.Is(err, answerlog.ErrNoID) {
		t.Errorf("Put without an ID: %v; want ErrNoID", err)
	}
}

func TestFeedback(t *testing.T) {
	ctx := context.Background()
	l, _ := open(t)
	if err := l.Put(ctx, sample("a1", time.Now())); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		user    string
		helpful bool
	}{{"u1", true}, {"u2", false}, {"u3", true}, {"u2", true}} {
		if _, err := l.Feedback(ctx, "a1", v.user, v.helpful); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := l.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if h, n := rec.Votes(); h != 3 || n != 0 {
		t.Errorf("Votes = %d, %d; want 3, 0 (u2 changed their vote)", h, n)
	}
	// A later Put of the same answer (e.g. more message ids) keeps the votes.
	rec.Feedback = nil
	if err := l.Put(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if rec, _ := l.Get(ctx, "a1"); len(rec.Feedback) != 3 {
		t.Errorf("feedback after re-Put = %v; want 3 votes", rec.Feedback)
	}
	if _, err := l.Feedback(ctx, "missing", "u1", true); !errors.Is(err, answerlog.ErrNotFound) {
		t.Errorf("Feedback(missing) = %v; want ErrNotFound", err)
	}
}

func TestPrune(t *testing.T) {
	t.Parallel() // each Put is an fsync: let the waits overlap
	ctx := context.Background()
	l, _ := open(t)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 650 { // more than one prune batch (500) goes
		if err := l.Put(ctx, sample(fmt.Sprint("a", i), base.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	n, err := l.Prune(ctx, base.Add(550*time.Minute))
	if err != nil || n != 550 {
		t.Fatalf("Prune = %d, %v; want 550", n, err)
	}
	if c, _ := l.Len(); c != 100 {
		t.Errorf("Len after prune = %d; want 100", c)
	}
	if _, err := l.ByMessage(ctx, "m-a5"); !errors.Is(err, answerlog.ErrNotFound) {
		t.Errorf("message link of a pruned record survived: %v", err)
	}
	if _, err := l.Get(ctx, "a550"); err != nil {
		t.Errorf("record at the cut-off was pruned: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.Prune(cctx, base.Add(2000*time.Minute)); !errors.Is(err, context.Canceled) {
		t.Errorf("Prune with cancelled ctx = %v", err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "answers.db")
	l, err := answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Put(ctx, sample("a1", time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if rec, err := l.ByMessage(ctx, "m-a1"); err != nil || rec.Question == "" {
		t.Errorf("after reopen: %+v, %v", rec, err)
	}
}

func TestCorruptFile(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"text", []byte(strings.Repeat("this is not a database\n", 1000))},
		{"short", []byte("xx")},
		{"zeros", make([]byte, 64<<10)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "answers.db")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			l, err := answerlog.Open(path)
			if err == nil {
				l.Close()
				t.Fatal("Open of a corrupt file succeeded")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
		})
	}
}

func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	l, _ := open(t)
	if err := l.Put(ctx, sample("shared", time.Now())); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			id := fmt.Sprint("c", i)
			if err := l.Put(ctx, sample(id, time.Now())); err != nil {
				t.Error(err)
			}
			if _, err := l.Feedback(ctx, "shared", id, i%2 == 0); err != nil {
				t.Error(err)
			}
			if _, err := l.Get(ctx, id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	rec, err := l.Get(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if h, n := rec.Votes(); h+n != 16 {
		t.Errorf("votes = %d+%d; want 16", h, n)
	}
}

func TestLockedByAnother(t *testing.T) {
	t.Parallel() // waits out bbolt's 1 s lock timeout
	_, path := open(t)
	_, err := answerlog.Open(path) // flock is per open file: a second open waits, then fails
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "locked") {
		t.Errorf("second Open = %v; want a 'locked' error naming %s", err, path)
	}
}

func BenchmarkPutGet(b *testing.B) {
	l, err := answerlog.Open(filepath.Join(b.TempDir(), "answers.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	n := 0
	for b.Loop() {
		id := fmt.Sprint("a", n)
		n++
		if err := l.Put(ctx, sample(id, time.Now())); err != nil {
			b.Fatal(err)
		}
		if _, err := l.ByMessage(ctx, "m-"+id); err != nil {
			b.Fatal(err)
		}
	}
}
