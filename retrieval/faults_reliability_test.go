package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/childtest"
	"github.com/newsbot/newsbot/internal/fakeopenai"
	"github.com/newsbot/newsbot/retrieval"
)

// These tests use only the package's exported API, so they hold whatever
// its internals become.

const faultKey = "sk-fault-SECRET-42"

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestEmbedFaults: the embeddings endpoint fails in every way it can.
// Each call ends, within its bound, in vectors or an *EmbedError that
// names the host and status and never the key or the raw body; retries
// are bounded and back off.
func TestEmbedFaults(t *testing.T) {
	for _, tt := range []struct {
		name    string
		respond []fakeopenai.Step // per attempt; the last repeats
		ok      bool
		status  int
		sent    int
	}{
		{name: "429 without Retry-After, then ok", respond: []fakeopenai.Step{
			fakeopenai.Status(429, ""), fakeopenai.Status(429, ""), fakeopenai.Status(429, ""), fakeopenai.OK}, ok: true, sent: 4},
		{name: "429 without Retry-After, always", respond: []fakeopenai.Step{fakeopenai.Status(429, "")},
			status: 429, sent: 4},
		{name: "429 with Retry-After, then ok", respond: []fakeopenai.Step{fakeopenai.Status(429, "7"), fakeopenai.OK},
			ok: true, sent: 2},
		{name: "500 always", respond: []fakeopenai.Step{fakeopenai.Status(500, "")}, status: 500, sent: 4},
		{name: "502 HTML always", respond: []fakeopenai.Step{fakeopenai.HTML(502)}, status: 502, sent: 4},
		{name: "hung attempts time out", respond: []fakeopenai.Step{fakeopenai.Hang}, sent: 4},
		{name: "malformed JSON", respond: []fakeopenai.Step{fakeopenai.Raw(`{"object":"list","data":[{"embedding":[0.1,`)}, sent: 1},
		{name: "HTML with status 200", respond: []fakeopenai.Step{fakeopenai.Raw(`<html><body>captive portal</body></html>`)}, sent: 1},
		{name: "too few vectors", respond: []fakeopenai.Step{fakeopenai.Raw(`{"object":"list","data":[{"object":"embedding","embedding":[1,0],"index":0}]}`)}, sent: 1},
		{name: "zero vector", respond: []fakeopenai.Step{fakeopenai.Raw(`{"object":"list","data":[{"object":"embedding","embedding":[0,0],"index":0},{"object":"embedding","embedding":[0,1],"index":1}]}`)}, sent: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeopenai.Server{T: t, Key: faultKey, Embed: retrieval.NewLocal(16).Embed, Script: tt.respond}
				e := retrieval.NewOpenAI(retrieval.OpenAIOptions{BaseURL: "http://embed.invalid/v1", APIKey: faultKey,
					MaxRetries: 3, Timeout: 10 * time.Second, HTTPClient: f.Client(), Logger: quietLog()})
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute) // fake clock
				defer cancel()
				start := time.Now()
				vs, err := e.Embed(ctx, []string{"troops", "envoy"})
				took := time.Since(start)
				var at []time.Time
				for _, r := range f.Requests() {
					at = append(at, r.At)
				}
				if len(at) != tt.sent {
					t.Errorf("%d requests; want %d", len(at), tt.sent)
				}
				if tt.ok {
					if err != nil || len(vs) != 2 {
						t.Fatalf("Embed = %d vectors, %v", len(vs), err)
					}
				} else {
					if err == nil {
						t.Fatal("Embed succeeded; want an error")
					}
					msg := err.Error()
					if !strings.Contains(msg, "embed.invalid") || strings.Contains(msg, faultKey) {
						t.Errorf("error %q: want the host, never the key", msg)
					}
					// go-openai puts the whole body of a non-JSON error in
					// its message; EmbedError names it instead, so a proxy's
					// 502 page never lands in logs and CLI errors.
					if strings.Contains(msg, "<html>") {
						t.Errorf("error %q carries the raw HTML body", msg)
					}
					if tt.status != 0 {
						var ee *retrieval.EmbedError
						if !errors.As(err, &ee) || ee.Status != tt.status {
							t.Errorf("error %v; want an EmbedError with status %d", err, tt.status)
						}
					}
				}
				// Waits between attempts back off: each at least about
				// the one before (jitter takes up to half away), none
				// above the cap, and the whole call is bounded.
				if backoff := len(at) >= 3 && !strings.Contains(tt.name, "Retry-After,") && tt.name != "hung attempts time out"; backoff {
					first, last := at[1].Sub(at[0]), at[len(at)-1].Sub(at[len(at)-2])
					if first <= 0 || last <= first {
						t.Errorf("waits grew from %v to %v; want a backoff that doubles", first, last)
					}
				}
				for i := 2; i < len(at); i++ {
					prev, cur := at[i-1].Sub(at[i-2]), at[i].Sub(at[i-1])
					if tt.name != "hung attempts time out" && cur < prev/2 {
						t.Errorf("wait %d (%v) shorter than half the one before (%v): no backoff", i, cur, prev)
					}
					if cur > 30*time.Second+10*time.Second {
						t.Errorf("wait %v above the cap", cur)
					}
				}
				if took > 2*time.Minute {
					t.Errorf("Embed took %v", took)
				}
			})
		})
	}
}

// TestEmbedConnectionRefused: nothing listens at the endpoint; retries are
// bounded and the error names the host.
func TestEmbedConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := retrieval.NewOpenAI(retrieval.OpenAIOptions{BaseURL: "http://" + addr + "/v1", APIKey: faultKey, MaxRetries: 2,
		MaxBackoff: time.Millisecond, Logger: quietLog()})
	_, err = e.Embed(t.Context(), []string{"x"})
	var ee *retrieval.EmbedError
	if !errors.As(err, &ee) || ee.Status != 0 || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), faultKey) {
		t.Fatalf("err = %v; want an EmbedError naming %s, without the key", err, addr)
	}
	if n := e.Calls(); n != 3 {
		t.Errorf("%d attempts; want 3 (1 + 2 retries)", n)
	}
}

// TestEmbedStreamCut: the server sends half a response body and closes the
// connection.
func TestEmbedStreamCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4000")
		io.WriteString(w, `{"object":"list","data":[{"object":"embedding","embedding":[0.1,0.2`)
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	e := retrieval.NewOpenAI(retrieval.OpenAIOptions{BaseURL: srv.URL + "/v1", APIKey: faultKey, MaxRetries: 1,
		MaxBackoff: time.Millisecond, Logger: quietLog()})
	if _, err := e.Embed(t.Context(), []string{"x", "y"}); err == nil || strings.Contains(err.Error(), faultKey) {
		t.Fatalf("err = %v; want an error without the key", err)
	}
}

// switchEmbedder embeds locally until down is set.
type switchEmbedder struct {
	inner retrieval.Embedder
	down  atomic.Bool
}

func (s *switchEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if s.down.Load() {
		return nil, &retrieval.EmbedError{Host: "embed.invalid", Status: 503}
	}
	return s.inner.Embed(ctx, texts)
}

// TestSearchWhileEmbedderDown: the query embedder fails; Search answers
// from the lexical ranking with every hit marked LexicalOnly, the index is
// intact, and hybrid search comes back with the endpoint.
func TestSearchWhileEmbedderDown(t *testing.T) {
	emb := &switchEmbedder{inner: retrieval.NewLocal(64)}
	ix, err := retrieval.Open(t.Context(), "", emb, retrieval.IndexOptions{Collection: "c", Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	ps := synthPassages(20)
	if _, err := ix.Sync(t.Context(), ps, nil); err != nil {
		t.Fatal(err)
	}
	emb.down.Store(true)
	hits, err := ix.Search(t.Context(), "harbour workers strike pay", 3)
	if err != nil || len(hits) == 0 || !hits[0].LexicalOnly {
		t.Fatalf("Search while down = %d hits, %v; want lexical hits marked LexicalOnly", len(hits), err)
	}
	// A Sync that needs embedding fails too, and keeps what was indexed.
	if _, err := ix.Sync(t.Context(), append(synthPassages(20), synthPassage(99)), nil); err == nil {
		t.Error("Sync with the embedder down succeeded")
	}
	if ix.Len() != 20 {
		t.Errorf("Len() = %d after a failed Sync; want 20", ix.Len())
	}
	emb.down.Store(false)
	if hits, err := ix.Search(t.Context(), "harbour workers strike pay", 3); err != nil || len(hits) == 0 || hits[0].LexicalOnly {
		t.Errorf("Search once back: %d hits, %v; want hybrid hits", len(hits), err)
	}
}

func synthPassage(n int) corpus.Passage {
	text := fmt.Sprintf("Harbour workers in port %d went on strike over pay on day %d, the union said. Ships number %d waited offshore.", n, n%7, n*3)
	return corpus.Passage{ID: fmt.Sprintf("port-%04d#0", n), ArticleID: fmt.Sprintf("port-%04d", n), Title: fmt.Sprint("Port ", n),
		Outlet: "Coastal Herald", Text: text, End: len(text), Hash: fmt.Sprintf("h%d-%d", n, len(text))}
}

func synthPassages(n int) []corpus.Passage {
	ps := make([]corpus.Passage, n)
	for i := range ps {
		ps[i] = synthPassage(i)
	}
	return ps
}

// The snapshot tests run this binary again as a child (internal/childtest)
// that syncs an index and either hits a full disk or kills itself in the
// middle of writing the snapshot.
//
// TestSnapshotChild is the child's side; it does nothing in a normal run.
func TestSnapshotChild(t *testing.T) {
	mode, dir := childtest.Mode(), os.Getenv("RETRIEVAL_DIR")
	if mode == "" {
		t.Skip("only run as a child of the snapshot tests")
	}
	n, _ := strconv.Atoi(os.Getenv("RETRIEVAL_PASSAGES"))
	ix, err := retrieval.Open(context.Background(), dir, retrieval.NewLocal(256), retrieval.IndexOptions{Collection: "c", Logger: quietLog()})
	if err != nil {
		fmt.Printf("open-error %v\n", err)
		os.Exit(3)
	}
	switch mode {
	case "full":
		size := int64(0)
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				size = max(size, fi.Size())
			}
		}
		lim := syscall.Rlimit{Cur: uint64(size) + 8<<10, Max: ^uint64(0)}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Printf("setrlimit-error %v\n", err)
			os.Exit(3)
		}
	case "kill":
		// Kill this process (SIGKILL) as soon as a file in dir appears or
		// changes size (the snapshot, or its temp file, being written): a
		// crash in the middle of the write.
		sizes := func() map[string]int64 {
			m := map[string]int64{}
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, f := range files {
				if fi, err := os.Stat(f); err == nil {
					m[f] = fi.Size()
				}
			}
			return m
		}
		before := sizes()
		go func() {
			for {
				for f, n := range sizes() {
					if old, ok := before[f]; !ok || old != n {
						fmt.Printf("killing with %s at %d bytes\n", filepath.Base(f), n)
						_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
					}
				}
				time.Sleep(20 * time.Microsecond)
			}
		}()
	}
	_, err = ix.Sync(context.Background(), synthPassages(n), nil)
	fmt.Printf("sync-done %v\n", err)
	os.Exit(0)
}

func runSnapChild(t *testing.T, mode, dir string, n int) (lines []string, killed bool) {
	t.Helper()
	res := childtest.Run(t, "TestSnapshotChild", mode, []string{"RETRIEVAL_DIR=" + dir, "RETRIEVAL_PASSAGES=" + strconv.Itoa(n)}, nil)
	return res.Lines, res.Killed
}

func openLen(t *testing.T, dir string) (*retrieval.Index, int) {
	t.Helper()
	ix, err := retrieval.Open(t.Context(), dir, retrieval.NewLocal(256), retrieval.IndexOptions{Collection: "c", Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	return ix, ix.Len()
}

// TestSnapshotDiskFull: the disk fills while the snapshot is written. Sync
// fails with an error naming the file and the cause; the last good
// snapshot is untouched and no temp file is left; once there is space the
// index is completed.
func TestSnapshotDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	dir := t.TempDir()
	ix, _ := openLen(t, dir)
	if _, err := ix.Sync(t.Context(), synthPassages(10), nil); err != nil {
		t.Fatal(err)
	}
	lines, _ := runSnapChild(t, "full", dir, 400)
	if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], "sync-done ") {
		t.Fatalf("child said %q", lines)
	}
	msg := lines[len(lines)-1]
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "file too large") {
		t.Errorf("Sync on a full disk: %q; want an error naming the file in %s and the cause", msg, dir)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(tmp) != 0 {
		t.Errorf("temp files left: %v", tmp)
	}
	re, n := openLen(t, dir)
	if n != 10 {
		t.Errorf("after the full disk the snapshot holds %d passages; want the last good 10", n)
	}
	if rep, err := re.Sync(t.Context(), synthPassages(400), nil); err != nil || rep.Added != 390 {
		t.Errorf("Sync once space is back: %+v, %v", rep, err)
	}
	if _, n := openLen(t, dir); n != 400 {
		t.Errorf("snapshot holds %d passages; want 400", n)
	}
}

// TestSnapshotKilledMidWrite: the process is killed (SIGKILL) while the
// snapshot's temp file is being written. On restart the index holds the
// last good snapshot, never part of the new one, the temp file is gone,
// and a Sync completes it.
func TestSnapshotKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	dir := t.TempDir()
	ix, _ := openLen(t, dir)
	if _, err := ix.Sync(t.Context(), synthPassages(10), nil); err != nil {
		t.Fatal(err)
	}
	hit := false
	for try := 0; try < 3 && !hit; try++ {
		lines, killed := runSnapChild(t, "kill", dir, 3000)
		hit = killed && len(lines) > 0 && strings.HasPrefix(lines[len(lines)-1], "killing with ")
		_, n := openLen(t, dir)
		switch {
		case hit && n != 10:
			t.Fatalf("after a kill mid-write the index holds %d passages; want the last good 10", n)
		case !hit && n != 3000 && n != 10:
			t.Fatalf("after the child the index holds %d passages; want 10 or 3000", n)
		}
		if !hit && n == 3000 { // the write finished before the kill: start again from 10
			re, _ := openLen(t, dir)
			if _, err := re.Sync(t.Context(), synthPassages(10), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !hit {
		t.Skip("the child never caught its snapshot mid-write in 3 tries")
	}
	t.Logf("killed mid-write; restart found the last good 10 passages")
	if tmp, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(tmp) != 0 {
		t.Errorf("temp file of the killed write left after reopening: %v", tmp)
	}
	re, _ := openLen(t, dir)
	if rep, err := re.Sync(t.Context(), synthPassages(3000), nil); err != nil || rep.Added != 2990 {
		t.Errorf("Sync after the crash: %+v, %v", rep, err)
	}
	if _, n := openLen(t, dir); n != 3000 {
		t.Errorf("snapshot holds %d passages; want 3000", n)
	}
}
