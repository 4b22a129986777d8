package retrieval

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStats(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
	if b, err := ix.LoadStats("k1"); b != nil || err != nil {
		t.Fatalf("no statistics yet: %q, %v", b, err)
	}
	if err := ix.SaveStats("k1", []byte("stats one")); err != nil {
		t.Fatal(err)
	}
	re := mustOpen(t, dir, NewLocal(8), IndexOptions{Collection: "c"})
	for _, tt := range []struct {
		key, want string
	}{{"k1", "stats one"}, {"k2", ""}, {"k", ""}, {"", ""}} {
		if b, err := re.LoadStats(tt.key); string(b) != tt.want || err != nil {
			t.Errorf("LoadStats(%q) = %q, %v; want %q", tt.key, b, err, tt.want)
		}
	}
	path := ix.path + ".stats"
	b, _ := os.ReadFile(path)
	b[len(b)-6] ^= 1
	os.WriteFile(path, b, 0o644)
	if got, err := re.LoadStats("k1"); got != nil || err != nil {
		t.Errorf("damaged statistics read as %q, %v; want nothing", got, err)
	}
	if err := re.SaveStats("k2", nil); err != nil {
		t.Fatal(err)
	}
	if got, err := re.LoadStats("k2"); got == nil || len(got) != 0 || err != nil {
		t.Errorf("empty statistics: %q, %v", got, err)
	}
	if tmps, _ := filepath.Glob(path + ".tmp-*"); len(tmps) != 0 {
		t.Errorf("temp files left: %v", tmps)
	}
	mem := mustOpen(t, "", NewLocal(8), IndexOptions{Collection: "c"})
	if err := mem.SaveStats("k", []byte("x")); err != nil {
		t.Error(err)
	}
	if b, err := mem.LoadStats("k"); b != nil || err != nil {
		t.Errorf("memory-only index loaded %q, %v", b, err)
	}
}
