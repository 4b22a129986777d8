package retrieval

import (
	"cmp"
	"container/heap"
	"runtime"
	"slices"
	"sync"
)

// matrix holds every passage vector of one index state in a single
// contiguous []float32, row i being the vector of state.sorted[i]. The dense
// path scans it directly: chromem-go keeps its documents in a map and
// scores them one pointer at a time, each worker taking a shared lock for
// every document it ranks, which measured 1.3-1.5x slower than the whole
// hybrid search needs to be (see BENCHMARKS.md). The chromem collection is
// still built over the same rows and remains the store of record.
type matrix struct {
	dims int
	data []float32 // len(rows)*dims
}

// newMatrix copies the vectors of es into one block and points each
// entry's vec at its row, so the vectors are held once. Callers pass
// entries no reader can see yet.
func newMatrix(es []*entry, dims int) *matrix {
	m := &matrix{dims: dims, data: make([]float32, len(es)*dims)}
	for i, e := range es {
		row := m.data[i*dims : (i+1)*dims : (i+1)*dims]
		copy(row, e.vec)
		e.vec = row
	}
	return m
}

func (m *matrix) rows() int {
	if m == nil || m.dims == 0 {
		return 0
	}
	return len(m.data) / m.dims
}

// rowsPerWorker is the least work worth a goroutine of its own.
const rowsPerWorker = 4096

// top returns the n rows most similar to q (dot product; rows and q are
// unit vectors, so it is the cosine), best first, ties by row. Large
// matrices are scanned by one goroutine per CPU, each keeping its own
// top n, merged at the end.
func (m *matrix) top(q []float32, n int) []scored {
	rows := m.rows()
	n = min(n, rows)
	if n <= 0 {
		return nil
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), rows/rowsPerWorker))
	parts := make([][]scored, workers)
	per := (rows + workers - 1) / workers
	scan := func(w int) {
		lo, hi := w*per, min((w+1)*per, rows)
		h := make(minHeap, 0, n)
		for r := lo; r < hi; r++ {
			s := float64(dot(q, m.data[r*m.dims:(r+1)*m.dims]))
			if len(h) < n {
				heap.Push(&h, scored{doc: r, score: s})
			} else if better(scored{doc: r, score: s}, h[0]) {
				h[0] = scored{doc: r, score: s}
				heap.Fix(&h, 0)
			}
		}
		parts[w] = h
	}
	if workers == 1 {
		scan(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { scan(w) })
		}
		wg.Wait()
	}
	out := slices.Concat(parts...)
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	return out[:min(n, len(out))]
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

// dotGeneric is the dot product of two vectors of equal length, unrolled
// with four accumulators so the additions do not wait on one another. dot
// uses it where no vector instructions are available (see dot_amd64.go).
func dotGeneric(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0]*bb[0] + aa[4]*bb[4]
		s1 += aa[1]*bb[1] + aa[5]*bb[5]
		s2 += aa[2]*bb[2] + aa[6]*bb[6]
		s3 += aa[3]*bb[3] + aa[7]*bb[7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
