package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// reloader keeps the index in line with a corpus folder while the bot
// answers: it fingerprints the folder's article files (name, size,
// modification time) and, when the fingerprint changes, loads the corpus
// again and syncs the index incrementally (retrieval.Index.Sync is safe
// alongside Search, so questions go on being answered from the old
// passages until the new ones are in).
type reloader struct {
	a  *app
	ix *retrieval.Index

	mu   sync.Mutex // one sync at a time
	last string     // fingerprint of the corpus the index was last synced with
}

// newReloader returns a reloader for an index just synced with the corpus.
func newReloader(a *app, ix *retrieval.Index) (*reloader, error) {
	r := &reloader{a: a, ix: ix}
	fp, err := r.fingerprint()
	if err != nil {
		return nil, err
	}
	r.last = fp
	return r, nil
}

// fingerprint hashes the name, size and modification time of every article
// file at the root of the corpus folder and of the fetched articles folder
// (NEWSBOT_DATA_DIR/articles); the bundled corpus cannot change.
func (r *reloader) fingerprint() (string, error) {
	h := sha256.New()
	for _, dir := range []string{r.a.cfg.CorpusDir, r.a.articlesDir()} {
		if dir == "" {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			if dir == r.a.articlesDir() && os.IsNotExist(err) {
				continue // nothing fetched yet
			}
			return "", fmt.Errorf("watch corpus folder %s: %w", dir, unwrapPath(err))
		}
		fmt.Fprintf(h, "%s\n", dir)
		for _, e := range entries {
			ext := strings.ToLower(path.Ext(e.Name()))
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") || (ext != ".md" && ext != ".txt") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				if os.IsNotExist(err) {
					continue // removed while listing
				}
				return "", fmt.Errorf("watch corpus file %s: %w", e.Name(), err)
			}
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Check syncs the index if the corpus folder changed since the last sync,
// and reports whether it did.
func (r *reloader) Check(ctx context.Context) (bool, error) {
	fp, err := r.fingerprint()
	if err != nil {
		return false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if fp == r.last {
		return false, nil
	}
	if _, err := r.a.syncIndex(ctx, r.ix); err != nil {
		return false, err
	}
	r.last = fp
	return true, nil
}

// Watch checks the corpus every interval until ctx ends. Errors are logged
// and the index keeps its passages; the next tick tries again.
func (r *reloader) Watch(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		changed, err := r.Check(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.a.log.Error("corpus reload failed; answering from the index as it was", "dir", r.a.cfg.CorpusDir, "err", err)
		case changed:
			r.a.log.Info("corpus reloaded", "dir", r.a.cfg.CorpusDir, "passages", r.ix.Len())
		}
	}
}
