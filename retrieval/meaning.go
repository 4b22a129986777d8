package retrieval

import (
	"context"
	"fmt"
	"math"
)

// SentenceModel embeds text into unit vectors whose dot product is their
// similarity in meaning (semantic.Model): what the local embedder needs of
// a trained model.
type SentenceModel interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dims() int
}

// Meaning is the offline embedder with a meaning signal: each vector joins
// the hashed word and character-gram features of Local (spelling variants,
// exact names) with a trained sentence model's vector (paraphrases:
// "diplomat" meets "ambassador"), each half weighted so that the cosine of
// two joined vectors is the mean of the two cosines.
type Meaning struct {
	hash  *Local
	model SentenceModel
	name  string
}

// NewMeaning returns the joined embedder over a hashed embedder of dims
// dimensions (0 = default) and model.
func NewMeaning(dims int, model SentenceModel, modelName string) *Meaning {
	h := NewLocal(dims)
	return &Meaning{hash: h, model: model, name: fmt.Sprintf("local-v2-%d+%s", h.Dims(), modelName)}
}

// Name identifies the embedder, its parameters and the model, for use in
// collection names: vectors of another model never mix with these.
func (m *Meaning) Name() string { return m.name }

// Dims is the size of the joined vectors.
func (m *Meaning) Dims() int { return m.hash.Dims() + m.model.Dims() }

// Embed returns one unit vector per text.
func (m *Meaning) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	hv, err := m.hash.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	sv, err := m.model.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("sentence model: %w", err)
	}
	if len(sv) != len(texts) {
		return nil, fmt.Errorf("sentence model: %d vectors for %d texts", len(sv), len(texts))
	}
	w := float32(1 / math.Sqrt2)
	out := make([][]float32, len(texts))
	for i := range texts {
		v := make([]float32, 0, m.Dims())
		for _, x := range hv[i] {
			v = append(v, w*x)
		}
		for _, x := range sv[i] {
			v = append(v, w*x)
		}
		out[i] = v
	}
	return out, nil
}
