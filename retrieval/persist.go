package retrieval

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsbot/newsbot/corpus"
)

// Snapshot file layout (all integers big-endian):
//
//	magic    8 bytes  "NBINDEX\n"
//	version  uint32   snapshotVersion
//	length   uint64   payload length
//	payload  length bytes, gob of snapshot
//	checksum 32 bytes, SHA-256 of payload
//
// A file that does not match this exactly (short, long, wrong magic,
// version or checksum) is never partly loaded.
const (
	snapshotMagic   = "NBINDEX\n"
	snapshotVersion = 1
	headerLen       = 8 + 4 + 8
)

// snapshot is what one collection's file holds. A new field here changes
// what gob writes: bump snapshotVersion when a field changes meaning.
type snapshot struct {
	Collection string
	Dims       int
	Entries    []snapEntry
}

type snapEntry struct {
	Passage corpus.Passage // Passage.Hash is the text hash the vector was made from
	Vector  []float32
}

// errCorrupt marks a snapshot that exists but cannot be trusted.
var errCorrupt = errors.New("corrupt index snapshot")

// snapshotFile returns the snapshot file name for a collection: the name
// made safe for file systems, plus a hash of the exact name so two names
// that sanitise alike still get different files.
func snapshotFile(collection string) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, collection)
	if len(safe) > 80 {
		safe = safe[:80]
	}
	sum := sha256.Sum256([]byte(collection))
	return fmt.Sprintf("%s-%s.nbindex", safe, hex.EncodeToString(sum[:6]))
}

// prepareDir creates dir and returns the collection's snapshot path.
func prepareDir(dir, collection string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create index directory: %w", err)
	}
	return filepath.Join(dir, snapshotFile(collection)), nil
}

// load reads the snapshot at ix.path. A missing file gives nothing; a
// damaged one is logged, moved aside and gives nothing, so the next Sync
// rebuilds. Leftover temp files of interrupted writes are removed.
func (ix *Index) load() []*entry {
	if tmps, _ := filepath.Glob(ix.path + ".tmp-*"); len(tmps) > 0 {
		for _, t := range tmps {
			ix.log.Warn("removing temp file of an interrupted index write", "file", t)
			os.Remove(t)
		}
	}
	snap, err := readSnapshot(ix.path, ix.opts.Collection)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		aside := fmt.Sprintf("%s.corrupt-%s", ix.path, time.Now().UTC().Format("20060102T150405.000000000Z"))
		if rerr := os.Rename(ix.path, aside); rerr != nil {
			ix.log.Warn("index snapshot unusable and could not be moved aside; starting empty",
				"file", ix.path, "err", err, "rename_err", rerr)
		} else {
			ix.log.Warn("index snapshot unusable; moved aside, starting empty (the next sync rebuilds it)",
				"file", ix.path, "moved_to", aside, "err", err)
		}
		return nil
	}
	es := make([]*entry, len(snap.Entries))
	// gob gives every passage its own copy of its article's fields; share
	// one per article instead (about 120 bytes a passage).
	intern := make(map[string]string)
	one := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}
	for i, se := range snap.Entries {
		p := se.Passage
		p.ArticleID, p.Title, p.Outlet, p.URL = one(p.ArticleID), one(p.Title), one(p.Outlet), one(p.URL)
		es[i] = &entry{p: p, vec: se.Vector}
	}
	return es
}

// readSnapshot reads and verifies one snapshot file.
func readSnapshot(path, collection string) (*snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read index snapshot %s: %w", path, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("read index snapshot %s: %w: %s", path, errCorrupt, fmt.Sprintf(format, args...))
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, bad("short header (%d bytes in file)", fi.Size())
	}
	if string(hdr[:8]) != snapshotMagic {
		return nil, bad("not a snapshot file")
	}
	if v := binary.BigEndian.Uint32(hdr[8:12]); v != snapshotVersion {
		return nil, bad("format version %d, want %d", v, snapshotVersion)
	}
	n := binary.BigEndian.Uint64(hdr[12:20])
	if want := uint64(headerLen) + n + sha256.Size; uint64(fi.Size()) != want {
		return nil, bad("size %d, header says %d", fi.Size(), want)
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
	var snap snapshot
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&snap); err != nil {
		return nil, bad("decode: %v", err)
	}
	if snap.Collection != collection {
		return nil, bad("holds collection %q, want %q", snap.Collection, collection)
	}
	seen := make(map[string]bool, len(snap.Entries))
	for _, e := range snap.Entries {
		if len(e.Vector) != snap.Dims || e.Passage.ID == "" || seen[e.Passage.ID] {
			return nil, bad("inconsistent entry %q", e.Passage.ID)
		}
		seen[e.Passage.ID] = true
	}
	return &snap, nil
}

// snapshot returns what the snapshot file of st holds.
func (st *state) snapshot(collection string) *snapshot {
	snap := &snapshot{Collection: collection, Dims: st.dims, Entries: make([]snapEntry, len(st.sorted))}
	for i, e := range st.sorted {
		snap.Entries[i] = snapEntry{Passage: e.p, Vector: e.vec}
	}
	return snap
}

// writeSnapshot writes snap to a temp file next to path, syncs it, renames
// it over path and syncs the directory, so a crash leaves the old snapshot
// or the new one, never half of either.
func writeSnapshot(path string, snap *snapshot) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(snap); err != nil {
		return fmt.Errorf("write index snapshot %s: encode: %w", path, err)
	}
	var hdr [headerLen]byte
	copy(hdr[:8], snapshotMagic)
	binary.BigEndian.PutUint32(hdr[8:12], snapshotVersion)
	binary.BigEndian.PutUint64(hdr[12:20], uint64(payload.Len()))
	sum := sha256.Sum256(payload.Bytes())

	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write index snapshot %s: %w", path, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write index snapshot %s: %w", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for _, b := range [][]byte{hdr[:], payload.Bytes(), sum[:]} {
		if _, err := w.Write(b); err != nil {
			return fail(err)
		}
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write index snapshot %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write index snapshot %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("write index snapshot %s: sync directory: %w", path, err)
		}
	}
	return nil
}

// textHash is the hex SHA-256 of a text, as corpus computes Passage.Hash.
func textHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
