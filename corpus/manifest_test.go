package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// countingFS counts the files opened for reading (Stat and ReadDir go to
// the MapFS directly).
type countingFS struct {
	fstest.MapFS
	opens *atomic.Int32
}

func (c countingFS) Open(name string) (fs.File, error) {
	if name != "." {
		c.opens.Add(1)
	}
	return c.MapFS.Open(name)
}

func TestStamp(t *testing.T) {
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"a.md":       {Data: []byte("alpha"), ModTime: old},
			"b.txt":      {Data: []byte("beta"), ModTime: old},
			"notes.json": {Data: []byte("{}"), ModTime: old},
			".hidden.md": {Data: []byte("x"), ModTime: old},
			"sub/c.md":   {Data: []byte("gamma"), ModTime: old},
		}
	}
	stamp := func(t *testing.T, fsys fstest.MapFS, prev *Manifest) ([]FileStamp, int32) {
		t.Helper()
		var n atomic.Int32
		got, err := Stamp(countingFS{fsys, &n}, prev)
		if err != nil {
			t.Fatal(err)
		}
		return got, n.Load()
	}
	first, opened := stamp(t, base(), nil)
	if len(first) != 2 || first[0].Name != "a.md" || first[1].Name != "b.txt" || opened != 2 {
		t.Fatalf("first stamp %+v, %d files read", first, opened)
	}
	settled := &Manifest{Written: old.Add(time.Hour), Files: first}
	racy := &Manifest{Written: old.Add(time.Second), Files: first}
	for _, tt := range []struct {
		name     string
		change   func(fstest.MapFS)
		prev     *Manifest
		same     bool
		wantRead int32
	}{
		{"unchanged", func(fstest.MapFS) {}, settled, true, 0},
		{"unchanged but stamped too soon after writing", func(fstest.MapFS) {}, racy, true, 2},
		{"touched, same content", func(m fstest.MapFS) { m["a.md"].ModTime = old.Add(time.Minute) }, settled, true, 1},
		{"edited, same size", func(m fstest.MapFS) {
			m["a.md"].Data, m["a.md"].ModTime = []byte("alphA"), old.Add(time.Minute)
		}, settled, false, 1},
		{"edited within the racy window", func(m fstest.MapFS) { m["a.md"].Data = []byte("alphA") }, racy, false, 2},
		{"added", func(m fstest.MapFS) { m["c.md"] = &fstest.MapFile{Data: []byte("c"), ModTime: old} }, settled, false, 1},
		{"removed", func(m fstest.MapFS) { delete(m, "b.txt") }, settled, false, 0},
		{"renamed", func(m fstest.MapFS) { m["z.md"] = m["b.txt"]; delete(m, "b.txt") }, settled, false, 1},
		{"no manifest", func(fstest.MapFS) {}, nil, true, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := base()
			tt.change(fsys)
			got, read := stamp(t, fsys, tt.prev)
			if same := SameContent(got, first); same != tt.same || read != tt.wantRead {
				t.Errorf("same content %v (want %v), %d files read (want %d)", same, tt.same, read, tt.wantRead)
			}
		})
	}
}

func TestManifestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.json")
	if m, err := ReadManifest(path); m != nil || err != nil {
		t.Fatalf("missing manifest: %v, %v", m, err)
	}
	want := &Manifest{Key: "k", Articles: 2, Passages: 5, Written: time.Unix(100, 5).UTC(),
		Files: []FileStamp{{Name: "a.md", Size: 5, ModTime: time.Unix(50, 7).UTC(), Hash: "ab"}}}
	if err := WriteManifest(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(path)
	if err != nil || got.Key != want.Key || got.Articles != 2 || got.Passages != 5 || !got.Written.Equal(want.Written) ||
		len(got.Files) != 1 || got.Files[0] != want.Files[0] {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if tmps, _ := filepath.Glob(path + ".tmp-*"); len(tmps) != 0 {
		t.Errorf("temp files left: %v", tmps)
	}
	os.WriteFile(path, []byte("{not json"), 0o644)
	if _, err := ReadManifest(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("damaged manifest: %v; want an error naming %s", err, path)
	}
	if err := WriteManifest(filepath.Join(t.TempDir(), "no", "such", "dir", "m.json"), want); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}
