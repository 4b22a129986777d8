package retrieval

import (
	"context"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/synth"
)

// benchIndex indexes synthetic coverage of about 10k passages with the
// local embedder.
func benchIndex(b *testing.B) *Index {
	b.Helper()
	arts, err := corpus.Load(synth.FS(synth.Options{Seed: 1, Articles: 1250}))
	if err != nil {
		b.Fatal(err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	emb := NewLocal(0)
	ix := mustOpen(b, "", emb, IndexOptions{Collection: emb.Name(), BatchSize: 1024})
	mustSync(b, ix, ps)
	b.Logf("%d passages", ix.Len())
	return ix
}

const benchQuery = "How many troops did the ministry say were sent to the border?"

// BenchmarkSearch compares the hybrid search with its parts and with
// chromem-go's bare QueryEmbedding on the same vectors.
func BenchmarkSearch(b *testing.B) {
	ix := benchIndex(b)
	ctx := context.Background()
	qv, err := ix.embedQuery(ctx, benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("hybrid", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Search(ctx, benchQuery, 6); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dense", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Dense(ctx, benchQuery, 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lexical", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Lexical(ctx, benchQuery, 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("chromem-QueryEmbedding", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.col.QueryEmbedding(ctx, qv, 50, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLocalEmbed(b *testing.B) {
	l := NewLocal(0)
	text := "It was the first public comment from a North Korean official since South Korea's spy agency last week said the North had decided to send around 12,000 troops to fight Russia's war in Ukraine."
	for b.Loop() {
		l.Embed(context.Background(), []string{text})
	}
}
