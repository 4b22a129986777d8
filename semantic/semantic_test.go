package semantic

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// reference is one text run through the TF.js runtime (testdata/README.md
// says how): the ids its tokenizer produced and, when present, the vector.
type reference struct {
	Text string    `json:"text"`
	IDs  []int     `json:"ids"`
	Emb  []float64 `json:"emb"`
}

func readReferences(t testing.TB, name string) []reference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var refs []reference
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return refs
}

func mustDefault(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func cosine(a []float32, b []float64) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * b[i]
		na += float64(a[i]) * float64(a[i])
		nb += b[i] * b[i]
	}
	return dot / math.Sqrt(na*nb)
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// TestReference compares ids and vectors with the TF.js runtime's, for the
// shared reference sentences and the extra cases of testdata (long passages
// cut at 128 tokens, unknown characters, NFKC, colons).
func TestReference(t *testing.T) {
	m := mustDefault(t)
	var refs []reference
	for _, name := range []string{"use-lite-reference.json", "tfjs-vectors.json"} {
		refs = append(refs, readReferences(t, name)...)
	}
	texts := make([]string, len(refs))
	for i, r := range refs {
		texts[i] = r.Text
	}
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	worst := 1.0
	for i, r := range refs {
		want := r.IDs[:min(len(r.IDs), MaxTokens)] // TF.js's graph reads the first 128
		if got := m.Tokens(r.Text); !slices.Equal(got, want) {
			t.Errorf("Tokens(%.40q) =\n%v; TF.js gave\n%v", r.Text, got, want)
		}
		c := cosine(vecs[i], r.Emb)
		worst = min(worst, c)
		if c < 0.999 {
			t.Errorf("Embed(%.40q): cosine %.5f with TF.js; want >= 0.999", r.Text, c)
		}
	}
	t.Logf("%d texts, lowest cosine with TF.js %.6f", len(refs), worst)
}

// TestReferenceFloat32 checks the forward pass itself, without the int8
// rounding, against a float32 model file made with convert -f32 (not
// shipped: set SEMANTIC_MODEL_F32 to its path to run it).
func TestReferenceFloat32(t *testing.T) {
	path := os.Getenv("SEMANTIC_MODEL_F32")
	if path == "" {
		t.Skip("SEMANTIC_MODEL_F32 is not set")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := load(b)
	if err != nil {
		t.Fatal(err)
	}
	refs := append(readReferences(t, "use-lite-reference.json"), readReferences(t, "tfjs-vectors.json")...)
	worst := 0.0
	for _, r := range refs {
		vecs, err := m.Embed(context.Background(), []string{r.Text})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vecs[0] {
			worst = max(worst, math.Abs(float64(v)-r.Emb[i]))
		}
	}
	t.Logf("largest difference from TF.js in one dimension: %.2g", worst)
	if worst > 1e-5 {
		t.Errorf("largest difference %.2g; want <= 1e-5", worst)
	}
}

// TestParaphrases checks that meaning, not shared words, orders the pairs.
func TestParaphrases(t *testing.T) {
	m := mustDefault(t)
	for _, tt := range []struct{ name, q, near, far string }{
		{"diplomat is ambassador",
			"Which Russian diplomat did Kim Hong-kyun meet?",
			"South Korean vice-foreign minister Kim Hong-kyun speaking to Russian ambassador Georgy Zinoviev",
			"The weather in Paris was mild for the season."},
		{"diplomat beats shared name",
			"Which Russian diplomat did Kim Hong-kyun meet?",
			"South Korean vice-foreign minister Kim Hong-kyun speaking to Russian ambassador Georgy Zinoviev",
			"Kim Hong-kyun gave a speech about trade."},
		{"troops are soldiers",
			"How many troops were sent to the border?",
			"Thousands of soldiers were deployed along the frontier.",
			"The border town held a music festival."},
		{"envoy is ambassador",
			"What did the American envoy say?",
			"The US ambassador told reporters the talks were useful.",
			"The American football season starts in September."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := m.Embed(context.Background(), []string{tt.q, tt.near, tt.far})
			if err != nil {
				t.Fatal(err)
			}
			near, far := dot(v[0], v[1]), dot(v[0], v[2])
			if near <= far {
				t.Errorf("cos(question, near) = %.3f <= cos(question, far) = %.3f", near, far)
			}
			t.Logf("near %.3f, far %.3f", near, far)
		})
	}
}

// TestEmbedVectors checks the shape of Embed's answer for edge cases.
func TestEmbedVectors(t *testing.T) {
	m := mustDefault(t)
	long := strings.Repeat("The talks went on for hours. ", 60)
	texts := []string{"", "   ", "hello", long, long + " and then some more words", "\t\n", "日本語"}
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		if len(v) != m.Dims() || m.Dims() != 512 {
			t.Fatalf("text %d: %d dims, Dims() = %d; want 512", i, len(v), m.Dims())
		}
		if n := math.Sqrt(dot(v, v)); math.Abs(n-1) > 1e-5 || math.IsNaN(n) {
			t.Errorf("Embed(%.20q): norm %v; want 1", texts[i], n)
		}
	}
	if c := dot(vecs[3], vecs[4]); c < 0.99999 {
		t.Errorf("a text cut at %d tokens and the same with more words after: cosine %v; want 1", MaxTokens, c)
	}
	if got := len(m.Tokens(long)); got != MaxTokens {
		t.Errorf("len(Tokens(long text)) = %d; want %d", got, MaxTokens)
	}
	if got := m.Tokens(""); len(got) != 0 {
		t.Errorf("Tokens(\"\") = %v; want none", got)
	}
	if c := dot(vecs[0], vecs[1]); c > 0.9999 {
		t.Errorf("empty text and spaces have the same vector (cosine %v)", c)
	}
	if got, err := m.Embed(context.Background(), nil); err != nil || len(got) != 0 {
		t.Errorf("Embed(nil) = %d vectors, %v; want none, nil", len(got), err)
	}
}

// TestEmbedBatchMatchesSingle checks that grouping texts into one forward
// pass (and spreading groups over goroutines) changes no vector.
func TestEmbedBatchMatchesSingle(t *testing.T) {
	m := mustDefault(t)
	var texts []string
	for _, r := range readReferences(t, "tfjs-vectors.json") {
		texts = append(texts, r.Text)
	}
	texts = append(texts, "hello", "", "Kim Hong-kyun met the ambassador.")
	batch, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		one, err := m.Embed(context.Background(), []string{text})
		if err != nil {
			t.Fatal(err)
		}
		if c := dot(one[0], batch[i]); c < 0.99999 {
			t.Errorf("text %d alone and in a batch: cosine %v; want 1", i, c)
		}
	}
}

// TestEmbedManyEmpty embeds more empty texts than one forward pass takes
// (they use no rows, so the texts per pass are bounded on their own).
func TestEmbedManyEmpty(t *testing.T) {
	m := mustDefault(t)
	texts := make([]string, 3*batchTexts+1)
	texts[batchTexts] = "hello"
	vecs, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if c := dot(vecs[0], vecs[len(vecs)-1]); c < 0.99999 {
		t.Errorf("two empty texts: cosine %v; want 1", c)
	}
	if c := dot(vecs[0], vecs[batchTexts]); c > 0.9999 {
		t.Errorf("empty text and hello: cosine %v; want different vectors", c)
	}
}

// TestEmbedConcurrent runs Embed from several goroutines at once (for -race).
func TestEmbedConcurrent(t *testing.T) {
	m := mustDefault(t)
	want, err := m.Embed(context.Background(), []string{"The ambassador met the minister."})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := m.Embed(context.Background(), []string{"The ambassador met the minister.", "hello"})
			if err != nil {
				t.Error(err)
				return
			}
			if c := dot(got[0], want[0]); c < 0.99999 {
				t.Errorf("concurrent Embed: cosine %v with a lone call; want 1", c)
			}
		})
	}
	wg.Wait()
}

// TestEmbedContext checks that a cancelled context stops Embed.
func TestEmbedContext(t *testing.T) {
	m := mustDefault(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vecs, err := m.Embed(ctx, []string{"hello", "world"})
	if !errors.Is(err, context.Canceled) || vecs != nil {
		t.Errorf("Embed(cancelled) = %d vectors, %v; want none, context.Canceled", len(vecs), err)
	}
}

func TestLoadRejectsDamage(t *testing.T) {
	for _, tt := range []struct {
		name string
		file func() []byte
	}{
		{"empty", func() []byte { return nil }},
		{"wrong magic", func() []byte { return append([]byte("NOTAMODEL"), modelFile[9:]...) }},
		{"flipped byte", func() []byte {
			b := slices.Clone(modelFile)
			b[len(b)/2] ^= 1
			return b
		}},
		{"cut short", func() []byte { return modelFile[:len(modelFile)/2] }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := load(tt.file()); err == nil {
				t.Error("load succeeded; want an error")
			}
		})
	}
}
