package buildid

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestID checks that ID names this test binary by the build id the go
// tool itself reads from it.
func TestID(t *testing.T) {
	got := ID()
	if got == "" {
		t.Fatal("ID() is empty")
	}
	if got != ID() {
		t.Fatal("ID() changed between calls")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := "go:" + strings.TrimSpace(string(out)); got != want {
		t.Errorf("ID() = %q; want %q", got, want)
	}
}

func TestParseNote(t *testing.T) {
	note := func(name string, desc string) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(len(name)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(desc)))
		b = binary.LittleEndian.AppendUint32(b, 4)
		return append(append(b, name...), desc...)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
		ok   bool
	}{
		{"good", note("Go\x00\x00", "abc/def"), "abc/def", true},
		{"short", []byte{1, 2, 3}, "", false},
		{"other owner", note("GNU\x00", "abc"), "", false},
		{"desc past end", note("Go\x00\x00", "abc")[:17], "", false},
	} {
		got, err := parseNote(tt.data, binary.LittleEndian)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%s: parseNote = %q, %v; want %q, ok %v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}

func TestFileHash(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := fileHash(p)
	if err != nil || got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("fileHash = %q, %v", got, err)
	}
}
