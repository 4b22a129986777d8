package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	chromem "github.com/philippgille/chromem-go"
)

// The dense ranking is chromem-go's: each index state holds one in-memory
// collection, and Search asks it with QueryEmbedding. chromem keeps the
// very []float32 the entry holds (see shareable), so each vector is in
// memory once, wherever it came from (an embedder, or the mapped snapshot).
//
// This replaced a private matrix scan (a contiguous block scanned with an
// AVX2 dot product), which measured about 4x faster than chromem at 100k
// passages; BENCHMARKS.md records what the switch cost.

// newCollection returns an in-memory chromem collection over es (all of one
// dims, all unit vectors), sharing each entry's vector.
func newCollection(ctx context.Context, name string, es []*entry) (*chromem.Collection, error) {
	db := chromem.NewDB()
	col, err := db.CreateCollection(name, map[string]string{"collection": name}, noEmbed)
	if err != nil {
		return nil, fmt.Errorf("create collection %s: %w", name, err)
	}
	// chromem reads every vector to check its length as it adds it: the
	// adding is spread over the cores (AddDocument takes the collection's
	// lock only to insert).
	workers := max(1, min(runtime.GOMAXPROCS(0), len(es)/4096))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(es); i += workers {
				e := es[i]
				// chromem keeps e.vec itself when it is unit length by its
				// own test; shareable makes sure of that.
				if !e.unit {
					e.vec = shareable(e.vec)
					e.unit = true
				}
				if err := col.AddDocument(ctx, chromem.Document{ID: e.p.ID, Embedding: e.vec}); err != nil {
					errs[w] = fmt.Errorf("add passage %s: %w", e.p.ID, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return col, nil
}

// chromemTolerance is chromem-go's isNormalizedPrecisionTolerance: a
// vector whose length is further than this from 1 is copied and
// normalised by AddDocument, which would keep every vector twice.
const chromemTolerance = 1e-6

// shareable returns v, or when v fails chromem's unit-length test a
// normalised copy of it, so that chromem stores the vector the entry holds
// rather than a copy of its own. Vectors Sync accepted are normalised in
// float64 and pass; a copy is made only for a vector from an embedder or
// an old snapshot whose last bits round differently. v itself is never
// written: it may be on a read-only mapping or read by a search.
func shareable(v []float32) []float32 {
	if unitByChromem(v) {
		return v
	}
	c := slices.Clone(v)
	normalize(c)
	return c
}

// unitByChromem is chromem-go's isNormalized.
func unitByChromem(v []float32) bool {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	return math.Abs(math.Sqrt(sq)-1) < chromemTolerance
}

// denseLocked returns the n passages closest to the unit query vector qv,
// best first, ties in index order. Callers hold ix.mu for reading.
func (ix *Index) denseLocked(ctx context.Context, qv []float32, n int) ([]Hit, error) {
	n = min(n, len(ix.sorted)) // chromem refuses n above its count
	if n <= 0 || ix.col == nil {
		return nil, nil
	}
	if ix.dims != 0 && len(qv) != ix.dims {
		return nil, fmt.Errorf("search: query vector has %d dims, index has %d (collection %s)", len(qv), ix.dims, ix.opts.Collection)
	}
	res, err := ix.col.QueryEmbedding(ctx, qv, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("search: dense query: %w", err)
	}
	if err := ctx.Err(); err != nil { // chromem stops early on a cancelled ctx and may return a partial list
		return nil, fmt.Errorf("search: dense query: %w", err)
	}
	hits := make([]Hit, 0, len(res))
	pos := make([]int, 0, len(res))
	for _, r := range res {
		e, ok := ix.entries[r.ID]
		if !ok {
			return nil, fmt.Errorf("search: dense query: chromem returned unknown passage %q", r.ID)
		}
		hits = append(hits, Hit{Passage: e.p, Score: float64(r.Similarity), DenseScore: float64(r.Similarity)})
		pos = append(pos, e.pos)
	}
	// chromem orders equal similarities as its workers happened to finish;
	// order them by index position so a search is repeatable.
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(hits[b].DenseScore, hits[a].DenseScore); c != 0 {
			return c
		}
		return cmp.Compare(pos[a], pos[b])
	})
	out := make([]Hit, len(hits))
	for i, o := range order {
		out[i] = hits[o]
		out[i].DenseRank = i + 1
	}
	return out, nil
}
