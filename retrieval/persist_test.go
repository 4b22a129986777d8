package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/corpus"
)

// writeSnapshotV1 writes es as the version 1 code did (gob, SHA-256).
func writeSnapshotV1(t *testing.T, path, collection string, es []*entry) {
	t.Helper()
	snap := snapshotV1{Collection: collection}
	for _, e := range es {
		snap.Dims = len(e.vec)
		snap.Entries = append(snap.Entries, snapEntryV1{Passage: e.p, Vector: slices.Clone(e.vec)})
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(&snap); err != nil {
		t.Fatal(err)
	}
	var hdr [headerLenV1]byte
	copy(hdr[:8], snapshotMagic)
	binary.BigEndian.PutUint32(hdr[8:12], 1)
	binary.BigEndian.PutUint64(hdr[12:20], uint64(payload.Len()))
	sum := sha256.Sum256(payload.Bytes())
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.Write(hdr[:])
	w.Write(payload.Bytes())
	w.Write(sum[:])
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func fileVersion(t *testing.T, path string) uint32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 12 {
		t.Fatalf("read %s: %v", path, err)
	}
	return binary.BigEndian.Uint32(b[8:12])
}

// zoned passages carry an article published in a zone of its own, so the
// round trip must keep the zone for Date() to stay the same day.
func zoned() []corpus.Passage {
	ps := passages("a", "one alpha", "two beta gamma", "three alpha gamma delta")
	ps = append(ps, passages("b", "four delta", "five beta")...)
	tz := time.FixedZone("east", 11*3600)
	for i := range ps {
		ps[i].Title, ps[i].Outlet, ps[i].URL = "Title "+ps[i].ArticleID, "Outlet", "https://example.org/"+ps[i].ArticleID
		ps[i].Published = time.Date(2025, 3, 1, 8, 0, 0, 0, tz) // 2025-02-28 in UTC
		ps[i].Sentences = []corpus.Span{{Start: 0, End: len(ps[i].Text)}}
	}
	return ps
}

func samePassages(t *testing.T, got *Index, want []corpus.Passage) {
	t.Helper()
	gp := got.Passages()
	if len(gp) != len(want) {
		t.Fatalf("%d passages, want %d", len(gp), len(want))
	}
	for i, p := range want {
		p.Hash = passageHash(p)
		if !samePassage(gp[i], p) || gp[i].Date() != p.Date() {
			t.Errorf("passage %d = %+v; want %+v", i, gp[i], p)
		}
	}
}

// TestSnapshotV1Upgrade: a version 1 file keeps every passage and vector,
// embeds nothing, and is rewritten as version 2 on open.
func TestSnapshotV1Upgrade(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ps := zoned()
	emb := &countingEmbedder{inner: NewLocal(16)}
	mem := mustOpen(t, "", emb, IndexOptions{Collection: "c"})
	mustSync(t, mem, ps)
	path, err := prepareDir(dir, "c")
	if err != nil {
		t.Fatal(err)
	}
	writeSnapshotV1(t, path, "c", mem.sorted)
	_, before := emb.counts()

	var logs logBuffer
	ix := mustOpen(t, dir, emb, IndexOptions{Collection: "c", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	samePassages(t, ix, ps)
	for _, e := range mem.sorted {
		if !slices.Equal(ix.entries[e.p.ID].vec, e.vec) {
			t.Errorf("vector of %s changed", e.p.ID)
		}
	}
	if v := fileVersion(t, path); v != snapshotVersion {
		t.Errorf("file is version %d after open; want %d", v, snapshotVersion)
	}
	if !strings.Contains(logs.String(), "upgraded") {
		t.Errorf("upgrade not logged:\n%s", logs.String())
	}
	if rep := mustSync(t, ix, ps); rep.Unchanged != len(ps) || rep.Embedded != 0 {
		t.Errorf("sync after upgrade: %+v", rep)
	}
	re := mustOpen(t, dir, emb, IndexOptions{Collection: "c"})
	samePassages(t, re, ps)
	if !re.lexLoaded {
		t.Error("postings not read from the upgraded file")
	}
	if hits, err := re.Search(ctx, "alpha gamma", 2); err != nil || len(hits) != 2 || hits[0].Passage.Text != "three alpha gamma delta" {
		t.Errorf("search after upgrade: %v, %v", hits, err)
	}
	if _, after := emb.counts(); after-before != 1 { // the query
		t.Errorf("%d texts embedded after the upgrade; want only the query", after-before)
	}
}

// TestSnapshotPostings: the BM25 postings come back from the file and rank
// exactly as freshly made ones; another build's postings are remade and
// the file rewritten with this build's.
func TestSnapshotPostings(t *testing.T) {
	dir := t.TempDir()
	ps := zoned()
	ix := mustOpen(t, dir, NewLocal(16), IndexOptions{Collection: "c"})
	mustSync(t, ix, ps)
	fp := ix.Fingerprint()
	if fp == "" {
		t.Fatal("no fingerprint after a sync that wrote the snapshot")
	}
	re := mustOpen(t, dir, NewLocal(16), IndexOptions{Collection: "c"})
	if !re.lexLoaded || re.Fingerprint() != fp {
		t.Fatalf("reopen: postings read %v, fingerprint %q want %q", re.lexLoaded, re.Fingerprint(), fp)
	}
	samePassages(t, re, ps)
	for _, q := range []string{"alpha", "beta gamma", "delta four", "nothing"} {
		a, _ := ix.Lexical(context.Background(), q, 10)
		b, _ := re.Lexical(context.Background(), q, 10)
		if len(a) != len(b) {
			t.Fatalf("%q: %d hits from the file, %d made", q, len(b), len(a))
		}
		for i := range a {
			if a[i].Passage.ID != b[i].Passage.ID || a[i].LexicalScore != b[i].LexicalScore {
				t.Errorf("%q hit %d: %s %v from the file, %s %v made", q, i, b[i].Passage.ID, b[i].LexicalScore, a[i].Passage.ID, a[i].LexicalScore)
			}
		}
	}

	old := lexKey
	lexKey = "bm25-1 another build"
	t.Cleanup(func() { lexKey = old })
	other := mustOpen(t, dir, NewLocal(16), IndexOptions{Collection: "c"})
	if other.lexLoaded {
		t.Error("another build's postings were used")
	}
	samePassages(t, other, ps)
	again := mustOpen(t, dir, NewLocal(16), IndexOptions{Collection: "c"})
	if !again.lexLoaded {
		t.Error("the rewritten file's postings were not used")
	}
	if mem := mustOpen(t, "", NewLocal(16), IndexOptions{Collection: "c"}); mem.Fingerprint() != "" {
		t.Errorf("memory-only fingerprint %q", mem.Fingerprint())
	}
	mustSync(t, again, ps[:3])
	if again.Fingerprint() == fp || again.Fingerprint() == "" {
		t.Errorf("fingerprint %q after a change; was %q", again.Fingerprint(), fp)
	}
}
