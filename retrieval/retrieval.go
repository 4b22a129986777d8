// Package retrieval turns passages into something searchable: embedders
// (OpenAI-compatible and local), a persistent chromem-go index kept in sync
// with the corpus, a BM25 lexical index, and hybrid search over both.
package retrieval

import (
	"context"

	"github.com/newsbot/newsbot/corpus"
)

// Embedder turns texts into unit-length vectors, one per text, in order.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Hit is one search result.
type Hit struct {
	Passage      corpus.Passage
	Score        float64          // fused score, higher is better
	DenseScore   float64          // cosine similarity, 0 when not found by the dense path
	LexicalScore float64          // BM25 score, 0 when not found by the lexical path
	DenseRank    int              // 1-based rank in the dense list, 0 when absent
	LexicalRank  int              // 1-based rank in the lexical list, 0 when absent
	Duplicates   []corpus.Passage // near-copies in other articles collapsed into this hit
	LexicalOnly  bool             // found by words alone: the query could not be embedded (endpoint down)
}
