package retrieval

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"sync"
	"testing"
)

// memSnapshots is a SnapshotStore in memory: a second backend, as a
// shared database would be, written only against the interface.
type memSnapshots struct {
	mu          sync.Mutex
	snap, stats []byte
	aside       [][]byte
	saves       int
}

func (m *memSnapshots) Load() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.snap == nil {
		return nil, fmt.Errorf("memory snapshot: %w", fs.ErrNotExist)
	}
	return m.snap, nil // never written again: Save makes a new slice
}

func (m *memSnapshots) Save(write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	m.mu.Lock()
	m.snap = b.Bytes()
	m.saves++
	m.mu.Unlock()
	return nil
}

func (m *memSnapshots) SetAside() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.aside = append(m.aside, m.snap)
	m.snap = nil
	return fmt.Sprintf("memory aside %d", len(m.aside)), nil
}

func (m *memSnapshots) LoadStats() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stats == nil {
		return nil, fs.ErrNotExist
	}
	return slices.Clone(m.stats), nil
}

func (m *memSnapshots) SaveStats(data []byte) error {
	m.mu.Lock()
	m.stats = slices.Clone(data)
	m.mu.Unlock()
	return nil
}

func (m *memSnapshots) Name() string { return "memory" }

// TestSnapshotStoreInMemory: an index kept in another SnapshotStore opens,
// syncs, and reopens from it with the same passages, postings and search
// results, and its statistics and damage handling go through the store.
func TestSnapshotStoreInMemory(t *testing.T) {
	ctx := context.Background()
	store := &memSnapshots{}
	ps := zoned()
	ix := mustOpen(t, "", NewLocal(16), IndexOptions{Collection: "c", Store: store})
	if ix.Len() != 0 || ix.path != "" {
		t.Fatalf("empty store: Len() = %d, path %q", ix.Len(), ix.path)
	}
	mustSync(t, ix, ps)
	if store.saves != 1 || store.snap == nil || ix.Fingerprint() == "" {
		t.Fatalf("sync saved %d times, fingerprint %q", store.saves, ix.Fingerprint())
	}
	if err := ix.SaveStats("k", []byte("stats")); err != nil {
		t.Fatal(err)
	}

	emb := &countingEmbedder{inner: NewLocal(16)}
	re := mustOpen(t, t.TempDir(), emb, IndexOptions{Collection: "c", Store: store}) // dir unused
	samePassages(t, re, ps)
	if !re.lexLoaded || re.Fingerprint() != ix.Fingerprint() {
		t.Errorf("reopen: postings read %v, fingerprint %q want %q", re.lexLoaded, re.Fingerprint(), ix.Fingerprint())
	}
	if store.saves != 1 {
		t.Errorf("reopening saved again (%d saves)", store.saves)
	}
	for _, q := range []string{"alpha", "beta gamma", "delta four", "nothing"} {
		a, err := ix.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		b, err := re.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%q: %d hits reopened, %d before", q, len(b), len(a))
		}
		for i := range a {
			if a[i].Passage.ID != b[i].Passage.ID || a[i].Score != b[i].Score {
				t.Errorf("%q hit %d: %s %v reopened, %s %v before", q, i, b[i].Passage.ID, b[i].Score, a[i].Passage.ID, a[i].Score)
			}
		}
	}
	if b, err := re.LoadStats("k"); string(b) != "stats" || err != nil {
		t.Errorf("LoadStats = %q, %v", b, err)
	}
	if rep := mustSync(t, re, ps); rep.Unchanged != len(ps) || rep.Embedded != 0 {
		t.Errorf("sync after reopen: %+v", rep)
	}

	// Damage is set aside through the store, and the index starts empty.
	store.snap = append(slices.Clone(store.snap[:len(store.snap)-1]), store.snap[len(store.snap)-1]^1)
	var logs logBuffer
	bad := mustOpen(t, "", NewLocal(16), IndexOptions{Collection: "c", Store: store, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if bad.Len() != 0 || len(store.aside) != 1 || store.snap != nil {
		t.Errorf("damaged: Len() = %d, %d set aside, snapshot left %v", bad.Len(), len(store.aside), store.snap != nil)
	}
	if !bytes.Contains([]byte(logs.String()), []byte("memory aside 1")) {
		t.Errorf("setting aside not logged:\n%s", logs.String())
	}
}
