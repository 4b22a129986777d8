package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSynthThenIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "coverage")
	r := invoke(t, env{}, "synth", "-out", dir, "-articles", "3", "-seed", "3") // few: each passage goes through the sentence model
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 3 articles") {
		t.Fatalf("synth: %+v", r)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(files) != 3 {
		t.Fatalf("%d files written; want 3", len(files))
	}
	r = invoke(t, env{"NEWSBOT_CORPUS_DIR": dir, "NEWSBOT_DATA_DIR": t.TempDir()}, "index", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"articles":3`) {
		t.Fatalf("index over the synthetic coverage: %+v", r)
	}

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"synth"}, "-out DIR is required"},
		{"no articles", []string{"synth", "-out", dir, "-articles", "0"}, "-articles must be positive"},
		{"a file in the way", []string{"synth", "-out", files[0]}, files[0]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(t, env{}, tt.args...)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want a failure naming %q", r.code, r.stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(files[0]); err != nil {
		t.Errorf("a failed synth harmed an existing file: %v", err)
	}
}
