package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// SummaryCache keeps finished summaries by key (a hash of the passages,
// the scope, the prompt versions and the model; see summaryKey), so that
// asking again makes no model request. It is what Summary needs of a
// store: DirCache keeps the entries in files, and a shared database can
// slot in behind the same two methods (docs/STORAGE.md).
//
// Implementations must be safe for concurrent use. A failing cache never
// fails a summary: Summary logs the error and goes on without it.
type SummaryCache interface {
	// Get returns the summary stored under key, or ErrNotCached.
	Get(ctx context.Context, key string) (*Answer, error)
	// Put stores a under key, replacing any earlier entry.
	Put(ctx context.Context, key string, a *Answer) error
}

// ErrNotCached is SummaryCache.Get's answer for a key it does not hold.
var ErrNotCached = errors.New("summary not cached")

// DirCache is the embedded SummaryCache: one JSON file a summary,
// summary-<key>.json in Dir, written to a temporary file and renamed into
// place so that a crash leaves the old entry or the new one. An entry that
// cannot be read is treated as absent (and rewritten on the next Put).
type DirCache struct {
	Dir string
}

var _ SummaryCache = DirCache{}

func (c DirCache) path(key string) string { return filepath.Join(c.Dir, "summary-"+key+".json") }

// Get reads summary-<key>.json.
func (c DirCache) Get(ctx context.Context, key string) (*Answer, error) {
	b, err := os.ReadFile(c.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotCached
	}
	if err != nil {
		return nil, fmt.Errorf("summary cache: %w", err)
	}
	var ans Answer
	if err := json.Unmarshal(b, &ans); err != nil {
		return nil, fmt.Errorf("summary cache %s: %w", c.path(key), err)
	}
	return &ans, nil
}

// Put writes summary-<key>.json atomically (temporary file, then rename).
func (c DirCache) Put(ctx context.Context, key string, a *Answer) error {
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("summary cache: encode %s: %w", key, err)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return fmt.Errorf("summary cache: %w", err)
	}
	f, err := os.CreateTemp(c.Dir, "summary-*.tmp")
	if err != nil {
		return fmt.Errorf("summary cache: %w", err)
	}
	_, werr := f.Write(b)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("summary cache: write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), c.path(key)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("summary cache: %w", err)
	}
	return nil
}

// memCache is the in-memory layer in front of Options.SummaryCache: each
// summary is read from the backing store at most once per process. Answers
// are copied in and out, so a caller changing one (Cached, Timings) does
// not change the cache.
type memCache struct {
	mu      sync.Mutex
	entries map[string]*Answer
}

func (m *memCache) get(key string) (*Answer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.entries[key]
	if !ok {
		return nil, false
	}
	cp := *a
	return &cp, true
}

func (m *memCache) put(key string, a *Answer) {
	cp := *a
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]*Answer{}
	}
	m.entries[key] = &cp
}
