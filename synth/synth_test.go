package synth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(Options{Seed: 7, Articles: 20})
	b := Generate(Options{Seed: 7, Articles: 20})
	c := Generate(Options{Seed: 8, Articles: 20})
	if len(a) != 20 {
		t.Fatalf("got %d articles; want 20", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("article %d differs between two runs with the same seed", i)
		}
	}
	same := 0
	for i := range a {
		if a[i].Body == c[i].Body {
			same++
		}
	}
	if same == len(a) {
		t.Error("a different seed gave the same coverage")
	}
}

func TestGenerateShape(t *testing.T) {
	for _, a := range Generate(Options{Seed: 1, Articles: 50}) {
		if !strings.HasPrefix(a.Body, "---\nid: synth-") {
			t.Fatalf("%s does not open with front matter: %.40q", a.Name, a.Body)
		}
		_, text, ok := strings.Cut(strings.TrimPrefix(a.Body, "---\n"), "\n---\n")
		if !ok {
			t.Fatalf("%s: front matter not closed", a.Name)
		}
		words := len(strings.Fields(text))
		if words < 250 || words > 900 {
			t.Errorf("%s has %d words; want a news-article length of 250-900", a.Name, words)
		}
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "coverage")
	if err := WriteDir(dir, Options{Seed: 3, Articles: 4}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 4 {
		t.Fatalf("ReadDir = %d entries, %v; want 4", len(entries), err)
	}
	if err := WriteDir(filepath.Join(dir, "synth-000000.md", "x"), Options{Articles: 1}); err == nil {
		t.Error("WriteDir under a file succeeded; want an error")
	}
}
