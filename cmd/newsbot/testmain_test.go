package main

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/retrieval"
)

// TestMain puts a memory of sentence vectors in front of the sentence
// model for the whole test process. Almost every test here builds an app
// over the bundled coverage, and each would otherwise run the model over
// every passage (the local embedder) and every candidate sentence again:
// that was four fifths of this package's CPU time. The model is
// deterministic per text, so the answers are the same.
func TestMain(m *testing.M) {
	inner := sentenceModel
	var (
		once sync.Once
		memo *memoModel
		err  error
	)
	sentenceModel = func() (retrieval.SentenceModel, error) {
		once.Do(func() {
			var sm retrieval.SentenceModel
			if sm, err = inner(); err == nil {
				memo = &memoModel{inner: sm, vecs: map[string][]float32{}}
			}
		})
		if err != nil {
			return nil, err
		}
		return memo, nil
	}
	os.Exit(m.Run())
}

// memoModel remembers the vector of every text it has embedded.
type memoModel struct {
	inner retrieval.SentenceModel
	mu    sync.Mutex
	vecs  map[string][]float32
}

func (m *memoModel) Dims() int { return m.inner.Dims() }

func (m *memoModel) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	m.mu.Lock()
	var missing []string
	seen := map[string]bool{}
	for _, t := range texts {
		if _, ok := m.vecs[t]; !ok && !seen[t] {
			missing = append(missing, t)
			seen[t] = true
		}
	}
	m.mu.Unlock()
	if len(missing) > 0 {
		vs, err := m.inner.Embed(ctx, missing)
		if err != nil {
			return nil, err
		}
		m.mu.Lock()
		for i, t := range missing {
			m.vecs[t] = vs[i]
		}
		m.mu.Unlock()
	}
	out := make([][]float32, len(texts))
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, t := range texts {
		out[i] = slices.Clone(m.vecs[t])
	}
	return out, nil
}
