// Package semantic embeds English text as 512-dimension unit vectors whose
// dot product measures closeness of meaning ("Which Russian diplomat..." is
// near "...Russian ambassador Georgy Zinoviev"), with no network and no
// native library: it is a pure-Go port of Universal Sentence Encoder Lite
// (a two-layer transformer over an 8,000-piece SentencePiece vocabulary, 7 M
// parameters), whose weights are embedded in the binary as int8 (7.2 MB, see
// model/README.md for their source, licence and checks).
//
// The port reproduces the TF.js runtime: the same token ids, and vectors at
// cosine 0.9995 or more from its vectors with the int8 weights (within 3e-7
// per dimension with float32 weights); testdata holds the TF.js output. It
// is a leaf: it imports nothing from this module.
package semantic

import (
	"context"
	_ "embed" // the model file
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// MaxTokens is the longest input the model reads, in SentencePiece tokens:
// Embed reads the first MaxTokens tokens of a longer text (about 90 to 100
// English words) and ignores the rest, as the TF.js graph does.
const MaxTokens = 128

// Name identifies the model and its converted weights; it changes whenever
// the vectors would (another model, another quantisation).
const Name = "use-lite-int8-v1"

// batchRows is how many tokens one forward pass takes at most: Embed groups
// consecutive texts up to it, so that short texts share their matrix
// products (the weights are read once for the group, not once per text).
const batchRows = 256

// batchTexts bounds the texts of one forward pass (empty texts take no rows).
const batchTexts = 64

//go:embed model/use-lite-int8.bin
var modelFile []byte

// Model is a loaded Universal Sentence Encoder Lite. It is safe for
// concurrent use; its weights are read-only once loaded.
type Model struct {
	tok        *tokenizer
	w          *weights
	workspaces sync.Pool // *workspace for batchRows tokens of batchTexts texts
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary, loading it on the first
// call (about 35 ms and 22 MB of heap) and sharing it after that.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = load(modelFile)
	})
	return defaultModel, defaultErr
}

// load builds a model from the bytes of a model file.
func load(file []byte) (*Model, error) {
	vocab, tensors, err := parseModelFile(file)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if len(vocab) <= reservedPieces {
		return nil, fmt.Errorf("load model: vocabulary of %d pieces", len(vocab))
	}
	for id, v := range vocab {
		if v.piece == "" {
			return nil, fmt.Errorf("load model: piece %d is empty", id)
		}
	}
	w, err := newWeights(tensors)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if len(vocab) > w.vocab {
		return nil, fmt.Errorf("load model: %d pieces but %d embeddings", len(vocab), w.vocab)
	}
	m := &Model{tok: newTokenizer(vocab), w: w}
	m.workspaces.New = func() any { return newWorkspace(batchRows, batchTexts) }
	return m, nil
}

// Dims is the length of the vectors Embed returns: 512.
func (m *Model) Dims() int { return dims }

// Tokens returns the ids of the SentencePiece tokens the model reads for
// text: at most MaxTokens of them, so a result of that length means the text
// was cut. It is the TF.js tokenizer's output, quirks included (listed in
// tokenizer.go). An empty text has no tokens.
func (m *Model) Tokens(text string) []int {
	return m.tok.encodePrefix(text, MaxTokens)
}

// Embed returns one vector of Dims() float32s per text, in order, each of
// unit length (L2 norm 1 within float32 rounding), so that the dot product
// of two of them is their cosine similarity. A text is read up to its first
// MaxTokens tokens. An empty text is not an error: it gets the model's
// vector for no tokens at all, the same fixed vector for every empty text
// (a text of spaces does have tokens and gets a vector of its own).
//
// Texts are embedded in groups of up to 256 tokens (one question, or three
// passages) on up to GOMAXPROCS goroutines, and vek32 splits each matrix
// product over the CPUs too, so one question uses both cores of a small
// machine. Embed checks ctx before each group (some tens of milliseconds of
// work at most) and then returns its error and no vectors.
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embed %d texts: %w", len(texts), err)
	}
	seqs := make([][]int, len(texts))
	for i, t := range texts {
		seqs[i] = m.Tokens(t)
	}
	var groups [][2]int // [first, end) of the texts of each group
	for i := 0; i < len(seqs); {
		j, rows := i, 0
		for j < len(seqs) && (j == i || rows+len(seqs[j]) <= batchRows && j-i < batchTexts) {
			rows += len(seqs[j])
			j++
		}
		groups = append(groups, [2]int{i, j})
		i = j
	}

	vecs := make([]float32, len(texts)*dims)
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = vecs[i*dims : (i+1)*dims : (i+1)*dims]
	}
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	workers := min(runtime.GOMAXPROCS(0), len(groups))
	for range workers {
		wg.Go(func() {
			ws := m.workspaces.Get().(*workspace)
			defer m.workspaces.Put(ws)
			for {
				g := int(next.Add(1) - 1)
				if g >= len(groups) {
					return
				}
				first, end := groups[g][0], groups[g][1]
				if err := ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("embed text %d of %d: %w", first, len(texts), err) })
					next.Store(int64(len(groups))) // the others stop too
					return
				}
				m.w.forward(ws, seqs[first:end], out[first:end])
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
