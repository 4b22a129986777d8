package feed

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Validators are the conditional-request values of a feed's last full
// response (the same shape as fetch.Validators, declared here so that feed
// imports nothing of the module).
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// FeedState is what is remembered of one feed between polls and restarts.
type FeedState struct {
	Validators Validators           `json:"validators"`
	Seen       map[string]time.Time `json:"seen"` // item id → when first seen
	LastPoll   time.Time            `json:"last_poll"`
	LastError  string               `json:"last_error,omitempty"`
}

// State is the polling state of every feed, kept in one JSON file
// (NEWSBOT_DATA_DIR/feeds.json). It is safe for concurrent use.
type State struct {
	mu    sync.Mutex
	path  string
	Feeds map[string]*FeedState `json:"feeds"`
}

// seenLimit caps the item ids remembered per feed; the oldest go first.
// A feed lists far fewer items than this at a time.
const seenLimit = 2000

// OpenState reads the state file at path; a missing file is an empty
// state. A damaged file is an error naming it (it is not overwritten).
func OpenState(path string) (*State, error) {
	s := &State{path: path, Feeds: map[string]*FeedState{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read feed state: %w", err)
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("read feed state %s: %w (move it away to start afresh: every feed item would be fetched again)", path, err)
	}
	if s.Feeds == nil {
		s.Feeds = map[string]*FeedState{}
	}
	return s, nil
}

// Get returns a copy of the state of the feed at url.
func (s *State) Get(url string) FeedState {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.Feeds[url]
	if fs == nil {
		return FeedState{Seen: map[string]time.Time{}}
	}
	c := *fs
	c.Seen = make(map[string]time.Time, len(fs.Seen))
	for k, v := range fs.Seen {
		c.Seen[k] = v
	}
	return c
}

// Seen reports whether item id of the feed at url was handled before.
func (s *State) Seen(url, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.Feeds[url]
	if fs == nil {
		return false
	}
	_, ok := fs.Seen[id]
	return ok
}

// Update changes the state of the feed at url with fn and saves the file.
func (s *State) Update(url string, fn func(*FeedState)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.Feeds[url]
	if fs == nil {
		fs = &FeedState{Seen: map[string]time.Time{}}
		s.Feeds[url] = fs
	}
	if fs.Seen == nil {
		fs.Seen = map[string]time.Time{}
	}
	fn(fs)
	if len(fs.Seen) > seenLimit {
		type kv struct {
			k string
			t time.Time
		}
		var all []kv
		for k, t := range fs.Seen {
			all = append(all, kv{k, t})
		}
		slices.SortFunc(all, func(a, b kv) int { return a.t.Compare(b.t) })
		for _, e := range all[:len(all)-seenLimit] {
			delete(fs.Seen, e.k)
		}
	}
	return s.save()
}

// save writes the file atomically: a temporary file renamed over the old.
func (s *State) save() error {
	if s.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".feeds-*.json")
	if err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save feed state: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save feed state: %w", err)
	}
	return nil
}
