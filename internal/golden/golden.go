// Package golden compares test output with files under testdata/ and
// rewrites them when the tests run with -update. Only tests import it.
package golden

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Check compares got with testdata/NAME.golden, or writes it there when
// the test binary runs with -update; NAME may contain slashes.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := errors.Join(os.MkdirAll(filepath.Dir(path), 0o755), os.WriteFile(path, got, 0o644)); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (%v); rerun with -update and review the diff\n%s", path, err, got)
	}
}

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }
