package retrieval

import (
	"context"
	"strings"
	"testing"
)

// paraphraseEmbedder stands in for a semantic embedding model: it knows
// that a "contingent" is a body of troops, which word overlap cannot.
type paraphraseEmbedder struct{ *Local }

func (p paraphraseEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	r := strings.NewReplacer("contingent", "troops", "committed", "send")
	folded := make([]string, len(texts))
	for i, t := range texts {
		folded[i] = r.Replace(t)
	}
	return p.Local.Embed(ctx, folded)
}

func TestDenseFloorLetsParaphrasesThrough(t *testing.T) {
	const q = "How big a contingent did Seoul's intelligence service say Pyongyang had committed?"
	emb := paraphraseEmbedder{NewLocal(0)}
	for _, tt := range []struct {
		name       string
		denseFloor float64
		query      string
		wantHits   bool
	}{
		{"words alone refuse a paraphrase", 0, q, false},
		{"a semantic match clears the dense floor", 0.3, q, true},
		{"an unrelated question stays refused", 0.3, "When does the tram line extension open to passengers?", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := bundledIndex(t, emb, IndexOptions{Collection: "para", DenseFloor: tt.denseFloor})
			hits, err := ix.Search(t.Context(), tt.query, 6)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(hits) > 0; got != tt.wantHits {
				r, _ := ix.Relevance(t.Context(), tt.query)
				t.Fatalf("got %d hits; want hits=%v (relevance %+v)", len(hits), tt.wantHits, r)
			}
			var top strings.Builder
			for _, h := range hits[:min(3, len(hits))] {
				top.WriteString(h.Passage.Text)
			}
			if tt.wantHits && !strings.Contains(top.String(), "12,000") {
				t.Errorf("the 12,000 troops passage is not in the top 3")
			}
		})
	}
}
