package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// vecEmbedder returns the vector it was given for each text, by text; the
// dense tests choose exact vectors with it.
type vecEmbedder map[string][]float32

func (v vecEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = slices.Clone(v[t])
	}
	return out, nil
}

// TestDense checks the chromem ranking against a sort of every passage by
// cosine, ties in index order (duplicate vectors make ties), at sizes
// below and above the number of results; and that chromem holds the very
// vector the entry does, once.
func TestDense(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const dims = 24
	for _, rows := range []int{1, 5, 60, 700} {
		emb := vecEmbedder{}
		var texts []string
		for i := range rows {
			txt := fmt.Sprintf("passage %d", i)
			v := make([]float32, dims)
			if i%7 == 3 && i > 0 {
				copy(v, emb[texts[i-1]]) // a tie
			} else {
				for j := range v {
					v[j] = r.Float32()*2 - 1
				}
			}
			emb[txt] = v
			texts = append(texts, txt)
		}
		emb["query"] = emb[texts[min(2, rows-1)]]
		ix := mustOpen(t, "", emb, IndexOptions{Collection: "v", DuplicateJaccard: -1})
		mustSync(t, ix, passages("a", texts...))
		qv, err := ix.embedQuery(context.Background(), "query")
		if err != nil {
			t.Fatal(err)
		}
		ix.mu.RLock()
		all := slices.Clone(ix.sorted)
		slices.SortStableFunc(all, func(a, b *entry) int {
			return cmp.Compare(dotF64(qv, b.vec), dotF64(qv, a.vec))
		})
		for _, n := range []int{1, 10, 50} {
			got, err := ix.denseLocked(context.Background(), qv, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != min(n, rows) {
				t.Fatalf("rows=%d n=%d: %d hits", rows, n, len(got))
			}
			for i, h := range got {
				if h.DenseRank != i+1 || math.Abs(h.DenseScore-dotF64(qv, all[i].vec)) > 1e-5 {
					t.Fatalf("rows=%d n=%d: hit %d = %s rank %d score %v; want score %v", rows, n, i, h.Passage.ID, h.DenseRank, h.DenseScore, dotF64(qv, all[i].vec))
				}
				if i > 0 && h.DenseScore == got[i-1].DenseScore && ix.entries[h.Passage.ID].pos < ix.entries[got[i-1].Passage.ID].pos {
					t.Fatalf("rows=%d n=%d: tie at %d not in index order", rows, n, i)
				}
			}
		}
		res, err := ix.col.QueryEmbedding(context.Background(), qv, rows, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if &r.Embedding[0] != &ix.entries[r.ID].vec[0] {
				t.Fatalf("chromem holds a copy of the vector of %s", r.ID)
			}
		}
		ix.mu.RUnlock()
	}
}

func dotF64(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// TestShareable: a vector chromem would copy is copied once by us and the
// original left alone; one it keeps is returned as it is.
func TestShareable(t *testing.T) {
	unit := []float32{0.6, 0.8}
	if got := shareable(unit); &got[0] != &unit[0] {
		t.Error("a unit vector was copied")
	}
	long := []float32{3, 4}
	got := shareable(long)
	if &got[0] == &long[0] || long[0] != 3 || !unitByChromem(got) {
		t.Errorf("shareable([3 4]) = %v, original now %v", got, long)
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
