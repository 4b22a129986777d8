package evaluate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/evaluate"
)

// FuzzRead feeds question sets to Read: it never panics, and what it
// accepts has an id and a question on every case, ids unique.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"dev.jsonl", "own.jsonl", "dev2.jsonl"} {
		if b, err := os.ReadFile(filepath.Join("..", "testdata", "eval", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"id":"a","question":"q?","answerable":false}` + "\n# comment\n"))
	f.Add([]byte("{\"id\":\"a\"\n"))
	f.Add([]byte(`{"id":"f","question":"and then?","answerable":false,"no_mass_mention":true,"history":[{"question":"q","answer":"a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := evaluate.Read(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.jsonl") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range cases {
			if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Question) == "" || seen[c.ID] {
				t.Errorf("accepted a case without id or question, or a repeated id: %+v", c)
			}
			seen[c.ID] = true
		}
	})
}

// FuzzMarkers: every number Markers returns was written in the text inside
// brackets.
func FuzzMarkers(f *testing.F) {
	f.Add("a [1] b [2][3] c [1, 4]")
	f.Add("[99999999999999999999]")
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range evaluate.Markers(s) {
			if n < 0 || !strings.Contains(s, "[") {
				t.Errorf("Markers(%q) gave %d", s, n)
			}
		}
	})
}
