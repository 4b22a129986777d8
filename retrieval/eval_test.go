package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// question is one line of a question set (the format of eval/dev.jsonl).
type question struct {
	ID          string   `json:"id"`
	Question    string   `json:"question"`
	Answerable  bool     `json:"answerable"`
	AnswerAny   []string `json:"answer_any"`
	EvidenceAny []string `json:"evidence_any"`
	Paraphrase  bool     `json:"paraphrase"`
}

func readQuestions(t testing.TB, path string) []question {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []question
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return qs
}

// bundledPassages chunks the bundled coverage with the corpus defaults.
func bundledPassages(t testing.TB) []corpus.Passage {
	t.Helper()
	arts, err := corpus.Load(corpus.Bundled())
	if err != nil {
		t.Fatalf("load bundled coverage: %v", err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	if len(ps) == 0 {
		t.Fatal("bundled coverage gave no passages")
	}
	return ps
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func bundledIndex(t testing.TB, emb Embedder, opts IndexOptions) *Index {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	ix, err := Open(context.Background(), "", emb, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(context.Background(), bundledPassages(t), nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// evidenceRank is the 1-based rank of the first hit holding some
// evidence string (case-insensitive, in the passage or a duplicate), or 0.
func evidenceRank(hs []Hit, evidence []string) int {
	norm := func(s string) string { return strings.ToLower(corpus.Normalize(s)) }
	for i, h := range hs {
		texts := []string{h.Passage.Text}
		for _, d := range h.Duplicates {
			texts = append(texts, d.Text)
		}
		for _, tx := range texts {
			for _, ev := range evidence {
				if strings.Contains(norm(tx), norm(ev)) {
					return i + 1
				}
			}
		}
	}
	return 0
}

// scores is the outcome of one question set under one retrieval mode:
// evidence recall over the answerable questions. Unanswerable ones are
// skipped; whether to answer is the answer package's decision.
type scores struct {
	answerable int
	recall     [7]int   // recall[k]: answerable questions with evidence in the top k
	misses     []string // answerable questions without evidence in the top 6
}

func (s scores) String() string {
	var b strings.Builder
	for k := 1; k <= 6; k++ {
		fmt.Fprintf(&b, "R@%d=%.2f ", k, float64(s.recall[k])/float64(max(s.answerable, 1)))
	}
	return strings.TrimSuffix(b.String(), " ")
}

type searchFunc func(ctx context.Context, q string, k int) ([]Hit, error)

func evaluate(t testing.TB, qs []question, search searchFunc) scores {
	t.Helper()
	var s scores
	for _, q := range qs {
		if !q.Answerable {
			continue
		}
		hs, err := search(context.Background(), q.Question, 6)
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		s.answerable++
		r := evidenceRank(hs, q.EvidenceAny)
		if r == 0 {
			s.misses = append(s.misses, q.ID)
		}
		for k := 1; k <= 6; k++ {
			if r != 0 && r <= k {
				s.recall[k]++
			}
		}
	}
	return s
}

// TestRetrievalQuality holds the shipped configuration (local embedder,
// default options) to evidence recall >= 0.9 within 6 hits, on our own
// question set and on the dev set.
func TestRetrievalQuality(t *testing.T) {
	ix := bundledIndex(t, NewLocal(0), IndexOptions{Collection: NewLocal(0).Name()})
	for _, set := range []string{"testdata/own.jsonl", "testdata/dev.jsonl"} {
		t.Run(set, func(t *testing.T) {
			s := evaluate(t, readQuestions(t, set), ix.Search)
			t.Logf("hybrid: %v; misses %v", s, s.misses)
			if got := float64(s.recall[6]) / float64(s.answerable); got < 0.9 {
				t.Errorf("evidence recall@6 = %.2f, want >= 0.9 (misses %v)", got, s.misses)
			}
		})
	}
}

// TestMeasure prints recall for each retrieval path, fusion and local
// dimension. It is a measurement, not a check: run it with
// RETRIEVAL_MEASURE=1 go test -run TestMeasure -v ./retrieval.
func TestMeasure(t *testing.T) {
	if os.Getenv("RETRIEVAL_MEASURE") == "" {
		t.Skip("set RETRIEVAL_MEASURE=1 to print retrieval measurements")
	}
	sets := map[string][]question{
		"own": readQuestions(t, "testdata/own.jsonl"),
		"dev": readQuestions(t, "testdata/dev.jsonl"),
	}
	for _, dims := range []int{256, 512, 1024, 2048, 4096} {
		emb := NewLocal(dims)
		for _, fusion := range []Fusion{FusionRRF, FusionMinMax} {
			ix := bundledIndex(t, emb, IndexOptions{Collection: emb.Name(), Fusion: fusion})
			for _, name := range []string{"own", "dev"} {
				qs := sets[name]
				if fusion == FusionRRF {
					t.Logf("dims=%d %s dense   %v", dims, name, evaluate(t, qs, ix.Dense))
					t.Logf("dims=%d %s lexical %v", dims, name, evaluate(t, qs, ix.Lexical))
				}
				s := evaluate(t, qs, ix.Search)
				t.Logf("dims=%d %s hybrid-%s %v misses %v", dims, name, fusionName(fusion), s, s.misses)
			}
		}
	}
}

func fusionName(f Fusion) string {
	if f == FusionMinMax {
		return "minmax"
	}
	return "rrf"
}

// TestMeasureLocalDims measures what feature hashing costs at each
// dimension: for every pair of bundled passages (and each question against
// each passage), the cosine of the hashed vectors against the exact cosine
// of the unhashed feature vectors. Run with RETRIEVAL_MEASURE=1.
func TestMeasureLocalDims(t *testing.T) {
	if os.Getenv("RETRIEVAL_MEASURE") == "" {
		t.Skip("set RETRIEVAL_MEASURE=1 to print retrieval measurements")
	}
	var texts []string
	for _, p := range bundledPassages(t) {
		texts = append(texts, p.Text)
	}
	nPassages := len(texts)
	for _, q := range readQuestions(t, "testdata/own.jsonl") {
		texts = append(texts, q.Question)
	}
	exact := make([]map[uint64]float64, len(texts))
	for i, tx := range texts {
		exact[i] = features(tx, nil)
	}
	cosExact := func(a, b map[uint64]float64) float64 {
		var dot, na, nb float64
		for f, x := range a {
			dot += x * b[f]
			na += x * x
		}
		for _, x := range b {
			nb += x * x
		}
		return dot / math.Sqrt(na*nb)
	}
	for _, dims := range []int{128, 256, 512, 1024, 2048, 4096, 8192} {
		l := NewLocal(dims)
		vecs, _ := l.Embed(context.Background(), texts)
		var sumErr, maxErr float64
		n, swaps, pairs := 0, 0, 0
		for i := range texts {
			for j := range min(i, nPassages) {
				d := 0.0
				for x := range vecs[i] {
					d += float64(vecs[i][x]) * float64(vecs[j][x])
				}
				e := math.Abs(d - cosExact(exact[i], exact[j]))
				sumErr += e
				maxErr = max(maxErr, e)
				n++
			}
		}
		// Ranking damage for queries: how often hashing flips the order of
		// two passages whose exact cosines differ by more than 0.02.
		for qi := nPassages; qi < len(texts); qi++ {
			ex := make([]float64, nPassages)
			hs := make([]float64, nPassages)
			for j := range nPassages {
				ex[j] = cosExact(exact[qi], exact[j])
				for x := range vecs[qi] {
					hs[j] += float64(vecs[qi][x]) * float64(vecs[j][x])
				}
			}
			for a := range nPassages {
				for b := range nPassages {
					if ex[a] > ex[b]+0.02 {
						pairs++
						if hs[a] < hs[b] {
							swaps++
						}
					}
				}
			}
		}
		t.Logf("dims=%5d mean|err|=%.4f max|err|=%.3f query-order flips=%.2f%% memory/100k passages=%d MB",
			dims, sumErr/float64(n), maxErr, 100*float64(swaps)/float64(pairs), dims*4*100000/1e6)
	}
}

// TestMeasureFolding prints what the synonym map changes (the irregular
// verbs and spellings are stemmer's, shared with the answer checks). Run
// with RETRIEVAL_MEASURE=1.
func TestMeasureFolding(t *testing.T) {
	if os.Getenv("RETRIEVAL_MEASURE") == "" {
		t.Skip("set RETRIEVAL_MEASURE=1 to print retrieval measurements")
	}
	saveSyn := synonyms
	t.Cleanup(func() { synonyms = saveSyn })
	for _, v := range []struct {
		name string
		syn  map[string]string
	}{
		{"synonyms", saveSyn},
		{"no synonyms", map[string]string{}},
	} {
		synonyms = v.syn
		ix := bundledIndex(t, NewLocal(0), IndexOptions{Collection: "x"})
		for _, set := range []string{"own", "dev"} {
			qs := readQuestions(t, "testdata/"+set+".jsonl")
			s := evaluate(t, qs, ix.Search)
			t.Logf("%-18s %s lexical %v", v.name, set, evaluate(t, qs, ix.Lexical))
			t.Logf("%-18s %s hybrid  %v misses %v", v.name, set, s, s.misses)
		}
	}
}
