package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Fusion says how Search combines the dense and lexical rankings.
//
// Measured on the bundled coverage with the local embedder at 1024 dims
// (TestMeasure), both fusions give the same evidence recall at k = 1..6 on
// testdata/own.jsonl (R@1 0.83, R@2 0.94, R@3 1.00) and dev.jsonl (R@1
// 0.86, R@2 0.93, R@3 1.00), above dense alone (own R@1 0.78, dev 0.71)
// and lexical alone (own 0.83, dev 0.79). RRF is the default because it
// needs no calibration: cosine ranges differ from one embedding model to
// the next, and min-max scaling lets one outlier in a candidate list squash
// every other score.
type Fusion int

const (
	// FusionRRF is reciprocal rank fusion with k = 60: each list adds
	// 1/(60+rank). It ignores score scales, so BM25's unbounded scores
	// cannot drown the cosine ones.
	FusionRRF Fusion = iota
	// FusionMinMax min-max-normalises each list's scores to [0, 1] over its
	// candidates and adds them.
	FusionMinMax
)

// rrfK is the reciprocal rank fusion constant (Cormack et al., 2009).
const rrfK = 60

// DefaultDuplicateJaccard is the default near-duplicate threshold on the
// Jaccard similarity of word 3-shingles. On the bundled coverage the same
// statement quoted by three outlets gives passage pairs at 0.38-0.47, while
// passages that merely share a topic stay below 0.2. Collapsing at 0.4
// keeps one hit per quoted statement (the copies in Duplicates) and raised
// recall@1 on dev from 0.79 to 0.86 (TestMeasure), against 0.5, which
// collapsed nothing here.
const DefaultDuplicateJaccard = 0.4

// candidates is how deep each ranking is read before fusion.
func candidates(k int) int { return max(50, 5*k) }

// Search returns up to k passages for query: dense and lexical rankings
// fused, near-duplicate passages collapsed into one Hit (the others in
// Duplicates), best first. It ranks and never refuses: whether the hits
// answer the question is the answer package's relevance decision, so an
// off-topic query still gets its closest passages.
func (ix *Index) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	if k <= 0 {
		return nil, nil
	}
	// When the embeddings endpoint fails, the question is still answered
	// from the lexical ranking, and every hit says so.
	qv, embedErr := ix.embedQuery(ctx, query)
	if embedErr != nil && ctx.Err() != nil {
		return nil, embedErr
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.sorted) == 0 {
		return nil, nil
	}
	n := candidates(k)
	var dense []Hit
	if embedErr == nil {
		var err error
		if dense, err = ix.denseLocked(ctx, qv, n); err != nil {
			return nil, err
		}
	} else {
		ix.opts.Logger.Warn("query embedding failed; searching words only", "err", embedErr)
	}
	hits := ix.collapseLocked(fuse(dense, ix.lexicalLocked(query, n), ix.opts.Fusion), k)
	if embedErr != nil {
		for i := range hits {
			hits[i].LexicalOnly = true
		}
	}
	return hits, nil
}

// Dense returns the n passages whose vectors are closest to the query's,
// by cosine similarity, with no fusion or duplicate collapsing: one half of
// Search, for measuring each ranking alone.
func (ix *Index) Dense(ctx context.Context, query string, n int) ([]Hit, error) {
	qv, err := ix.embedQuery(ctx, query)
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.denseLocked(ctx, qv, n)
}

// Lexical returns the n best BM25 passages for query, with no fusion or
// duplicate collapsing: the other half of Search, for measurement.
func (ix *Index) Lexical(ctx context.Context, query string, n int) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.lexicalLocked(query, n), nil
}

func (ix *Index) embedQuery(ctx context.Context, query string) ([]float32, error) {
	vs, err := ix.emb.Embed(ctx, []string{query})
	if err != nil {
		return nil, fmt.Errorf("search: embed query: %w", err)
	}
	if len(vs) != 1 || !normalize(vs[0]) {
		return nil, fmt.Errorf("search: embed query: bad vector")
	}
	return vs[0], nil
}

func (ix *Index) lexicalLocked(query string, n int) []Hit {
	res := ix.lex.search(queryStems(query), n)
	hits := make([]Hit, 0, len(res))
	for i, r := range res {
		e := ix.entries[ix.lex.ids[r.doc]]
		hits = append(hits, Hit{Passage: e.p, Score: r.score, LexicalScore: r.score, LexicalRank: i + 1})
	}
	return hits
}

// fuse merges the two rankings into one, best first.
func fuse(dense, lex []Hit, how Fusion) []Hit {
	byID := make(map[string]*Hit)
	var order []string
	get := func(h Hit) *Hit {
		if x, ok := byID[h.Passage.ID]; ok {
			return x
		}
		x := &Hit{Passage: h.Passage}
		byID[h.Passage.ID] = x
		order = append(order, h.Passage.ID)
		return x
	}
	dn := minMax(dense, func(h Hit) float64 { return h.DenseScore })
	ln := minMax(lex, func(h Hit) float64 { return h.LexicalScore })
	for i, h := range dense {
		x := get(h)
		x.DenseScore, x.DenseRank = h.DenseScore, h.DenseRank
		if how == FusionMinMax {
			x.Score += dn[i]
		} else {
			x.Score += 1.0 / float64(rrfK+h.DenseRank)
		}
	}
	for i, h := range lex {
		x := get(h)
		x.LexicalScore, x.LexicalRank = h.LexicalScore, h.LexicalRank
		if how == FusionMinMax {
			x.Score += ln[i]
		} else {
			x.Score += 1.0 / float64(rrfK+h.LexicalRank)
		}
	}
	out := make([]Hit, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	slices.SortStableFunc(out, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Passage.ID, b.Passage.ID)
	})
	return out
}

// minMax maps each score to [0, 1] over the list (1 for a list of one).
func minMax(hs []Hit, score func(Hit) float64) []float64 {
	out := make([]float64, len(hs))
	if len(hs) == 0 {
		return out
	}
	lo, hi := score(hs[0]), score(hs[0])
	for _, h := range hs {
		lo, hi = min(lo, score(h)), max(hi, score(h))
	}
	for i, h := range hs {
		if hi > lo {
			out[i] = (score(h) - lo) / (hi - lo)
		} else {
			out[i] = 1
		}
	}
	return out
}

// collapseLocked keeps the first k hits that are not near-copies of a
// better hit from another article; copies go into the better hit's
// Duplicates. Shingles are computed here, for the candidates only, rather
// than kept per passage.
func (ix *Index) collapseLocked(fused []Hit, k int) []Hit {
	var kept []Hit
	var keptShg [][]uint64
	for _, h := range fused {
		var shg []uint64
		dup := -1
		if ix.opts.DuplicateJaccard > 0 {
			shg = shingles(h.Passage.Text)
			for i, s := range keptShg {
				// Overlapping windows of one article share a sentence but
				// each carries text the other lacks: only copies in other
				// articles (syndicated wire copy) collapse.
				if kept[i].Passage.ArticleID == h.Passage.ArticleID {
					continue
				}
				if jaccard(shg, s) >= ix.opts.DuplicateJaccard {
					dup = i
					break
				}
			}
		}
		if dup >= 0 {
			kept[dup].Duplicates = append(kept[dup].Duplicates, h.Passage)
			continue
		}
		if len(kept) < k {
			kept = append(kept, h)
			keptShg = append(keptShg, shg)
		}
	}
	return kept
}

// shingles returns the hashed word 3-shingles of text (all words, stop
// words included, lower case), the usual basis for near-duplicate checks,
// sorted and distinct. Each shingle is the 64-bit FNV-1a hash of its words,
// each followed by a zero byte, computed inline: Search shingles every
// fused candidate, and a hash object and a map per passage were most of
// its cost.
func shingles(text string) []uint64 {
	if out, ok := asciiShingles(text); ok {
		return out
	}
	ws := words(text)
	window := func(ws []word) uint64 {
		h := uint64(fnvOffset64)
		for _, w := range ws {
			for i := 0; i < len(w.lower); i++ {
				h = (h ^ uint64(w.lower[i])) * fnvPrime64
			}
			h *= fnvPrime64 // the zero byte: h ^ 0 == h
		}
		return h
	}
	out := make([]uint64, 0, max(len(ws)-2, 1))
	for i := 0; i+3 <= len(ws); i++ {
		out = append(out, window(ws[i:i+3]))
	}
	if len(ws) > 0 && len(ws) < 3 {
		out = append(out, window(ws))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// asciiShingles is shingles for a text of ASCII bytes only, which is what
// corpus.Normalize leaves of most news text: it splits words exactly as
// words does (letters and digits; a comma between digits dropped; an
// apostrophe before a letter ends the word and drops its tail) but into
// one byte buffer, with no allocation per rune or word. ok is false, and
// the caller falls back to words, when text has any other byte.
func asciiShingles(text string) (out []uint64, ok bool) {
	buf := make([]byte, 0, len(text))
	ends := make([]int, 0, len(text)/4+1) // end of each word in buf
	isAlnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return nil, false
		}
	}
	for i := 0; i < len(text); {
		if !isAlnum(text[i]) {
			i++
			continue
		}
	word:
		for i < len(text) {
			c := text[i]
			switch {
			case isAlnum(c):
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
				continue
			case c == ',' && i+1 < len(text) && isDigit(text[i+1]) && i > 0 && isDigit(text[i-1]):
				i++
				continue
			case c == '\'' && i+1 < len(text) && isLetter(text[i+1]):
				i++
				for i < len(text) && isLetter(text[i]) {
					i++
				}
			}
			break word
		}
		ends = append(ends, len(buf))
	}
	window := func(from, to int) uint64 { // words from..to-1
		h := uint64(fnvOffset64)
		start := 0
		if from > 0 {
			start = ends[from-1]
		}
		for w := from; w < to; w++ {
			for _, c := range buf[start:ends[w]] {
				h = (h ^ uint64(c)) * fnvPrime64
			}
			h *= fnvPrime64 // the zero byte after each word
			start = ends[w]
		}
		return h
	}
	out = make([]uint64, 0, max(len(ends)-2, 1))
	for i := 0; i+3 <= len(ends); i++ {
		out = append(out, window(i, i+3))
	}
	if len(ends) > 0 && len(ends) < 3 {
		out = append(out, window(0, len(ends)))
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

// FNV-1a, 64 bits (hash/fnv's constants).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets without repeats.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
