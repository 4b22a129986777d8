package retrieval

import (
	"context"
	"fmt"
	"math"
)

// DefaultLocalDims is the dimension NewLocal uses when given 0.
//
// Chosen by measurement (TestMeasureLocalDims and TestMeasure, run with
// RETRIEVAL_MEASURE=1) and memory. Hashing distorts cosines by collisions:
// against the exact unhashed cosine, the mean error on the bundled passages
// is 0.052 at 256 dims, 0.036 at 512, 0.024 at 1024, 0.018 at 2048, and
// hashing flips the order of 13%, 8%, 4.9% and 2.4% of passage pairs for a
// query. Memory is 4 bytes per dimension per passage (1024 dims: 4 KiB a
// passage, 410 MB at 100k passages) and a brute-force query scans it all.
// Hybrid recall on the question sets is the same from 512 dims up, since
// BM25 carries most of the offline quality; 1024 is the point where
// doubling again halves a small distortion at twice the memory and time.
const DefaultLocalDims = 1024

// Local is an offline Embedder: a feature-hashed bag of stemmed words and
// in-word character n-grams. It needs no network and no model files, is
// deterministic, and returns unit vectors. It is safe for concurrent use.
//
// Word features give topical matching; character 3- and 4-grams inside each
// word make spelling variants of names and words land close together
// ("Hwang Joon-kook" and "Hwang Jun Kook", "rumours" and "rumors").
// Counts are weighted sub-linearly (1 + ln tf) and each feature is hashed
// to a signed bucket, so collisions cancel out on average instead of piling up.
type Local struct {
	dims int
}

var _ Embedder = (*Local)(nil)

// NewLocal returns a local embedder producing vectors of dims dimensions;
// dims <= 0 means DefaultLocalDims.
func NewLocal(dims int) *Local {
	if dims <= 0 {
		dims = DefaultLocalDims
	}
	return &Local{dims: dims}
}

// Name identifies the embedder and its parameters, for use in collection
// names: vectors of different names must never be mixed. v2 reads text
// through package lang (alias folding, shorthand, its stemmer), which
// changed the features, so a v1 snapshot is not reused.
func (l *Local) Name() string { return fmt.Sprintf("local-v2-%d", l.dims) }

// Dims returns the vector dimension.
func (l *Local) Dims() int { return l.dims }

// Embed returns one unit vector per text. An empty text (or one with no
// words) gets a fixed unit vector, so the result is always normalisable.
func (l *Local) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	// Words repeat across the texts of a batch: stem each once (stemming
	// is most of the cost of a vector).
	stems := make(map[string]string)
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("local embed: %w", err)
		}
		out[i] = l.vector(t, stems)
	}
	return out, nil
}

// Weights of the feature families; n-grams are many per word, so each
// counts less than a whole word.
const (
	wordWeight = 1.0
	gramWeight = 0.35
)

// features returns the weighted features of text: "w:" + stem for words,
// "g:" + n-gram for character n-grams, each weighted 1 + ln(tf) times its
// family weight, keyed by the 64-bit FNV-1a hash of the feature's name
// (hashed as it is read, never built as a string). stems caches stemming
// and may be nil.
func features(text string, stems map[string]string) map[uint64]float64 {
	words := make(map[uint64]float64)
	grams := make(map[uint64]float64)
	gramSeed := fnvString(fnvOffset64, "g:")
	wordSeed := fnvString(fnvOffset64, "w:")
	for _, w := range contentWords(text, stems) {
		words[fnvString(wordSeed, w.stem)]++
		charGrams(w.lower, func(g string) { grams[fnvString(gramSeed, g)]++ })
	}
	out := make(map[uint64]float64, len(words)+len(grams))
	for h, tf := range grams {
		out[h] = gramWeight * (1 + math.Log(tf))
	}
	for h, tf := range words {
		out[h] = wordWeight * (1 + math.Log(tf)) // "w:" and "g:" names never meet
	}
	return out
}

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime64
	}
	return h
}

func (l *Local) vector(text string, stems map[string]string) []float32 {
	v := make([]float64, l.dims)
	for sum, x := range features(text, stems) {
		idx := int(sum % uint64(l.dims))
		if sum>>63 == 1 {
			x = -x
		}
		v[idx] += x
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, l.dims)
	if norm == 0 {
		out[0] = 1
		return out
	}
	inv := 1 / math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x * inv)
	}
	return out
}

// normalize scales v to unit length in place and reports whether it could
// (a zero or non-finite vector cannot be normalised).
func normalize(v []float32) bool {
	var norm float64
	for _, x := range v {
		norm += float64(x) * float64(x)
	}
	if norm == 0 || math.IsNaN(norm) || math.IsInf(norm, 0) {
		return false
	}
	inv := 1 / math.Sqrt(norm)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return true
}
