package retrieval

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"io"

	"github.com/newsbot/newsbot/corpus"
)

// Version 1 snapshots (before issue 14), read so that an upgrade keeps its
// vectors; Open rewrites them as version 2. Layout (big-endian):
//
//	magic    8 bytes  "NBINDEX\n"
//	version  uint32   1
//	length   uint64   payload length
//	payload  length bytes, gob of snapshotV1
//	checksum 32 bytes, SHA-256 of payload
const headerLenV1 = 8 + 4 + 8

// snapshotV1 is what a version 1 file holds.
type snapshotV1 struct {
	Collection string
	Dims       int
	Entries    []snapEntryV1
}

type snapEntryV1 struct {
	Passage corpus.Passage // Passage.Hash is the text hash the vector was made from
	Vector  []float32
}

// readSnapshotV1 reads and verifies a version 1 snapshot of size bytes
// from r, positioned at its start; the caller has checked the first 12
// bytes. Everything returned is a copy: nothing points into r's bytes.
func readSnapshotV1(r io.Reader, size int64, collection string, bad func(string, ...any) error) ([]*entry, error) {
	var hdr [headerLenV1]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, bad("short header (%d bytes in file)", size)
	}
	n := binary.BigEndian.Uint64(hdr[12:20])
	if want := uint64(headerLenV1) + n + sha256.Size; uint64(size) != want {
		return nil, bad("size %d, header says %d", size, want)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return nil, bad("short payload: %v", err)
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, bad("short checksum: %v", err)
	}
	if sha256.Sum256(payload) != sum {
		return nil, bad("checksum mismatch")
	}
	var snap snapshotV1
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&snap); err != nil {
		return nil, bad("decode: %v", err)
	}
	if snap.Collection != collection {
		return nil, bad("holds collection %q, want %q", snap.Collection, collection)
	}
	seen := make(map[string]bool, len(snap.Entries))
	es := make([]*entry, len(snap.Entries))
	for i, e := range snap.Entries {
		if len(e.Vector) != snap.Dims || e.Passage.ID == "" || seen[e.Passage.ID] {
			return nil, bad("inconsistent entry %q", e.Passage.ID)
		}
		seen[e.Passage.ID] = true
		es[i] = &entry{p: e.Passage, vec: e.Vector}
	}
	return es, nil
}
