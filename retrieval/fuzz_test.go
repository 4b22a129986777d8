package retrieval

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadSnapshot: no byte string makes reading a snapshot panic, and a
// file that reads back is a consistent snapshot of the expected collection.
func FuzzReadSnapshot(f *testing.F) {
	dir := f.TempDir()
	ix := mustOpen(f, dir, NewLocal(4), IndexOptions{Collection: "c"})
	mustSync(f, ix, passages("a", "one alpha", "two beta"))
	good, err := os.ReadFile(ix.path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(snapshotMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "snap")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := readSnapshot(path, "c")
		if err != nil {
			return
		}
		dims := -1
		for _, e := range l.entries {
			if dims == -1 {
				dims = len(e.vec)
			}
			if len(e.vec) != dims || e.p.ID == "" {
				t.Fatalf("accepted an entry %q of %d dims beside %d", e.p.ID, len(e.vec), dims)
			}
		}
	})
}

// FuzzDecodeMeta: the passage and postings sections, which the checksum
// normally guards, never make decoding panic, and what decodes is
// consistent: distinct ids, postings inside the passages.
func FuzzDecodeMeta(f *testing.F) {
	ix := mustOpen(f, "", NewLocal(4), IndexOptions{Collection: "c"})
	mustSync(f, ix, passages("a", "one alpha", "two beta", "three alpha beta"))
	meta, post, err := encodeMeta("c", ix.sorted, ix.lex)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(meta, post, 3)
	f.Add(meta[:len(meta)-1], post, 3)
	f.Add(meta, post[:len(post)-1], 3)
	f.Add(meta, post, 2)
	f.Fuzz(func(t *testing.T, meta, post []byte, count int) {
		if count < 0 || count > 1000 {
			return
		}
		l, err := decodeMeta(string(meta), post, count, "c")
		if err != nil {
			return
		}
		if len(l.entries) != count {
			t.Fatalf("%d entries for count %d", len(l.entries), count)
		}
		seen := map[string]bool{}
		for _, e := range l.entries {
			if e.p.ID == "" || seen[e.p.ID] {
				t.Fatalf("accepted id %q twice or empty", e.p.ID)
			}
			seen[e.p.ID] = true
		}
		if l.lex != nil {
			for s, ps := range l.lex.postings {
				for _, p := range ps {
					if int(p.doc) >= count {
						t.Fatalf("posting of %q at doc %d of %d", s, p.doc, count)
					}
				}
			}
		}
	})
}

// FuzzWords: tokens are non-empty, lower case, and made of letters and digits.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"Korea's 12,000 troops", "Hwang Joon-kook", "“baseless” rumours", "1,,2", "'s", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := words(s)
		stemWords(ws, nil)
		for _, w := range ws {
			if w.lower == "" {
				t.Fatalf("empty word from %q", s)
			}
		}
		shingles(s)
		contentStems(s)
	})
}
