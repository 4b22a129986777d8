package retrieval

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
)

// Statistics beside the snapshot. The answer package keeps whole-corpus
// word statistics here (answer's statsStore): they take seconds to build
// at 10k passages and change only when the passages do, so they live with
// the index they were built from, in its SnapshotStore (FileSnapshots:
// the file <snapshot>.stats). The bytes stored are:
//
//	"NBSTATS\n", uvarint key length, key, data, CRC-32C of all before it
//
// A missing, damaged or differently keyed file reads as nothing: the
// caller builds the statistics again and saves them over it.
const statsMagic = "NBSTATS\n"

// LoadStats returns the statistics saved under key, or nil when there are
// none for that key (or the index is kept in memory only).
func (ix *Index) LoadStats(key string) ([]byte, error) {
	if ix.store == nil {
		return nil, nil
	}
	b, err := ix.store.LoadStats()
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index statistics: %w", err)
	}
	if len(b) < len(statsMagic)+4 || string(b[:len(statsMagic)]) != statsMagic ||
		crc32.Checksum(b[:len(b)-4], castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, nil // damaged: built and saved again
	}
	body := b[len(statsMagic) : len(b)-4]
	n, k := binary.Uvarint(body)
	if k <= 0 || n > uint64(len(body)-k) || string(body[k:k+int(n)]) != key {
		return nil, nil
	}
	return body[k+int(n):], nil
}

// SaveStats saves data under key beside the snapshot, whole or not at all
// (FileSnapshots: temp file, sync, rename); an index kept in memory only
// saves nothing.
func (ix *Index) SaveStats(key string, data []byte) error {
	if ix.store == nil {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(statsMagic)
	b.Write(binary.AppendUvarint(nil, uint64(len(key))))
	b.WriteString(key)
	b.Write(data)
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(b.Bytes(), castagnoli)))
	if err := ix.store.SaveStats(b.Bytes()); err != nil {
		return fmt.Errorf("write index statistics %w", err) // the file store names the file first
	}
	return nil
}
