//go:build linux

package retrieval

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps f read-only and returns its bytes. The mapping is never
// unmapped: passages and vectors handed out keep pointing into it for as
// long as anything holds them, which the garbage collector cannot see.
// Snapshots are replaced by rename, never rewritten in place, so an old
// mapping stays valid (its pages are clean file pages the kernel can drop
// and read again); one mapping is left per snapshot a process loaded.
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size == 0 {
		return nil, nil
	}
	if int64(int(size)) != size {
		return nil, fmt.Errorf("map %s: %d bytes is too large", f.Name(), size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", f.Name(), err)
	}
	return b, nil
}

// unmapFile releases a mapping nothing points into yet (a file that
// failed its checks).
func unmapFile(b []byte) {
	if b != nil {
		syscall.Munmap(b)
	}
}
