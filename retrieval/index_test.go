package retrieval

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// countingEmbedder wraps an Embedder and counts calls and texts. If
// cancelAfter > 0, it calls cancel once that many calls have succeeded.
type countingEmbedder struct {
	inner       Embedder
	mu          sync.Mutex
	calls       int
	texts       int
	cancelAfter int
	cancel      context.CancelFunc
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	vs, err := c.inner.Embed(ctx, texts)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		c.calls++
		c.texts += len(texts)
		if c.cancelAfter > 0 && c.calls == c.cancelAfter && c.cancel != nil {
			c.cancel()
		}
	}
	return vs, err
}

func (c *countingEmbedder) counts() (calls, texts int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls, c.texts
}

// hashEmbedder is a fast fake: a unit vector derived from a hash of the text.
type hashEmbedder struct{ dims int }

func (h hashEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		f := fnv.New64a()
		f.Write([]byte(t))
		x := f.Sum64()
		v := make([]float32, h.dims)
		for j := range v {
			x = x*6364136223846793005 + 1442695040888963407
			v[j] = float32(int32(x>>32)) / (1 << 31)
		}
		normalize(v)
		out[i] = v
	}
	return out, nil
}

// passages builds one article's passages by hand, with corpus-style ids and hashes.
func passages(article string, texts ...string) []corpus.Passage {
	out := make([]corpus.Passage, len(texts))
	for i, t := range texts {
		out[i] = corpus.Passage{
			ID: fmt.Sprintf("%s#%d", article, i), ArticleID: article, Ordinal: i,
			Title: "Title of " + article, Outlet: "Outlet " + article, Text: t, Start: 0, End: len(t),
			Hash: textHash(t),
		}
	}
	return out
}

func mustOpen(t testing.TB, dir string, emb Embedder, opts IndexOptions) *Index {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	ix, err := Open(context.Background(), dir, emb, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func mustSync(t testing.TB, ix *Index, ps []corpus.Passage) SyncReport {
	t.Helper()
	rep, err := ix.Sync(context.Background(), ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestSyncIncremental(t *testing.T) {
	emb := &countingEmbedder{inner: NewLocal(64)}
	ix := mustOpen(t, t.TempDir(), emb, IndexOptions{Collection: "c"})
	v1 := append(passages("a", "one alpha", "two beta", "three gamma"), passages("b", "four delta", "five epsilon")...)

	steps := []struct {
		name string
		ps   []corpus.Passage
		want SyncReport
	}{
		{"first", v1, SyncReport{Added: 5, Embedded: 5}},
		{"same again", v1, SyncReport{Unchanged: 5}},
		{"edit, remove, add", append(passages("a", "one alpha", "two beta EDITED", "three gamma"), passages("c", "six zeta")...),
			SyncReport{Added: 1, Updated: 1, Removed: 2, Unchanged: 2, Embedded: 2}},
		// A passage inserted at the top shifts every ordinal: ids change,
		// texts do not, so only the new text is embedded.
		{"shift", passages("a", "zero new", "one alpha", "two beta EDITED", "three gamma"),
			SyncReport{Added: 1, Updated: 3, Removed: 1, Embedded: 1}},
		{"empty", nil, SyncReport{Removed: 4}},
	}
	for _, st := range steps {
		before, _ := emb.counts()
		_, textsBefore := emb.counts()
		got := mustSync(t, ix, st.ps)
		calls, texts := emb.counts()
		if got != st.want {
			t.Errorf("%s: report %+v, want %+v", st.name, got, st.want)
		}
		if texts-textsBefore != st.want.Embedded {
			t.Errorf("%s: embedder saw %d texts in %d calls, report says %d", st.name, texts-textsBefore, calls-before, got.Embedded)
		}
		if ix.Len() != len(st.ps) {
			t.Errorf("%s: Len() = %d, want %d", st.name, ix.Len(), len(st.ps))
		}
		var ids []string
		for _, p := range ix.Passages() {
			ids = append(ids, p.ID)
		}
		var want []string
		for _, p := range st.ps {
			want = append(want, p.ID)
		}
		slices.Sort(want) // single-digit ordinals: id order is article then ordinal
		if !slices.Equal(ids, want) {
			t.Errorf("%s: Passages() ids %v, want %v", st.name, ids, want)
		}
	}
}

func TestSyncRejectsBadInput(t *testing.T) {
	ix := mustOpen(t, "", NewLocal(8), IndexOptions{})
	ps := passages("a", "x", "y")
	ps[1].ID = ps[0].ID
	if _, err := ix.Sync(context.Background(), ps, nil); err == nil || !strings.Contains(err.Error(), "duplicate passage id") {
		t.Errorf("duplicate ids: err = %v", err)
	}
	ps[1].ID = ""
	if _, err := ix.Sync(context.Background(), ps, nil); err == nil {
		t.Error("empty id: want error")
	}
}

func TestSyncProgressAndBatches(t *testing.T) {
	emb := &countingEmbedder{inner: NewLocal(8)}
	ix := mustOpen(t, "", emb, IndexOptions{BatchSize: 2})
	var got [][2]int
	_, err := ix.Sync(context.Background(), passages("a", "1", "2", "3", "4", "5"), func(done, total int) {
		got = append(got, [2]int{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{0, 5}, {2, 5}, {4, 5}, {5, 5}}
	if !slices.Equal(got, want) {
		t.Errorf("progress %v, want %v", got, want)
	}
	if calls, _ := emb.counts(); calls != 3 {
		t.Errorf("%d embed calls, want 3 batches", calls)
	}
}

func TestSyncInterrupted(t *testing.T) {
	dir := t.TempDir()
	emb := &countingEmbedder{inner: NewLocal(32)}
	ix := mustOpen(t, dir, emb, IndexOptions{Collection: "c", BatchSize: 2})
	good := passages("a", "first", "second", "third")
	mustSync(t, ix, good)

	more := append(slices.Clone(good), passages("b", "b1", "b2", "b3", "b4", "b5", "b6")...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emb.cancelAfter, emb.cancel = 3, cancel // the first Sync made calls 1-2; cancel after this Sync's first batch
	_, err := ix.Sync(ctx, more, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Sync: err = %v, want context.Canceled", err)
	}
	if ix.Len() != 3 {
		t.Errorf("after the interrupted Sync, Len() = %d, want the last good 3", ix.Len())
	}
	if re := mustOpen(t, dir, NewLocal(32), IndexOptions{Collection: "c"}); re.Len() != 3 {
		t.Errorf("snapshot after the interrupted Sync holds %d passages, want 3", re.Len())
	}

	_, before := emb.counts()
	rep := mustSync(t, ix, more)
	_, after := emb.counts()
	if rep.Added != 6 || rep.Unchanged != 3 || ix.Len() != 9 {
		t.Errorf("completing Sync: %+v, Len %d", rep, ix.Len())
	}
	// The 2 vectors of the interrupted Sync's first batch are reused.
	if after-before != 4 || rep.Embedded != 4 {
		t.Errorf("completing Sync embedded %d texts (report %d), want 4", after-before, rep.Embedded)
	}
	if re := mustOpen(t, dir, NewLocal(32), IndexOptions{Collection: "c"}); re.Len() != 9 {
		t.Errorf("snapshot holds %d passages, want 9", re.Len())
	}
}

func TestSyncOpenAINoCallsWhenUnchanged(t *testing.T) {
	f := newFakeEmbedServer(t)
	e, _ := newTestOpenAI(f, OpenAIOptions{BatchSize: 16})
	dir := t.TempDir()
	ps := bundledPassages(t)
	ix := mustOpen(t, dir, e, IndexOptions{Collection: e.Name(), BatchSize: 16})
	rep := mustSync(t, ix, ps)
	first := e.Calls()
	if rep.Embedded != len(ps) || first != int64((len(ps)+15)/16) {
		t.Fatalf("first Sync: %+v in %d calls for %d passages", rep, first, len(ps))
	}
	if rep := mustSync(t, ix, ps); rep.Embedded != 0 || rep.Unchanged != len(ps) || e.Calls() != first {
		t.Errorf("second Sync: %+v, %d new HTTP calls; want none", rep, e.Calls()-first)
	}
	// A restarted process: new embedder, same snapshot.
	e2, _ := newTestOpenAI(f, OpenAIOptions{BatchSize: 16})
	ix2 := mustOpen(t, dir, e2, IndexOptions{Collection: e2.Name()})
	if rep := mustSync(t, ix2, ps); rep.Embedded != 0 || e2.Calls() != 0 {
		t.Errorf("Sync after reopen: %+v, %d HTTP calls; want none", rep, e2.Calls())
	}
	hs, err := ix2.Search(context.Background(), "How many troops did North Korea decide to send?", 3)
	if err != nil || len(hs) == 0 {
		t.Fatalf("Search: %v, %d hits", err, len(hs))
	}
	if e2.Calls() != 1 {
		t.Errorf("a search made %d HTTP calls, want 1 (the query)", e2.Calls())
	}
}

func roundTrip(t *testing.T, n int) {
	dir := t.TempDir()
	emb := hashEmbedder{dims: 8}
	ps := make([]corpus.Passage, n)
	for i := range ps {
		art := fmt.Sprintf("article-%d", i/4)
		txt := fmt.Sprintf("passage %d of %s", i%4, art)
		ps[i] = corpus.Passage{ID: fmt.Sprintf("%s#chunk-%d", art, i%4), ArticleID: art, Ordinal: i % 4, Text: txt, Hash: textHash(txt)}
	}
	ix := mustOpen(t, dir, emb, IndexOptions{Collection: "hash-8", BatchSize: 4096})
	if rep := mustSync(t, ix, ps); rep.Added != n {
		t.Fatalf("Sync: %+v", rep)
	}
	re := mustOpen(t, dir, emb, IndexOptions{Collection: "hash-8"})
	if re.Len() != n {
		t.Fatalf("reopened index has %d passages, want %d", re.Len(), n)
	}
	re.mu.RLock()
	defer re.mu.RUnlock()
	if re.col.Count() != n {
		t.Errorf("chromem collection holds %d, want %d", re.col.Count(), n)
	}
	want, _ := emb.Embed(context.Background(), []string{ps[n-1].Text})
	for _, p := range ps {
		e, ok := re.entries[p.ID]
		if !ok || e.p.Hash != p.Hash {
			t.Fatalf("passage %s lost or changed after reopen", p.ID)
		}
	}
	if got := re.entries[ps[n-1].ID].vec; !slices.Equal(got, want[0]) {
		t.Errorf("vector of %s changed on the round trip", ps[n-1].ID)
	}
}

// TestSnapshotRoundTrip checks that no id is lost on a save and reload;
// chromem's own persistence loses one after about 125k ids (32-bit file
// name hashes), which the large case passes well beyond.
func TestSnapshotRoundTrip(t *testing.T) {
	t.Run("5k", func(t *testing.T) { roundTrip(t, 5_000) })
	t.Run("250k", func(t *testing.T) {
		if testing.Short() || raceEnabled {
			t.Skip("250k ids: skipped in -short mode and under -race (about 8x slower); the 5k case still runs")
		}
		roundTrip(t, 250_000)
	})
}

// logBuffer is a slog handler target that tests can read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestSnapshotDamaged(t *testing.T) {
	ps := passages("a", "one alpha", "two beta", "three gamma")
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o644)
		}},
		{"empty", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o644) }},
		{"flipped payload byte", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			b[headerLen+len(b[headerLen:])/2] ^= 0x40
			os.WriteFile(path, b, 0o644)
		}},
		{"flipped vector byte", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			b[len(b)-1] ^= 1
			os.WriteFile(path, b, 0o644)
		}},
		{"flipped checksum byte", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			b[12] ^= 1
			os.WriteFile(path, b, 0o644)
		}},
		{"vectors moved", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			binary.LittleEndian.PutUint64(b[56:64], binary.LittleEndian.Uint64(b[56:64])+vecAlign)
			os.WriteFile(path, b, 0o644)
		}},
		{"other version", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			binary.BigEndian.PutUint32(b[8:12], snapshotVersion+1)
			os.WriteFile(path, b, 0o644)
		}},
		{"trailing bytes", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, append(b, 0), 0o644)
		}},
		{"not a snapshot", func(t *testing.T, path string) { os.WriteFile(path, []byte("hello, world, this is not it"), 0o644) }},
		{"another collection's file", func(t *testing.T, path string) {
			other := mustOpen(t, t.TempDir(), NewLocal(8), IndexOptions{Collection: "other"})
			mustSync(t, other, ps)
			b, _ := os.ReadFile(other.path)
			os.WriteFile(path, b, 0o644)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ix := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
			mustSync(t, ix, ps)
			tt.damage(t, ix.path)

			var logs logBuffer
			re := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if re.Len() != 0 {
				t.Errorf("damaged snapshot: Len() = %d, want 0 (never a partial load)", re.Len())
			}
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), ix.path) {
				t.Errorf("no warning naming the file; logs:\n%s", logs.String())
			}
			aside, _ := filepath.Glob(ix.path + ".corrupt-*")
			if len(aside) != 1 {
				t.Errorf("damaged file not moved aside: %v", aside)
			}
			if rep := mustSync(t, re, ps); rep.Added != 3 || rep.Embedded != 3 {
				t.Errorf("rebuild: %+v", rep)
			}
			if again := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"}); again.Len() != 3 {
				t.Errorf("rebuilt snapshot holds %d passages, want 3", again.Len())
			}
		})
	}
}

func TestSnapshotInterruptedWrite(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
	mustSync(t, ix, passages("a", "one", "two"))
	// A crash between creating the temp file and renaming it leaves this.
	tmp := ix.path + ".tmp-123456"
	if err := os.WriteFile(tmp, []byte(snapshotMagic+"half a snapsh"), 0o644); err != nil {
		t.Fatal(err)
	}
	re := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
	if re.Len() != 2 {
		t.Errorf("after an interrupted write, Len() = %d, want the last good 2", re.Len())
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp file of the interrupted write left behind: %v", err)
	}
}

func TestSnapshotWriteErrorNamesPath(t *testing.T) {
	t.Run("directory gone", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir, []byte("a file where the directory was"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ix.Sync(context.Background(), passages("a", "one"), nil)
		if err == nil || !strings.Contains(err.Error(), ix.path) {
			t.Fatalf("err = %v, want one naming %s", err, ix.path)
		}
	})
	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores directory permissions")
		}
		dir := t.TempDir()
		ix := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		_, err := ix.Sync(context.Background(), passages("a", "one"), nil)
		if err == nil || !strings.Contains(err.Error(), ix.path) {
			t.Fatalf("err = %v, want one naming %s", err, ix.path)
		}
	})
	t.Run("open under a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o644)
		_, err := Open(context.Background(), filepath.Join(f, "index"), NewLocal(8), IndexOptions{Logger: quietLogger()})
		if err == nil || !strings.Contains(err.Error(), f) {
			t.Fatalf("err = %v, want one naming %s", err, f)
		}
	})
}

func TestCollectionsDoNotMix(t *testing.T) {
	dir := t.TempDir()
	a := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "local-v2-8"})
	mustSync(t, a, passages("a", "one", "two"))
	b := mustOpen(t, dir, NewLocal(16), IndexOptions{Collection: "local-v2-16"})
	if b.Len() != 0 {
		t.Fatalf("a new collection in the same dir sees %d passages of another", b.Len())
	}
	mustSync(t, b, passages("a", "one"))
	if a.path == b.path {
		t.Fatal("two collections share a snapshot file")
	}
	if re := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "local-v2-8"}); re.Len() != 2 {
		t.Errorf("collection a reopened with %d passages, want 2", re.Len())
	}
	// Names that sanitise alike still get their own files.
	if snapshotFile("x/y") == snapshotFile("x_y") {
		t.Error("snapshotFile collides on sanitised names")
	}
}

func TestDenseClampsToCount(t *testing.T) {
	ix := mustOpen(t, "", NewLocal(32), IndexOptions{})
	ctx := context.Background()
	if hs, err := ix.Dense(ctx, "anything", 10); err != nil || len(hs) != 0 {
		t.Errorf("empty index: Dense = %d hits, %v", len(hs), err)
	}
	mustSync(t, ix, passages("a", "troops sent to Russia", "the Kremlin declined", "envoy at the UN"))
	hs, err := ix.Dense(ctx, "troops", 10)
	if err != nil || len(hs) != 3 {
		t.Fatalf("Dense(k=10) over 3 passages: %d hits, %v", len(hs), err)
	}
	if hs[0].Passage.ID != "a#0" || hs[0].DenseRank != 1 || hs[0].DenseScore <= hs[1].DenseScore {
		t.Errorf("Dense order: %v", passageIDs(hs))
	}
	lx, err := ix.Lexical(ctx, "Kremlin", 10)
	if err != nil || len(lx) != 1 || lx[0].Passage.ID != "a#1" || lx[0].LexicalRank != 1 {
		t.Errorf("Lexical: %v, %v", passageIDs(lx), err)
	}
	if hs, err := ix.Search(ctx, "troops sent to Russia", 10); err != nil || len(hs) == 0 || len(hs) > 3 {
		t.Errorf("Search(k=10): %d hits, %v", len(hs), err)
	}
}

func TestSearchCollapsesDuplicates(t *testing.T) {
	wire := "Seoul's spy agency said the North had decided to send around 12,000 troops to fight Russia's war in Ukraine, and had already dispatched 1,500 soldiers to Vladivostok for training."
	var ps []corpus.Passage
	ps = append(ps, passages("outlet-a", wire, "The Kremlin declined to confirm the reports.")...)
	ps = append(ps, passages("outlet-b", "Unrelated opening about the weather in Seoul.", wire+" (Yonhap)")...)
	ps = append(ps, passages("outlet-c", "A different report: 11,000 regular troops, the Ukrainian envoy said.")...)
	ix := mustOpen(t, "", NewLocal(0), IndexOptions{})
	mustSync(t, ix, ps)
	hs, err := ix.Search(context.Background(), "How many troops did the North send to fight Russia's war?", 3)
	if err != nil || len(hs) == 0 {
		t.Fatalf("Search: %d hits, %v", len(hs), err)
	}
	top := hs[0]
	if !strings.Contains(top.Passage.Text, "12,000") || len(top.Duplicates) != 1 || !strings.Contains(top.Duplicates[0].Text, "12,000") {
		t.Fatalf("top hit %s with duplicates %v; want the wire copy with the other copy collapsed", top.Passage.ID, passageIDs(hitsOf(top.Duplicates)))
	}
	for _, h := range hs[1:] {
		if strings.Contains(h.Passage.Text, "12,000") {
			t.Errorf("copy %s listed again as its own hit", h.Passage.ID)
		}
	}
	off := mustOpen(t, "", NewLocal(0), IndexOptions{DuplicateJaccard: -1})
	mustSync(t, off, ps)
	if hs, _ := off.Search(context.Background(), "How many troops did the North send to fight Russia's war?", 3); len(hs[0].Duplicates) != 0 {
		t.Error("collapsing disabled, still collapsed")
	}
}

func hitsOf(ps []corpus.Passage) []Hit {
	hs := make([]Hit, len(ps))
	for i, p := range ps {
		hs[i] = Hit{Passage: p}
	}
	return hs
}

// TestSearchRanksWithoutRefusing: Search always returns its closest
// passages, even for a question the coverage does not answer (whether to
// answer is the answer package's decision), and names, spelt as asked or
// nearly alike, find their passages.
func TestSearchRanksWithoutRefusing(t *testing.T) {
	ix := bundledIndex(t, NewLocal(0), IndexOptions{Collection: "local"})
	for _, tt := range []struct {
		q    string
		want string // text one of the top 3 holds; "" for any hits at all
	}{
		{"How did China react to the reports of North Korean troops in Russia?", ""},
		{"What did the Pope say about the deployment?", ""},
		{"Who is Hwang Jun Kook?", "Hwang Jun Kook"},
		{"What did Kim Hong-kyun demand?", "Kim Hong Kyun"},
	} {
		hs, err := ix.Search(context.Background(), tt.q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 3 {
			t.Errorf("Search(%q): %d hits, want 3", tt.q, len(hs))
			continue
		}
		if tt.want != "" && !slices.ContainsFunc(hs, func(h Hit) bool { return strings.Contains(h.Passage.Text, tt.want) }) {
			t.Errorf("Search(%q): no %q in the top 3 %v", tt.q, tt.want, passageIDs(hs))
		}
	}
}

func TestFusion(t *testing.T) {
	p := func(id string) corpus.Passage { return corpus.Passage{ID: id} }
	dense := []Hit{{Passage: p("a"), DenseScore: 0.9, DenseRank: 1}, {Passage: p("b"), DenseScore: 0.5, DenseRank: 2}}
	lex := []Hit{{Passage: p("b"), LexicalScore: 12, LexicalRank: 1}, {Passage: p("c"), LexicalScore: 3, LexicalRank: 2}}
	rrf := fuse(dense, lex, FusionRRF)
	if got := passageIDs(rrf); !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Errorf("RRF order %v, want [b a c]", got)
	}
	if b := rrf[0]; b.DenseRank != 2 || b.LexicalRank != 1 || b.LexicalScore != 12 || b.DenseScore != 0.5 {
		t.Errorf("fused hit lost its components: %+v", b)
	}
	if want := 1.0/62 + 1.0/61; math.Abs(rrf[0].Score-want) > 1e-12 {
		t.Errorf("RRF score %v, want %v", rrf[0].Score, want)
	}
	mm := fuse(dense, lex, FusionMinMax)
	if got := passageIDs(mm); !slices.Equal(got, []string{"a", "b", "c"}) || mm[0].Score != 1 || mm[1].Score != 1 {
		t.Errorf("min-max order %v scores %v", got, []float64{mm[0].Score, mm[1].Score})
	}
}

func TestBM25(t *testing.T) {
	b := newBM25([]string{"x", "y", "z"}, []string{
		"North Korea sent troops. Troops, troops.",
		"The Kremlin declined to confirm.",
		"Soldiers were dispatched to Vladivostok.",
	})
	got := b.search(contentStems("How many soldiers were sent?"), 10)
	if len(got) != 2 || b.ids[got[0].doc] != "z" && b.ids[got[0].doc] != "x" {
		t.Errorf("search = %+v", got)
	}
	if b.df("troop") != 2 { // soldiers folds onto troops
		t.Errorf("df(troop) = %d, want 2", b.df("troop"))
	}
	if res := b.search(contentStems("the of and"), 10); len(res) != 0 {
		t.Errorf("stop words matched: %+v", res)
	}
	if res := newBM25(nil, nil).search([]string{"x"}, 3); res != nil {
		t.Errorf("empty index: %+v", res)
	}
}

func TestSearchSyncConcurrent(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), NewLocal(64), IndexOptions{Collection: "c", BatchSize: 3})
	v1 := bundledPassages(t)
	v2 := v1[:len(v1)/2]
	mustSync(t, ix, v1)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := range 30 {
				if _, err := ix.Search(ctx, "How many troops did North Korea send?", 5); err != nil {
					t.Error(err)
					return
				}
				ix.Dense(ctx, "Kremlin", 3)
				ix.Lexical(ctx, "envoy", 3)
				_ = ix.Passages()
				_ = ix.Len() + g + i
			}
		})
	}
	wg.Go(func() {
		for i := range 6 {
			ps := v1
			if i%2 == 0 {
				ps = v2
			}
			if _, err := ix.Sync(ctx, ps, nil); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()
}

// passageIDs returns the ids of hits.
func passageIDs(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Passage.ID
	}
	return out
}
