package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/evaluate"
	"github.com/newsbot/newsbot/prompts"
	"github.com/newsbot/newsbot/retrieval"
)

// devSet is the dev question set, relative to this package; dev2Set the
// second, questions typed as people type them in Discord.
const (
	devSet  = "../testdata/eval/dev.jsonl"
	dev2Set = "../testdata/eval/dev2.jsonl"
)

// readSet reads the question set at path.
func readSet(b *testing.B, path string) []evaluate.Case {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cases, err := evaluate.Read(f, path)
	if err != nil {
		b.Fatal(err)
	}
	return cases
}

// recordingModel answers at once, like instantModel, and counts the tokens
// of each prompt it was sent, as prompts.PromptTokens counts them.
type recordingModel struct {
	mu     sync.Mutex
	tokens int
	calls  int
}

func (m *recordingModel) Stream(ctx context.Context, req answer.ChatRequest, fn func(string) error) error {
	n := 3 // reply priming, as prompts.PromptTokens counts it
	for _, msg := range req.Messages {
		n += prompts.Tokens(msg.Content) + 4
	}
	m.mu.Lock()
	m.tokens += n
	m.calls++
	m.mu.Unlock()
	return instantModel{}.Stream(ctx, req, fn)
}

// BenchmarkPromptTokens measures what collapsing near-duplicate passages
// saves in the prompt: for each TopK, the mean prompt tokens per answer on
// the dev questions (bundled coverage, local embedder, instant model), and
// the evidence recall of the passages the model was given (an evidence
// string of the question inside a prompt passage), with the default
// collapsing (collapse=on) and with it disabled (collapse=off,
// IndexOptions.DuplicateJaccard < 0). Compare the two at equal recall.
// collapsed/answer is how many near-copies the given hits stood for.
func BenchmarkPromptTokens(b *testing.B) {
	cases := readSet(b, devSet)
	arts, err := corpus.Load(corpus.Bundled())
	if err != nil {
		b.Fatal(err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	ctx := context.Background()
	for _, collapse := range []bool{true, false} {
		emb := retrieval.NewLocal(0)
		opts := retrieval.IndexOptions{Collection: emb.Name(), Logger: quiet()}
		name := "collapse=on"
		if !collapse {
			opts.DuplicateJaccard = -1
			name = "collapse=off"
		}
		ix, err := retrieval.Open(ctx, "", emb, opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Sync(ctx, ps, nil); err != nil {
			b.Fatal(err)
		}
		for k := 1; k <= 8; k++ {
			b.Run(name+"/k="+strconv.Itoa(k), func(b *testing.B) {
				var m *recordingModel
				var found, answerable, collapsed int
				for b.Loop() {
					m = &recordingModel{}
					a := answer.New(ix, m, answer.Options{TopK: k, Logger: quiet()})
					found, answerable, collapsed = 0, 0, 0
					for _, c := range cases {
						ans, err := a.Ask(ctx, answer.Request{Question: c.Question})
						if err != nil {
							b.Fatalf("%s: %v", c.ID, err)
						}
						for _, h := range ans.Hits {
							collapsed += len(h.Duplicates)
						}
						if !c.Answerable || len(c.EvidenceAny) == 0 {
							continue
						}
						answerable++
						if given(ans.Hits, c.EvidenceAny) {
							found++
						}
					}
				}
				b.ReportMetric(float64(m.tokens)/float64(max(m.calls, 1)), "tokens/answer")
				b.ReportMetric(float64(found)/float64(max(answerable, 1)), "evidence-recall")
				b.ReportMetric(float64(m.calls), "prompts")
				b.ReportMetric(float64(collapsed)/float64(max(m.calls, 1)), "collapsed/answer")
			})
		}
	}
}

// given reports whether one of the evidence strings is in a passage the
// model was given (a hit's own text: collapsed duplicates are not sent).
func given(hits []retrieval.Hit, evidence []string) bool {
	for _, h := range hits {
		text := evaluate.Normalize(h.Passage.Text)
		for _, e := range evidence {
			if strings.Contains(text, evaluate.Normalize(e)) {
				return true
			}
		}
	}
	return false
}
