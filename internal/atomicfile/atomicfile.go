// Package atomicfile writes a file whole or not at all: a temporary file
// beside it, synced, then renamed over it, so that a reader or a crash
// sees the old contents or the new, never half of them.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces the file at path with data. On failure the temporary
// file is removed and the file at path is as it was.
func Write(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
