package answer

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/testindex"
	"github.com/newsbot/newsbot/retrieval"
)

// realIndex builds the real in-memory index over the bundled coverage with
// the offline embedder.
func realIndex(t testing.TB) *retrieval.Index {
	t.Helper()
	return testindex.Build(t, corpus.Bundled())
}

// evalCase is one line of an eval set (the format of dev.jsonl).
type evalCase struct {
	ID          string   `json:"id"`
	Question    string   `json:"question"`
	Answerable  bool     `json:"answerable"`
	AnswerAny   []string `json:"answer_any"`
	EvidenceAny []string `json:"evidence_any"`
}

func readEval(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, c)
	}
	return out
}
