// Package testindex builds a real index for tests: articles loaded from an
// fs.FS (corpus.Bundled() for the bundled coverage), chunked with the
// corpus defaults and synced into an in-memory retrieval.Index with the
// offline embedder. It is the one "real index" setup of the packages above
// retrieval (retrieval's own tests cannot import it: it imports retrieval).
package testindex

import (
	"io"
	"io/fs"
	"log/slog"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// Build returns an in-memory index over the articles of fsys, embedded with
// retrieval.NewLocal(0). A folder with no article fails t.
func Build(t testing.TB, fsys fs.FS) *retrieval.Index {
	t.Helper()
	return BuildWith(t, fsys, retrieval.NewLocal(0))
}

// Embedder is an embedder that names its collection, as the index needs.
type Embedder interface {
	retrieval.Embedder
	Name() string
}

// BuildWith is Build with another embedder: retrieval.NewMeaning over the
// USE-Lite model is what `newsbot` uses offline.
func BuildWith(t testing.TB, fsys fs.FS, emb Embedder) *retrieval.Index {
	t.Helper()
	arts, err := corpus.Load(fsys)
	if err != nil {
		t.Fatalf("load coverage: %v", err)
	}
	if len(arts) == 0 {
		t.Fatal("load coverage: no articles")
	}
	ix, err := retrieval.Open(t.Context(), "", emb, retrieval.IndexOptions{Collection: emb.Name(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	if _, err := ix.Sync(t.Context(), corpus.ChunkAll(arts, corpus.ChunkOptions{}), nil); err != nil {
		t.Fatalf("sync index: %v", err)
	}
	return ix
}
