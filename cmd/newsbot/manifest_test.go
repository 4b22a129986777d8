package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIndexSkipsUnchangedCorpus: once the index is synced with a corpus
// folder, the next command judges it unchanged from the corpus manifest
// without reading it; a touched file is hashed but not re-read as an
// article; an edited, added or removed file, a skipped file, or a lost
// index snapshot makes the command read the corpus again.
func TestIndexSkipsUnchangedCorpus(t *testing.T) {
	dir := t.TempDir()
	art := func(id, text string) string {
		return "---\nid: " + id + "\ntitle: " + id + "\noutlet: Gazette\npublished: 2024-05-14\n---\n" + text + "\n"
	}
	writeFiles(t, dir, map[string]string{
		"a.md": art("a", "The council approved the tram line on Tuesday. It adds seven stops."),
		"b.md": art("b", "The mayor said the line opens in 2027. Critics called it costly."),
	})
	e, data := offline(t)
	e["NEWSBOT_CORPUS_DIR"] = dir
	e["NEWSBOT_LOG_LEVEL"] = "info"
	type report struct{ Articles, Passages, Added, Updated, Removed, Unchanged, Embedded int }
	index := func(t *testing.T) (report, string) {
		t.Helper()
		r := invoke(t, e, "index", "--json")
		if r.err != nil {
			t.Fatalf("index: %v\n%s", r.err, r.stderr)
		}
		var rep report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		return rep, r.stderr
	}
	const skippedRead = "corpus unchanged since the index was synced"
	first, _ := index(t)
	if first.Articles != 2 || first.Added == 0 || first.Added != first.Passages {
		t.Fatalf("first index: %+v", first)
	}
	manifest := filepath.Join(data, "index", "corpus-manifest.json")
	if _, err := os.Stat(manifest); err != nil {
		t.Fatalf("no corpus manifest after index: %v", err)
	}
	// The manifest's stamp is at most racyWindow old: make it older, as
	// the next command would usually find it.
	age := func() {
		old := time.Now().Add(-time.Hour)
		for _, f := range []string{"a.md", "b.md", "c.md"} {
			os.Chtimes(filepath.Join(dir, f), old, old)
		}
		r := invoke(t, e, "index") // re-stamps with the old times, reading the corpus
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	age()
	steps := []struct {
		name     string
		change   func()
		wantRead bool
		check    func(report) bool
	}{
		{"unchanged", func() {}, false, func(r report) bool { return r.Unchanged == first.Passages && r.Embedded == 0 && r.Articles == 2 }},
		{"touched", func() {
			now := time.Now()
			os.Chtimes(filepath.Join(dir, "a.md"), now, now)
		}, false, func(r report) bool { return r.Unchanged == first.Passages }},
		{"edited", func() {
			writeFiles(t, dir, map[string]string{"a.md": art("a", "The council rejected the tram line on Tuesday. It adds seven stops.")})
		}, true, func(r report) bool { return r.Updated >= 1 && r.Embedded >= 1 }},
		{"added", func() { writeFiles(t, dir, map[string]string{"c.md": art("c", "A third article about buses.")}) }, true,
			func(r report) bool { return r.Articles == 3 && r.Added >= 1 }},
		{"removed", func() { os.Remove(filepath.Join(dir, "c.md")) }, true, func(r report) bool { return r.Articles == 2 && r.Removed >= 1 }},
		{"snapshot lost", func() {
			snaps, _ := filepath.Glob(filepath.Join(data, "index", "*.nbindex"))
			for _, s := range snaps {
				os.Remove(s)
			}
		}, true, func(r report) bool { return r.Added == r.Passages && r.Passages > 0 }},
		{"a file skipped", func() { writeFiles(t, dir, map[string]string{"bad.md": "---\npublished: last week\n---\nText.\n"}) }, true,
			func(r report) bool { return r.Articles == 2 }},
		{"still a file skipped", func() {}, true, func(r report) bool { return r.Articles == 2 }},
	}
	for _, s := range steps {
		s.change()
		rep, stderr := index(t)
		if read := !strings.Contains(stderr, skippedRead); read != s.wantRead || !s.check(rep) {
			t.Errorf("%s: corpus read %v (want %v), report %+v\n%s", s.name, read, s.wantRead, rep, stderr)
		}
		if !s.wantRead {
			continue
		}
		age()
	}
}
