package retrieval

import (
	"cmp"
	"math"
	"slices"
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
	docLen   []int
	avgLen   float64
	vocab    []string // distinct lower-case surface words, for fuzzy matching
	stemOf   map[string]string
}

type posting struct {
	doc int
	tf  int
}

// scored is a document number with its score.
type scored struct {
	doc   int
	score float64
}

func newBM25(ids []string, texts []string) *bm25 {
	b := &bm25{
		ids:      ids,
		postings: make(map[string][]posting),
		docLen:   make([]int, len(texts)),
		stemOf:   make(map[string]string),
	}
	total := 0
	cache := make(map[string]string)
	for d, t := range texts {
		tf := make(map[string]int)
		for _, w := range contentWords(t, cache) {
			tf[w.stem]++
			b.docLen[d]++
			if _, ok := b.stemOf[w.lower]; !ok {
				b.stemOf[w.lower] = w.stem
				b.vocab = append(b.vocab, w.lower)
			}
		}
		total += b.docLen[d]
		for s, n := range tf {
			b.postings[s] = append(b.postings[s], posting{doc: d, tf: n})
		}
	}
	if len(texts) > 0 {
		b.avgLen = float64(total) / float64(len(texts))
	}
	slices.Sort(b.vocab)
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
func (b *bm25) search(stems []string, n int) []scored {
	if n <= 0 || len(b.ids) == 0 {
		return nil
	}
	acc := make(map[int]float64)
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
			norm := bm25K1 * (1 - bm25B + bm25B*float64(b.docLen[p.doc])/b.avgLen)
			acc[p.doc] += idf * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	out := make([]scored, 0, len(acc))
	for d, s := range acc {
		out = append(out, scored{doc: d, score: s})
	}
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
