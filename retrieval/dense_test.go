package retrieval

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDot holds the dot product (vector kernel where the CPU has one) to
// the plain float64 sum, at lengths around every unrolling boundary.
func TestDot(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 40, 63, 64, 100, 512, 1024, 1536, 3072} {
		a, b := make([]float32, n), make([]float32, n)
		want := 0.0
		for i := range a {
			a[i], b[i] = r.Float32()*2-1, r.Float32()*2-1
			want += float64(a[i]) * float64(b[i])
		}
		for name, got := range map[string]float32{"dot": dot(a, b), "dotGeneric": dotGeneric(a, b)} {
			if math.Abs(float64(got)-want) > 1e-4*math.Max(1, math.Sqrt(float64(n))) {
				t.Errorf("%s of %d floats = %v; want %v", name, n, got, want)
			}
		}
	}
}

// TestMatrixTop checks the parallel scan against a sort of every row, at
// sizes below and above the point where it splits the work.
func TestMatrixTop(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const dims = 24
	for _, rows := range []int{0, 1, 5, rowsPerWorker - 1, 3*rowsPerWorker + 17} {
		es := make([]*entry, rows)
		for i := range es {
			v := make([]float32, dims)
			for j := range v {
				v[j] = r.Float32()*2 - 1
			}
			normalize(v)
			es[i] = &entry{vec: v}
		}
		m := newMatrix(es, dims)
		for i, e := range es {
			if &e.vec[0] != &m.data[i*dims] {
				t.Fatalf("entry %d does not share its matrix row", i)
			}
		}
		q := make([]float32, dims)
		if rows > 0 {
			q = es[min(2, rows-1)].vec
		}
		var all []scored
		for i, e := range es {
			all = append(all, scored{doc: i, score: float64(dot(q, e.vec))})
		}
		slices.SortFunc(all, func(a, b scored) int {
			if better(a, b) {
				return -1
			}
			if better(b, a) {
				return 1
			}
			return 0
		})
		for _, n := range []int{1, 10, 50} {
			got := m.top(q, n)
			want := all[:min(n, len(all))]
			if !slices.Equal(got, want) {
				t.Errorf("rows=%d n=%d: top = %v; want %v", rows, n, got, want)
			}
		}
	}
}

// BenchmarkDot compares the dot product kernels on one core at 1024 dims.
func BenchmarkDot(b *testing.B) {
	a, v := make([]float32, DefaultLocalDims), make([]float32, DefaultLocalDims)
	for i := range a {
		a[i], v[i] = float32(i%7), float32(i%5)
	}
	for name, fn := range map[string]func(a, b []float32) float32{"kernel": dot, "generic": dotGeneric} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(a)))
			for b.Loop() {
				fn(a, v)
			}
		})
	}
}

// TestShingles holds the inline hashing to hash/fnv's FNV-1a over each
// window's words and zero bytes, so thresholds measured before still hold.
func TestShingles(t *testing.T) {
	for _, text := range []string{"", "one", "two words", "The quick brown fox; the QUICK brown fox jumps 12,000 times.", "Korea's envoy—Hwang Joon-kook—said"} {
		ws := words(text)
		var want []uint64
		add := func(ws []word) {
			h := fnv.New64a()
			for _, w := range ws {
				h.Write([]byte(w.lower))
				h.Write([]byte{0})
			}
			want = append(want, h.Sum64())
		}
		for i := 0; i+3 <= len(ws); i++ {
			add(ws[i : i+3])
		}
		if len(ws) > 0 && len(ws) < 3 {
			add(ws)
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := shingles(text); !slices.Equal(got, want) {
			t.Errorf("shingles(%q) = %v; want %v", text, got, want)
		}
	}
	a, b := shingles("a b c d e f"), shingles("a b c d e g")
	if got := jaccard(a, b); math.Abs(got-3.0/5.0) > 1e-12 {
		t.Errorf("jaccard = %v; want 3/5", got)
	}
}
