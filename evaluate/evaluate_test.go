package evaluate_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/evaluate"
	"github.com/newsbot/newsbot/retrieval"
)

func TestReadErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"not json", `{"id":"a","question":"q?","answerable":false}` + "\nnot json\n", []string{"set.jsonl:2: not a question object"}},
		{"unknown field", `{"id":"a","question":"q?","answerable":false,"anwser_any":["x"]}`, []string{"set.jsonl:1:", `unknown field "anwser_any"`}},
		{"no id", `{"question":"q?","answerable":false}`, []string{"set.jsonl:1: no id"}},
		{"no question", `{"id":"a","answerable":false}`, []string{"set.jsonl:1: question a: no question text"}},
		{"answerable without expectations", `{"id":"a","question":"q?","answerable":true}`, []string{"set.jsonl:1: question a: answerable but neither"}},
		{"duplicate id", `{"id":"a","question":"q?","answerable":false}` + "\n\n" + `{"id":"a","question":"r?","answerable":false}`, []string{"set.jsonl:3: question a: id already used on line 1"}},
		{"two values", `{"id":"a","question":"q?","answerable":false} {"id":"b"}`, []string{"set.jsonl:1: more than one JSON value"}},
		{"wrong type", `{"id":"a","question":"q?","answerable":"yes"}`, []string{"set.jsonl:1: not a question object"}},
		{"every bad line", "x\n" + `{"id":"a","question":"q?","answerable":false}` + "\ny\n", []string{"set.jsonl:1:", "set.jsonl:3:"}},
		{"empty", "\n# only a comment\n", []string{"read set.jsonl: no questions"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evaluate.Read(strings.NewReader(tt.in), "set.jsonl")
			if err == nil {
				t.Fatal("Read succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestReadDev(t *testing.T) {
	for _, name := range []string{"dev.jsonl", "own.jsonl"} {
		f, err := os.Open(filepath.Join("..", "testdata", "eval", name))
		if err != nil {
			t.Fatal(err)
		}
		cases, err := evaluate.Read(f, name)
		f.Close()
		if err != nil {
			t.Fatalf("Read %s: %v", name, err)
		}
		var unanswerable int
		for _, c := range cases {
			if !c.Answerable {
				unanswerable++
			}
		}
		if len(cases) < 16 || unanswerable < 2 {
			t.Errorf("%s: %d questions, %d unanswerable", name, len(cases), unanswerable)
		}
	}
}

func passage(id, text string) corpus.Passage {
	return corpus.Passage{ID: id, ArticleID: strings.Split(id, "#")[0], Text: text}
}

// fake answers from a table keyed by question.
type fake map[string]*answer.Answer

func (f fake) Ask(_ context.Context, req answer.Request) (*answer.Answer, error) {
	a, ok := f[req.Question]
	if !ok {
		return nil, errors.New("endpoint down")
	}
	return a, nil
}

func TestRun(t *testing.T) {
	p1 := passage("a#0", "Seoul said 1,500 troops went to Vladivostok for training.")
	p2 := passage("a#1", "The Kremlin declined to confirm the reports.")
	p3 := passage("b#0", "North Korea called the claims “groundless  stereotyped rumors”.")
	dup := passage("c#0", "Pyongyang called it a baseless stereotypical rumour.")
	hit := func(p corpus.Passage, dups ...corpus.Passage) retrieval.Hit {
		return retrieval.Hit{Passage: p, Duplicates: dups}
	}
	cases := []evaluate.Case{
		{ID: "good", Question: "Where?", Answerable: true, AnswerAny: []string{"vladivostok"}, EvidenceAny: []string{"Vladivostok"}},
		{ID: "retrieved-not-cited", Question: "Kremlin?", Answerable: true, AnswerAny: []string{"declined"}, EvidenceAny: []string{"declined to confirm"}},
		{ID: "curly-and-dup", Question: "Rumours?", Answerable: true, AnswerAny: []string{"baseless"}, EvidenceAny: []string{"\"groundless stereotyped rumors\"", "baseless stereotypical rumour"}},
		{ID: "only-in-duplicate", Question: "Dup?", Answerable: true, AnswerAny: []string{"rumour"}, EvidenceAny: []string{"baseless stereotypical rumour"}},
		{ID: "wrongly-refused", Question: "Refused?", Answerable: true, AnswerAny: []string{"x"}, EvidenceAny: []string{"Vladivostok"}},
		{ID: "refused-ok", Question: "China?", Answerable: false},
		{ID: "not-refused", Question: "General?", Answerable: false},
		{ID: "broken", Question: "Broken?", Answerable: true, AnswerAny: []string{"troops"}, EvidenceAny: []string{"1,500 troops"}},
		{ID: "error", Question: "Down?", Answerable: true, AnswerAny: []string{"x"}, EvidenceAny: []string{"y"}},
	}
	asker := fake{
		"Where?": {Text: "They went to Vladivostok [1].", Mode: "extractive",
			Citations: []answer.Citation{{N: 1, Hit: hit(p1)}}, Hits: []retrieval.Hit{hit(p1), hit(p2)}},
		"Kremlin?": {Text: "Moscow declined to comment [1].", Mode: "llm",
			Citations: []answer.Citation{{N: 1, Hit: hit(p1)}}, Hits: []retrieval.Hit{hit(p1), hit(p2)}},
		"Rumours?": {Text: "It called them baseless [1]. It also said more.", Mode: "llm",
			Citations: []answer.Citation{{N: 1, Hit: hit(p3, dup)}}, Hits: []retrieval.Hit{hit(p3, dup)},
			Unsupported: []string{"It also said more."}},
		"Dup?":     {Text: "A rumour [1].", Citations: []answer.Citation{{N: 1, Hit: hit(dup, p3)}}, Hits: []retrieval.Hit{hit(p3, dup)}},
		"Refused?": {Text: "The coverage does not say.", Refused: true, Hits: []retrieval.Hit{hit(p1)}},
		"China?":   {Text: "The coverage does not say.", Refused: true},
		"General?": {Text: "Kim led them [1].", Citations: []answer.Citation{{N: 1, Hit: hit(p2)}}, Hits: []retrieval.Hit{hit(p2)}},
		"Broken?": {Text: "Troops [1] went [3] north [1, 2].",
			Citations: []answer.Citation{{N: 1, Hit: hit(p1)}, {N: 2, Hit: hit(p3)}, {N: 4, Hit: hit(p2)}},
			Hits:      []retrieval.Hit{hit(p1), hit(p2)}},
	}
	rep, err := evaluate.Run(context.Background(), asker, cases)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got evaluate.Ratio, hits, total int) {
		t.Helper()
		if got.Hits != hits || got.Total != total {
			t.Errorf("%s = %s; want %d/%d", name, got, hits, total)
		}
	}
	// only-in-duplicate: its evidence is cited (dup is the cited passage)
	// but not retrieved, because dup only rode along as p3's near-copy, and
	// its citation points at a passage that was not retrieved.
	check("evidence recall", rep.EvidenceRecall, 4, 7)   // good, curly-and-dup, only-in-duplicate, broken; error counts as a miss
	check("context recall", rep.ContextRecall, 5, 7)     // good, retrieved-not-cited, curly-and-dup, wrongly-refused, broken
	check("answer hit rate", rep.AnswerHitRate, 5, 7)    // good, retrieved-not-cited, curly-and-dup, only-in-duplicate, broken
	check("refusal accuracy", rep.RefusalAccuracy, 1, 2) // refused-ok
	check("citation integrity", rep.CitationIntegrity, 6, 8)
	if rep.AnswerableRefused != 1 || rep.UnsupportedCount != 1 || rep.Errors != 1 {
		t.Errorf("refused %d, unsupported %d, errors %d; want 1, 1, 1", rep.AnswerableRefused, rep.UnsupportedCount, rep.Errors)
	}
	var broken evaluate.Result
	for _, r := range rep.Results {
		if r.ID == "broken" {
			broken = r
		}
	}
	want := []string{
		"citation 3 is numbered 4 (want dense from 1)",
		"marker [3] has no citation",
		"citation 2 points at passage \"b#0\", which was not retrieved",
		"citation 4 is never cited in the text",
	}
	if !reflect.DeepEqual(broken.CitationProblems, want) {
		t.Errorf("problems of broken = %q\nwant %q", broken.CitationProblems, want)
	}
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "report.txt", b.Bytes())
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := evaluate.Run(ctx, fake{}, []evaluate.Case{{ID: "a", Question: "q"}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel = %v; want context.Canceled", err)
	}
}

func TestMarkers(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []int
	}{
		{"a [1] b [2][3] c [1, 4] d [x] e [ 5 ]", []int{1, 2, 3, 1, 4}},
		{"no markers", nil},
		{"[10,11]", []int{10, 11}},
	} {
		if got := evaluate.Markers(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Markers(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"“Groundless”  Rumors", `"groundless" rumors`},
		{"Joon\u2011kook\u00a0Hwang", "joon-kook hwang"},
		{"ﬁrst – second", "first - second"},
	} {
		if got := evaluate.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
