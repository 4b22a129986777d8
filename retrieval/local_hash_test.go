package retrieval

import (
	"context"
	"hash/fnv"
	"math"
	"testing"
)

// referenceVector is the local embedder written plainly: features named
// by strings, each name hashed with hash/fnv. The hashed-as-read features
// must give the same vectors, or one collection (local-v2-N) would hold
// vectors of two kinds.
func referenceVector(dims int, text string) []float32 {
	counts := make(map[string]float64)
	for _, w := range contentWords(text, nil) {
		counts["w:"+w.stem]++
		charGrams(w.lower, func(g string) { counts["g:"+g]++ })
	}
	v := make([]float64, dims)
	for f, tf := range counts {
		x := gramWeight * (1 + math.Log(tf))
		if f[0] == 'w' {
			x = wordWeight * (1 + math.Log(tf))
		}
		h := fnv.New64a()
		h.Write([]byte(f))
		sum := h.Sum64()
		if sum>>63 == 1 {
			x = -x
		}
		v[int(sum%uint64(dims))] += x
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dims)
	if norm == 0 {
		out[0] = 1
		return out
	}
	for i, x := range v {
		out[i] = float32(x / math.Sqrt(norm))
	}
	return out
}

func TestLocalMatchesReference(t *testing.T) {
	texts := []string{
		"",
		"the of and",
		"It was the first public comment from a North Korean official since South Korea's spy agency said the North had sent around 12,000 troops.",
		"Hwang Joon-kook rejected the \u201cgroundless\u201d rumours; rumors, rumours, RUMOURS.",
		"Überraschung in Zürich: naïve café owners said so",
	}
	for _, dims := range []int{64, 512, 1024} {
		got, err := NewLocal(dims).Embed(context.Background(), texts)
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range texts {
			want := referenceVector(dims, text)
			for j := range want {
				if math.Abs(float64(got[i][j]-want[j])) > 1e-6 {
					t.Fatalf("dims %d, text %q: component %d = %v; the reference gives %v", dims, text, j, got[i][j], want[j])
				}
			}
		}
	}
}
