package retrieval

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"sync"
)

// BM25 parameters: the usual defaults (Robertson and Zaragoza).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25 is an immutable Okapi BM25 index over stemmed, stop-word-free
// passage texts. A Sync builds a new one and swaps it in under the index
// lock, so Search never sees a half-built index and needs no lock of its own.
type bm25 struct {
	ids      []string             // doc number -> passage id
	postings map[string][]posting // stem -> docs containing it, ascending doc
	docLen   []int32
	norm     []float64 // doc number -> k1 * (1 - b + b*len/avgLen), computed once
	avgLen   float64
	scratch  sync.Pool // *accumulator, so a query allocates no per-document array
}

// posting is 8 bytes: at 100k passages of about 35 distinct stems each,
// postings are the largest part of the index after the vectors.
type posting struct {
	doc uint32
	tf  uint32
}

// accumulator is one query's score per document, with the documents it
// touched, so it can be cleared in time proportional to them.
type accumulator struct {
	score   []float64
	touched []int32
}

// scored is a document number with its score.
type scored struct {
	doc   int
	score float64
}

func newBM25(ids []string, texts []string) *bm25 {
	postings := make(map[string][]posting)
	cache := make(map[string]string)
	for d, t := range texts {
		tf := make(map[string]int)
		for _, w := range contentWords(t, cache) {
			tf[w.stem]++
		}
		for s, n := range tf {
			postings[s] = append(postings[s], posting{doc: uint32(d), tf: uint32(n)})
		}
	}
	for s, ps := range postings {
		postings[s] = slices.Clip(ps) // append's spare capacity is a third of the postings
	}
	return bm25FromPostings(ids, postings)
}

// bm25FromPostings completes an index from its postings (made by newBM25
// or read from a snapshot): a document's length is the sum of its terms'
// frequencies.
func bm25FromPostings(ids []string, postings map[string][]posting) *bm25 {
	b := &bm25{ids: ids, postings: postings, docLen: make([]int32, len(ids))}
	total := 0
	for _, ps := range postings {
		for _, p := range ps {
			b.docLen[p.doc] += int32(p.tf)
			total += int(p.tf)
		}
	}
	if len(ids) > 0 {
		b.avgLen = float64(total) / float64(len(ids))
	}
	b.norm = make([]float64, len(ids))
	for d, n := range b.docLen {
		b.norm[d] = bm25K1 * (1 - bm25B + bm25B*float64(n)/b.avgLen)
	}
	return b
}

// df returns the number of documents containing stem s.
func (b *bm25) df(s string) int { return len(b.postings[s]) }

// idf is the BM25+ style idf, always positive: ln(1 + (N-df+0.5)/(df+0.5)).
func (b *bm25) idf(s string) float64 {
	n := float64(len(b.ids))
	df := float64(b.df(s))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// search returns up to n documents scoring above zero for the query stems,
// best first (ties by document number, so results are deterministic).
//
// A query stem no passage holds scores nothing; it is not replaced by
// stems spelt nearly like it. Tried: lang.Vocabulary.Variants over the
// passages' stems found "vladivostok" for "vladivostock", but also
// "committe" for "commit" (trigram Dice 0.71), which pushed the
// 12,000-troops passage out of the top 3 for "How big a contingent did
// Seoul's intelligence service say Pyongyang had committed?". Misspellings
// reach passages through the local embedder's character n-grams; the
// answer package's relevance decision matches spelling variants itself.
func (b *bm25) search(stems []string, n int) []scored {
	if n <= 0 || len(b.ids) == 0 {
		return nil
	}
	acc, _ := b.scratch.Get().(*accumulator)
	if acc == nil || len(acc.score) != len(b.ids) {
		acc = &accumulator{score: make([]float64, len(b.ids))}
	}
	defer func() {
		for _, d := range acc.touched {
			acc.score[d] = 0
		}
		acc.touched = acc.touched[:0]
		b.scratch.Put(acc)
	}()
	seen := make(map[string]bool)
	for _, s := range stems {
		if seen[s] {
			continue
		}
		seen[s] = true
		ps := b.postings[s]
		if len(ps) == 0 {
			continue
		}
		idf := b.idf(s)
		for _, p := range ps {
			tf := float64(p.tf)
			if acc.score[p.doc] == 0 {
				acc.touched = append(acc.touched, int32(p.doc))
			}
			acc.score[p.doc] += idf * tf * (bm25K1 + 1) / (tf + b.norm[p.doc])
		}
	}
	// The best n of the touched documents, by a heap of n rather than a
	// sort of all of them: a common word touches most of the corpus.
	h := make(minHeap, 0, min(n, len(acc.touched)))
	for _, d := range acc.touched {
		c := scored{doc: int(d), score: acc.score[d]}
		if len(h) < n {
			heap.Push(&h, c)
		} else if better(c, h[0]) {
			h[0] = c
			heap.Fix(&h, 0)
		}
	}
	out := []scored(h)
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	return out
}

// better reports whether a ranks above b: higher score, then lower doc.
func better(a, b scored) bool {
	return a.score > b.score || a.score == b.score && a.doc < b.doc
}

// minHeap keeps the worst of the best n at its root.
type minHeap []scored

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
