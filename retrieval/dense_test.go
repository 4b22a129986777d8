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

// referenceShingles is shingles as first written: words, then hash/fnv's
// FNV-1a over each window's words and zero bytes.
func referenceShingles(text string) []uint64 {
	ws := words(text)
	var out []uint64
	add := func(ws []word) {
		h := fnv.New64a()
		for _, w := range ws {
			h.Write([]byte(w.lower))
			h.Write([]byte{0})
		}
		out = append(out, h.Sum64())
	}
	for i := 0; i+3 <= len(ws); i++ {
		add(ws[i : i+3])
	}
	if len(ws) > 0 && len(ws) < 3 {
		add(ws)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestShingles holds the inline hashing and the ASCII tokenizer to the
// first implementation, so thresholds measured before still hold: on
// hand-picked texts (ASCII and not), on random ASCII texts made of the
// characters words treats specially, and on every bundled passage.
func TestShingles(t *testing.T) {
	texts := []string{"", "one", "two words", "The quick brown fox; the QUICK brown fox jumps 12,000 times.",
		"Korea's envoy\u2014Hwang Joon-kook\u2014said", "don't 1,2,3 ,5 5, 'a a' x'y 9'9 ''q", "Caf\u00e9 ol\u00e9 12,000"}
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "aZq9 0,,''-.\n"
	for range 3000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, p := range bundledPassages(t) {
		texts = append(texts, p.Text)
	}
	for _, text := range texts {
		if got, want := shingles(text), referenceShingles(text); !slices.Equal(got, want) {
			t.Fatalf("shingles(%q) = %v; want %v", text, got, want)
		}
	}
	a, b := shingles("a b c d e f"), shingles("a b c d e g")
	if got := jaccard(a, b); math.Abs(got-3.0/5.0) > 1e-12 {
		t.Errorf("jaccard = %v; want 3/5", got)
	}
}

// FuzzShingles: the fast shingles equal the first implementation's on any
// text.
func FuzzShingles(f *testing.F) {
	for _, s := range []string{"Korea's 12,000 troops were sent", "don't 1,2,3 ,5 5, 'a a'", "a b", "Caf\u00e9 ol\u00e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := shingles(s), referenceShingles(s); !slices.Equal(got, want) {
			t.Fatalf("shingles(%q) = %v; want %v", s, got, want)
		}
	})
}
