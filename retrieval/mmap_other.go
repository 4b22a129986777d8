//go:build !linux

package retrieval

import (
	"fmt"
	"io"
	"os"
)

// mapFile reads f into memory: the portable stand-in for the read-only
// mapping used on Linux. Vectors and passages then point into this one
// buffer, so it is still the only copy.
func mapFile(f *os.File, size int64) ([]byte, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return b, nil
}

// unmapFile drops a buffer nothing points into yet; the collector frees it.
func unmapFile([]byte) {}
