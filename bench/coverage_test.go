package bench

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/testindex"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/synth"
)

// fullEnv names the environment variable that turns on the 100k size.
const fullEnv = "NEWSBOT_BENCH_FULL"

// sizes are the corpus sizes, in passages, every scaling benchmark runs at.
var sizes = []int{100, 1_000, 10_000, 100_000}

// seed fixes the synthetic coverage, so every run measures the same text.
const seed = 1

// eachSize runs fn as one sub-benchmark per size. The 100k size runs only
// with NEWSBOT_BENCH_FULL=1, so `go test -bench . -benchtime=1x ./...`
// (what .ci/run does) stays fast.
func eachSize(b *testing.B, fn func(b *testing.B, n int)) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			if n > 10_000 && os.Getenv(fullEnv) == "" {
				b.Skipf("set %s=1 to run %d passages", fullEnv, n)
			}
			fn(b, n)
		})
	}
}

// coverage is synthetic coverage of n passages: the generated articles,
// the first n of their passages, and how many articles hold those.
type coverage struct {
	articles int              // synth articles whose passages include the first n
	ps       []corpus.Passage // exactly n passages
}

var (
	coverMu sync.Mutex
	covers  = map[int]*coverage{} // by n; generating 100k passages takes seconds
)

// cover returns synthetic coverage of exactly n passages, made once per
// process for each n.
func cover(b testing.TB, n int) *coverage {
	b.Helper()
	coverMu.Lock()
	defer coverMu.Unlock()
	if c, ok := covers[n]; ok {
		return c
	}
	m := n/8 + 1 // synth articles chunk into about 8.4 passages each
	for {
		arts, err := corpus.Load(synth.FS(synth.Options{Seed: seed, Articles: m}))
		if err != nil {
			b.Fatalf("load synthetic coverage of %d articles: %v", m, err)
		}
		ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
		if len(ps) < n {
			m = m*n/max(len(ps), 1) + 1
			continue
		}
		ps = ps[:n:n]
		last := ps[n-1].ArticleID
		used := 0
		for i, a := range arts {
			if a.ID == last {
				used = i + 1
				break
			}
		}
		c := &coverage{articles: used, ps: ps}
		covers[n] = c
		return c
	}
}

// fsys returns the coverage as files, for benchmarks of loading.
func (c *coverage) fsys() fs.FS { return synth.FS(synth.Options{Seed: seed, Articles: c.articles}) }

// textBytes is the total length of the passages' texts.
func textBytes(ps []corpus.Passage) int {
	n := 0
	for _, p := range ps {
		n += len(p.Text)
	}
	return n
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// countingEmbedder counts the texts it is asked to embed.
type countingEmbedder struct {
	inner retrieval.Embedder
	mu    sync.Mutex
	calls int
	texts int
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.mu.Lock()
	c.calls++
	c.texts += len(texts)
	c.mu.Unlock()
	return c.inner.Embed(ctx, texts)
}

var (
	indexMu sync.Mutex
	indexes = map[string]*retrieval.Index{} // by n and embedder name
)

// index returns an in-memory index of the first n synthetic passages with
// the local embedder of dims dimensions, built once per process.
func index(b testing.TB, n, dims int) *retrieval.Index {
	return indexWith(b, n, retrieval.NewLocal(dims))
}

// indexWith returns an in-memory index of the first n synthetic passages
// embedded with emb, built once per process for each n and emb.Name().
func indexWith(b testing.TB, n int, emb testindex.Embedder) *retrieval.Index {
	b.Helper()
	c := cover(b, n)
	indexMu.Lock()
	defer indexMu.Unlock()
	key := fmt.Sprintf("%d/%s", n, emb.Name())
	if ix, ok := indexes[key]; ok {
		return ix
	}
	ctx := context.Background()
	ix, err := retrieval.Open(ctx, "", emb, retrieval.IndexOptions{Collection: emb.Name(), BatchSize: 1024, Logger: quiet()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Sync(ctx, c.ps, nil); err != nil {
		b.Fatalf("sync %d passages: %v", n, err)
	}
	indexes[key] = ix
	return ix
}

// questions are asked of the synthetic coverage: its vocabulary, in the
// forms a reader would use.
var questions = []string{
	"How many soldiers were moved to Vladivostok as part of the troop deployment?",
	"What did Ana Petrova say about the grain shipment?",
	"Who called the reports about the missile launch baseless?",
	"Which outlet first reported the covert arms transfer in Geneva?",
	"What did the defence ministry spokesperson confirm about the naval exercise?",
	"Why did Kenji Sato urge Tokyo to halt the drone strike?",
	"How many tonnes of grain were involved in the aid convoy?",
	"What did the Security Council hear about the ceasefire talks in Kyiv?",
}
