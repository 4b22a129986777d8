package retrieval

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/synth"
)

// benchSizes are the index sizes, in passages, of the query benchmarks; the
// 100k size runs only with NEWSBOT_BENCH_FULL=1 (see bench/ for the rest).
var benchSizes = []int{100, 1_000, 10_000, 100_000}

var (
	benchMu      sync.Mutex
	benchIndexes = map[int]*Index{}
)

// benchIndex returns an in-memory index of the first n passages of the
// synthetic coverage (seed 1) with the local embedder at its default
// dimensions, built once per process.
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if ix, ok := benchIndexes[n]; ok {
		return ix
	}
	arts, err := corpus.Load(synth.FS(synth.Options{Seed: 1, Articles: n/8 + 1}))
	if err != nil {
		b.Fatal(err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	if len(ps) < n {
		b.Fatalf("synthetic coverage has %d passages; want %d", len(ps), n)
	}
	emb := NewLocal(0)
	ix := mustOpen(b, "", emb, IndexOptions{Collection: emb.Name(), BatchSize: 1024})
	mustSync(b, ix, ps[:n])
	benchIndexes[n] = ix
	return ix
}

// benchQueries use the synthetic coverage's vocabulary.
var benchQueries = []string{
	"How many soldiers were moved to Vladivostok as part of the troop deployment?",
	"What did Ana Petrova say about the grain shipment?",
	"Who called the reports about the missile launch baseless?",
	"Which outlet first reported the covert arms transfer in Geneva?",
	"What did the defence ministry spokesperson confirm about the naval exercise?",
	"Why did Kenji Sato urge Tokyo to halt the drone strike?",
	"How many tonnes of grain were involved in the aid convoy?",
	"What did the Security Council hear about the ceasefire talks in Kyiv?",
}

// BenchmarkQuery times one query at each index size: the hybrid Search
// (query embedding, both rankings, fusion, duplicate collapsing), its
// dense and lexical parts alone (50 candidates each, as Search reads
// them), and chromem-go's bare QueryEmbedding on the collection the index
// queries, with the query vector already made and the same 50 results.
// Since the dense ranking is chromem's own QueryEmbedding, dense and
// chromem differ only by the mapping of results to passages.
// hybrid-vs-chromem alternates one hybrid Search and one bare
// QueryEmbedding per iteration and reports the ratio of their total
// times, so machine noise hits both alike.
func BenchmarkQuery(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			if n > 10_000 && os.Getenv("NEWSBOT_BENCH_FULL") == "" {
				b.Skipf("set NEWSBOT_BENCH_FULL=1 to run %d passages", n)
			}
			ix := benchIndex(b, n)
			qvs := make([][]float32, len(benchQueries))
			for i, q := range benchQueries {
				v, err := ix.embedQuery(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				qvs[i] = v
			}
			const depth = 50 // candidates(6): what Search reads of each ranking
			b.Run("hybrid", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := ix.Search(ctx, benchQueries[i%len(benchQueries)], 6); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("dense", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := ix.Dense(ctx, benchQueries[i%len(benchQueries)], depth); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("lexical", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := ix.Lexical(ctx, benchQueries[i%len(benchQueries)], depth); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("chromem", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := ix.col.QueryEmbedding(ctx, qvs[i%len(qvs)], min(depth, n), nil, nil); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run("hybrid-vs-chromem", func(b *testing.B) {
				var hybrid, bare time.Duration
				i := 0
				for b.Loop() {
					t0 := time.Now()
					if _, err := ix.Search(ctx, benchQueries[i%len(benchQueries)], 6); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if _, err := ix.col.QueryEmbedding(ctx, qvs[i%len(qvs)], min(depth, n), nil, nil); err != nil {
						b.Fatal(err)
					}
					hybrid, bare = hybrid+t1.Sub(t0), bare+time.Since(t1)
					i++
				}
				b.ReportMetric(float64(hybrid)/float64(bare), "x-chromem")
			})
		})
	}
}
