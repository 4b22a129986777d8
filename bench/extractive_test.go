package bench

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/testindex"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/semantic"
	"github.com/newsbot/newsbot/thesaurus"
)

// BenchmarkAskExtractive is a question to `newsbot ask` with no chat model,
// wired as cmd/newsbot wires it offline: the index embeds with the hashed
// features joined to USE-Lite (retrieval.NewMeaning, default dimensions),
// and the answerer, with no chat model, decides and extracts with the
// USE-Lite sentence model and the WordNet thesaurus, at its default TopK
// and relevance bar. One answerer asks every question, as `serve` does.
//
// Questions rotate through a list of distinct ones (the 60 of dev2.jsonl
// on the bundled coverage, 48 on the synthetic), so most candidate
// sentences are not yet in the answerer's sentence-vector cache, as for a
// new question. The first question of a fresh answerer builds the corpus
// word statistics (a restarted `newsbot ask` reads them from beside the
// snapshot instead); it is asked before the timed loop, reported as
// first-ms and left out of p50-ms and p90-ms.
//
// n=10000 embeds 10,000 synthetic passages with USE-Lite before it can
// ask (minutes on two cores), so it runs only with NEWSBOT_BENCH_FULL=1.
func BenchmarkAskExtractive(b *testing.B) {
	sm, err := semantic.Default()
	if err != nil {
		b.Fatal(err)
	}
	th, err := thesaurus.Default()
	if err != nil {
		b.Fatal(err)
	}
	emb := retrieval.NewMeaning(0, sm, semantic.Name)
	opts := answer.Options{Sentences: sm, Thesaurus: th, Logger: quiet()}
	b.Run("coverage=bundled", func(b *testing.B) {
		cases := readSet(b, dev2Set)
		qs := make([]string, len(cases))
		for i, c := range cases {
			qs[i] = c.Question
		}
		askEach(b, answer.New(testindex.BuildWith(b, corpus.Bundled(), emb), nil, opts), qs)
	})
	b.Run("n=10000", func(b *testing.B) {
		if os.Getenv(fullEnv) == "" {
			b.Skipf("set %s=1 to embed 10,000 passages with USE-Lite (minutes) and ask them", fullEnv)
		}
		askEach(b, answer.New(indexWith(b, 10_000, emb), nil, opts), synthQuestions())
	})
}

// askEach asks qs[0] untimed, then qs[1:] in turn, one per iteration, and
// reports the time per question.
func askEach(b *testing.B, a *answer.Answerer, qs []string) {
	ctx := context.Background()
	ask := func(q string) *answer.Answer {
		ans, err := a.Ask(ctx, answer.Request{Question: q})
		if err != nil {
			b.Fatalf("ask %q: %v", q, err)
		}
		return ans
	}
	t0 := time.Now()
	ask(qs[0])
	first := time.Since(t0)
	var total, retrieve []time.Duration
	refused := 0
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		ans := ask(qs[1+i%(len(qs)-1)])
		total = append(total, time.Since(t0))
		retrieve = append(retrieve, ans.Timings.Retrieve)
		if ans.Refused {
			refused++
		}
	}
	b.ReportMetric(ms(percentile(total, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(total, 90)), "p90-ms")
	b.ReportMetric(ms(percentile(retrieve, 50)), "retrieve-p50-ms")
	b.ReportMetric(ms(first), "first-ms")
	b.ReportMetric(float64(refused)/float64(b.N), "refused/op")
}

// synthQuestions are 48 distinct questions in the synthetic coverage's
// vocabulary: each kind its sentences answer (who said what, how many,
// where, why, a quote, a yes/no), over different people, topics and places.
func synthQuestions() []string {
	people := []string{"Ana Petrova", "Lee Min-ho", "Omar Haddad", "Elena Rossi", "Kenji Sato", "Fatima Bello", "Hans Keller", "Grace Okafor"}
	topics := []string{"missile launch", "grain shipment", "naval exercise", "energy pipeline", "ceasefire talks", "arms transfer", "drone strike", "aid convoy"}
	places := []string{"Vladivostok", "Geneva", "Seoul", "Warsaw", "Tokyo", "Helsinki", "Manila", "Ottawa"}
	nouns := []string{"soldiers", "vessels", "drones", "engineers", "refugees", "inspectors", "artillery shells", "containers"}
	var qs []string
	for i := range people {
		p, t, pl, n := people[i], topics[(3*i+1)%len(topics)], places[(5*i+2)%len(places)], nouns[(7*i+3)%len(nouns)]
		qs = append(qs,
			fmt.Sprintf("What did %s say about the %s?", p, t),
			fmt.Sprintf("How many %s were moved to %s?", n, pl),
			fmt.Sprintf("Who called the reports about the %s baseless?", t),
			fmt.Sprintf("Where was the %s first reported?", topics[(i+5)%len(topics)]),
			fmt.Sprintf("why did %s want %s to stop the %s", people[(i+3)%len(people)], pl, t),
			fmt.Sprintf("did %s say the %s would go unanswered?", p, topics[(i+2)%len(topics)]),
		)
	}
	return qs
}

// BenchmarkInventory is a question on whom the coverage quotes ("who is
// quoted?"), which reads every passage's names rather than the retrieved
// ones: its time grows with the coverage, so it is measured at 10,000
// synthetic passages (no embedding: the question needs no search). The
// first question reads the names (first-ms); ns/op is a later one.
func BenchmarkInventory(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ps := cover(b, n).ps
			a := answer.New(noSearch{}, nil, answer.Options{Passages: func() []corpus.Passage { return ps }, Logger: quiet()})
			ask := func() {
				ans, err := a.Ask(context.Background(), answer.Request{Question: "who is quoted in the coverage?"})
				if err != nil || ans.Refused {
					b.Fatalf("ask: %v (refused %v: %s)", err, ans.Refused, ans.Reason)
				}
			}
			// The first question reads every passage's names; later ones
			// reuse them until the coverage changes.
			t0 := time.Now()
			ask()
			first := time.Since(t0)
			for b.Loop() {
				ask()
			}
			b.ReportMetric(float64(first.Milliseconds()), "first-ms")
		})
	}
}

// noSearch finds nothing: for questions answered without a search.
type noSearch struct{}

func (noSearch) Search(context.Context, string, int) ([]retrieval.Hit, error) { return nil, nil }
