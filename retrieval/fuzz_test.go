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
		snap, err := readSnapshot(path, "c")
		if err != nil {
			return
		}
		if snap.Collection != "c" {
			t.Fatalf("accepted collection %q", snap.Collection)
		}
		for _, e := range snap.Entries {
			if len(e.Vector) != snap.Dims {
				t.Fatalf("accepted an entry of %d dims in a %d-dim snapshot", len(e.Vector), snap.Dims)
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
