package retrieval

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// downAfterSync embeds normally until down is set, then fails as an
// unreachable endpoint does.
type downAfterSync struct {
	inner Embedder
	down  atomic.Bool
}

func (d *downAfterSync) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if d.down.Load() {
		return nil, errors.New("embeddings endpoint: connection refused")
	}
	return d.inner.Embed(ctx, texts)
}

// TestSearchWordsOnlyWhenEmbeddingFails: with the embeddings endpoint down
// at question time, Search still answers from the lexical ranking and
// marks every hit as found by words alone; a cancelled context still fails.
func TestSearchWordsOnlyWhenEmbeddingFails(t *testing.T) {
	emb := &downAfterSync{inner: NewLocal(256)}
	ix := mustOpen(t, "", emb, IndexOptions{})
	mustSync(t, ix, passages("a", "The envoy said 12,000 troops were sent.", "Markets rose on Monday."))
	emb.down.Store(true)

	hits, err := ix.Search(t.Context(), "how many troops were sent", 3)
	if err != nil {
		t.Fatalf("Search with the endpoint down: %v", err)
	}
	if len(hits) == 0 || hits[0].Passage.ID != "a#0" {
		t.Fatalf("hits = %+v; want a#0 first", hits)
	}
	for _, h := range hits {
		if !h.LexicalOnly || h.DenseRank != 0 {
			t.Errorf("hit %s: LexicalOnly %t DenseRank %d; want true, 0", h.Passage.ID, h.LexicalOnly, h.DenseRank)
		}
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ix.Search(ctx, "troops", 3); err == nil {
		t.Error("Search with a cancelled context: no error")
	}
}
