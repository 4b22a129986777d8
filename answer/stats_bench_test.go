package answer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCorpusStats builds the whole-corpus word statistics (weights,
// names, acronyms) that the first question of a fresh answerer needs, for
// 10,000 passages: the 70 Reuters articles of testdata, repeated with a
// number that makes each copy's words its own.
func BenchmarkCorpusStats(b *testing.B) {
	var texts []string
	for _, dir := range []string{"../testdata/corpora/reuters-acq", "../testdata/corpora/reuters-crude"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil || len(fs) == 0 {
			b.Fatalf("no articles in %s: %v", dir, err)
		}
		for _, f := range fs {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			texts = append(texts, string(data))
		}
	}
	docs := make([]string, 10_000)
	for i := range docs {
		docs[i] = fmt.Sprintf("Copy%d %s", i, texts[i%len(texts)])
	}
	for b.Loop() {
		x := newIDF(docs)
		x.learnNames(docs)
	}
}
