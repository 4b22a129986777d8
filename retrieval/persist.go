package retrieval

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/buildid"
)

// Snapshot files. Version 2 (since issue 14) is laid out so that a restart
// maps the file and uses the vectors where they lie, and reads the BM25
// postings instead of tokenising every passage again:
//
//	0   magic    8 bytes  "NBINDEX\n"
//	8   version  uint32 big-endian: 2 (where and how version 1 wrote it)
//	12  crc      uint32 CRC-32C (Castagnoli) of bytes 16 to the end
//	16  size     uint64 the file's length
//	24  count    uint64 passages
//	32  dims     uint32 vector length
//	36  reserved uint32 zero
//	40  metaLen  uint64 bytes of the passage section, at offset 64
//	48  lexLen   uint64 bytes of the postings section, at the first
//	             multiple of 8 after the passage section (zero padding)
//	56  vecOff   uint64 offset of the vectors, a multiple of 64
//	64  passages (encodeMeta), padding, postings (encodeMeta), padding
//	vecOff       count*dims float32s, little-endian, passage by passage
//
// Integers after the version are little-endian. A file that does not match
// exactly (short, long, wrong magic, version, sizes or checksum) is never
// partly loaded. Version 1 files (readSnapshotV1) are read and rewritten
// as version 2 by Open.
const (
	snapshotMagic   = "NBINDEX\n"
	snapshotVersion = 2
	headerLen       = 64
	vecAlign        = 64
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// littleEndian is whether float32s can be used in place from the file.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// lexKey says which build wrote a snapshot's postings: the tokenising,
// folding and stemming that made them live in this binary, so another
// build's postings are remade from the passages rather than trusted.
// Empty (the executable cannot be read) means postings are never reused.
var lexKey = func() string {
	if id := buildid.ID(); id != "" {
		return "bm25-1 " + id
	}
	return ""
}()

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

// loaded is what Open read from a snapshot.
type loaded struct {
	entries  []*entry
	lex      *bm25        // nil when the postings must be remade
	version  uint32       // the file's format version
	checksum string       // the file's fingerprint, "" for version 1
	checked  <-chan error // the checksum's verdict, when still being computed
}

// load reads the snapshot from ix.store. A missing one gives nothing; a
// damaged one is logged by name, set aside and gives nothing, so the next
// Sync rebuilds it (the corpus and the other stores are untouched).
func (ix *Index) load() loaded {
	l, err := openSnapshot(ix.store, ix.opts.Collection)
	if errors.Is(err, fs.ErrNotExist) {
		return loaded{}
	}
	if err != nil {
		ix.setAside(err)
		return loaded{}
	}
	return l
}

// setAside sets the damaged snapshot aside, logging its name and the
// reason, so that the next Sync writes a new one.
func (ix *Index) setAside(err error) {
	name := ix.store.Name()
	if aside, rerr := ix.store.SetAside(); rerr != nil {
		ix.log.Warn("index snapshot unusable and could not be moved aside; starting empty",
			"file", name, "err", err, "rename_err", rerr)
	} else {
		ix.log.Warn("index snapshot unusable; moved aside, starting empty (the next sync rebuilds it)",
			"file", name, "moved_to", aside, "err", err)
	}
}

// readSnapshot reads and verifies one snapshot file of either version.
func readSnapshot(path, collection string) (loaded, error) {
	l, err := openSnapshot(&FileSnapshots{path: path, log: slog.Default()}, collection)
	if err != nil {
		return loaded{}, err
	}
	if l.checked != nil {
		if err := <-l.checked; err != nil {
			return loaded{}, err
		}
	}
	return l, nil
}

// release hands bytes store.Load returned back to the store, when it
// wants them (FileSnapshots unmaps them): only bytes nothing points into.
func release(store SnapshotStore, data []byte) {
	if r, ok := store.(interface{ Release([]byte) }); ok {
		r.Release(data)
	}
}

// openSnapshot reads the snapshot of either version that store holds.
// The checksum of a version 2 snapshot is computed while its passages are
// decoded (and, in Open, while the collection is built), on another core:
// the caller must receive from l.checked, and use nothing of l unless it
// gives nil.
func openSnapshot(store SnapshotStore, collection string) (loaded, error) {
	data, err := store.Load()
	if err != nil {
		return loaded{}, err
	}
	name, fsize := store.Name(), len(data)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("read index snapshot %s: %w: %s", name, errCorrupt, fmt.Sprintf(format, args...))
	}
	fail := func(err error) (loaded, error) {
		release(store, data)
		return loaded{}, err
	}
	var hdr [headerLen]byte
	n := copy(hdr[:], data)
	if n < 12 {
		return fail(bad("short header (%d bytes in file)", fsize))
	}
	if string(hdr[:8]) != snapshotMagic {
		return fail(bad("not a snapshot file"))
	}
	switch v := binary.BigEndian.Uint32(hdr[8:12]); v {
	case 1:
		// Version 1 is decoded into copies: its bytes are not kept.
		es, err := readSnapshotV1(bytes.NewReader(data), int64(fsize), collection, bad)
		release(store, data)
		return loaded{entries: es, version: 1}, err
	case snapshotVersion:
	default:
		return fail(bad("format version %d, want %d", v, snapshotVersion))
	}
	if n < headerLen {
		return fail(bad("short header (%d bytes in file)", fsize))
	}
	le := binary.LittleEndian
	size, count, dims := le.Uint64(hdr[16:24]), le.Uint64(hdr[24:32]), uint64(le.Uint32(hdr[32:36]))
	metaLen, lexLen, vecOff := le.Uint64(hdr[40:48]), le.Uint64(hdr[48:56]), le.Uint64(hdr[56:64])
	vecBytes := count * dims * 4
	switch {
	case size != uint64(fsize):
		return fail(bad("size %d, header says %d", fsize, size))
	case count > size || dims > 1<<20 || (count > 0 && dims == 0):
		return fail(bad("header says %d passages of %d dims", count, dims))
	case metaLen == 0 || metaLen > size || lexLen > size || lexLen%8 != 0 || vecOff%vecAlign != 0 ||
		lexOffset(metaLen)+lexLen > vecOff || vecOff > size || size-vecOff != vecBytes:
		return fail(bad("sections do not fit the file (%d+%d bytes, vectors at %d, size %d)", metaLen, lexLen, vecOff, size))
	}
	want := le.Uint32(hdr[12:16])
	checked := make(chan error, 1)
	go func() {
		if crc32.Checksum(data[16:], castagnoli) != want {
			checked <- bad("checksum mismatch")
			return
		}
		checked <- nil
	}()
	// Every passage's strings are slices of the passage section where it
	// lies: no copy and no allocation per field. The bytes are never
	// written (a read-only mapping, or a buffer only the store holds) and
	// never released (see SnapshotStore.Load), as strings require.
	lexOff := lexOffset(metaLen)
	l, err := decodeMeta(unsafe.String(&data[headerLen], metaLen), data[lexOff:lexOff+lexLen], int(count), collection)
	if err != nil {
		if cerr := <-checked; cerr != nil {
			err = cerr // the damage, rather than what it did to the decoding
		}
		return fail(bad("%v", err)) // nothing reads the bytes any more
	}
	vecs := floats(data[vecOff:], int(count*dims))
	for i, e := range l.entries {
		e.vec = vecs[i*int(dims) : (i+1)*int(dims) : (i+1)*int(dims)]
		e.unit = true // Sync wrote it after shareable, and the checksum holds
	}
	l.version = snapshotVersion
	l.checksum = fmt.Sprintf("v2-%08x-%d", want, count)
	l.checked = checked
	return l, nil
}

// lexOffset is where the postings section starts, after a passage
// section of metaLen bytes.
func lexOffset(metaLen uint64) uint64 { return (headerLen + metaLen + 7) / 8 * 8 }

// postingsAt returns the n postings at the start of b (pairs of
// little-endian uint32s): b itself where this machine is little-endian,
// else a decoded copy.
func postingsAt(b []byte, n int) []posting {
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*posting)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]posting, n)
	for i := range out {
		out[i] = posting{doc: binary.LittleEndian.Uint32(b[8*i:]), tf: binary.LittleEndian.Uint32(b[8*i+4:])}
	}
	return out
}

// floats returns the n little-endian float32s at the start of b: b itself
// where this machine is little-endian, else a decoded copy.
func floats(b []byte, n int) []float32 {
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// encodeMeta returns the passage and postings sections of a snapshot of
// es (in index order) with lex (nil: no postings).
//
// Passages section: uvarint-prefixed strings and uvarints: collection,
// postings key, then per passage its article record (a 0 byte: same
// article fields as the passage before; 1: article id, title, outlet, URL
// and published time as time.MarshalBinary follow), passage id, ordinal,
// start, end, text, hash, sentence count and each sentence's start and
// end; then the number of stems and per stem its text and posting count.
// Postings section: per stem in that order, its postings as pairs of
// little-endian uint32s (document number, term frequency), used in place.
func encodeMeta(collection string, es []*entry, lex *bm25) (meta, post []byte, err error) {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	uv := func(x int) { b = binary.AppendUvarint(b, uint64(x)) }
	str(collection)
	key := lexKey
	if lex == nil {
		key = ""
	}
	str(key)
	var prev *corpus.Passage
	for _, e := range es {
		p := &e.p
		if prev != nil && prev.ArticleID == p.ArticleID && prev.Title == p.Title && prev.Outlet == p.Outlet &&
			prev.URL == p.URL && prev.Published.Equal(p.Published) && prev.Published.Location() == p.Published.Location() {
			b = append(b, 0)
		} else {
			pub, err := p.Published.MarshalBinary()
			if err != nil {
				return nil, nil, fmt.Errorf("passage %s: published time: %w", p.ID, err)
			}
			b = append(b, 1)
			str(p.ArticleID)
			str(p.Title)
			str(p.Outlet)
			str(p.URL)
			str(string(pub))
		}
		prev = p
		str(p.ID)
		uv(p.Ordinal)
		uv(p.Start)
		uv(p.End)
		str(p.Text)
		str(p.Hash)
		uv(len(p.Sentences))
		for _, s := range p.Sentences {
			uv(s.Start)
			uv(s.End)
		}
	}
	if key == "" {
		uv(0)
		return b, nil, nil
	}
	stems := make([]string, 0, len(lex.postings))
	for s := range lex.postings {
		stems = append(stems, s)
	}
	slices.Sort(stems)
	uv(len(stems))
	for _, s := range stems {
		str(s)
		uv(len(lex.postings[s]))
		for _, p := range lex.postings[s] {
			post = binary.LittleEndian.AppendUint32(post, p.doc)
			post = binary.LittleEndian.AppendUint32(post, p.tf)
		}
	}
	return b, post, nil
}

// reader reads uvarints and strings from a string; the first error sticks.
type reader struct {
	s   string
	i   int
	err error
}

func (r *reader) uv() uint64 {
	var x uint64
	for shift := 0; ; shift += 7 {
		if r.err != nil {
			return 0
		}
		if r.i >= len(r.s) || shift > 63 {
			r.err = errors.New("truncated number")
			return 0
		}
		c := r.s[r.i]
		r.i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
}

func (r *reader) int() int {
	x := r.uv()
	if x > 1<<40 {
		r.err = errors.New("number out of range")
		return 0
	}
	return int(x)
}

func (r *reader) str() string {
	n := r.int()
	if r.err != nil {
		return ""
	}
	if n > len(r.s)-r.i {
		r.err = errors.New("truncated text")
		return ""
	}
	s := r.s[r.i : r.i+n]
	r.i += n
	return s
}

func (r *reader) byte() byte {
	if r.err == nil && r.i >= len(r.s) {
		r.err = errors.New("truncated record")
	}
	if r.err != nil {
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

// decodeMeta reads the sections encodeMeta wrote. Postings are used only
// when the same build wrote them (lexKey).
func decodeMeta(meta string, post []byte, count int, collection string) (loaded, error) {
	r := &reader{s: meta}
	if c := r.str(); r.err == nil && c != collection {
		return loaded{}, fmt.Errorf("holds collection %q, want %q", c, collection)
	}
	key := r.str()
	es := make([]*entry, count)
	all := make([]entry, count) // one allocation for every entry
	seen := make(map[string]bool, count)
	var art corpus.Passage
	for i := range es {
		switch r.byte() {
		case 0:
			if i == 0 {
				return loaded{}, errors.New("first passage has no article record")
			}
		case 1:
			art.ArticleID, art.Title, art.Outlet, art.URL = r.str(), r.str(), r.str(), r.str()
			art.Published = time.Time{}
			if pub := r.str(); r.err == nil {
				if err := art.Published.UnmarshalBinary([]byte(pub)); err != nil {
					return loaded{}, fmt.Errorf("passage %d: published time: %w", i, err)
				}
			}
		default:
			if r.err == nil {
				return loaded{}, fmt.Errorf("passage %d: bad article marker", i)
			}
		}
		p := art
		p.ID, p.Ordinal, p.Start, p.End, p.Text, p.Hash = r.str(), r.int(), r.int(), r.int(), r.str(), r.str()
		if n := r.int(); n > 0 && r.err == nil {
			if n > len(p.Text)+1 {
				return loaded{}, fmt.Errorf("passage %s: %d sentences in %d bytes", p.ID, n, len(p.Text))
			}
			p.Sentences = make([]corpus.Span, n)
			for j := range p.Sentences {
				p.Sentences[j] = corpus.Span{Start: r.int(), End: r.int()}
			}
		}
		if r.err != nil {
			return loaded{}, fmt.Errorf("passage %d: %w", i, r.err)
		}
		if p.ID == "" || seen[p.ID] {
			return loaded{}, fmt.Errorf("inconsistent entry %q", p.ID)
		}
		seen[p.ID] = true
		all[i].p = p
		es[i] = &all[i]
	}
	nStems := r.int()
	if r.err != nil {
		return loaded{}, fmt.Errorf("stems: %w", r.err)
	}
	if r.i != len(meta) && nStems == 0 || nStems > len(meta) {
		return loaded{}, errors.New("bad stem count")
	}
	l := loaded{entries: es}
	if key != lexKey || key == "" {
		return l, nil // another build's postings: remade by build
	}
	postings := make(map[string][]posting, nStems)
	type stemAt struct {
		stem string
		n    int
	}
	stems := make([]stemAt, nStems)
	total := 0
	for i := range stems {
		stems[i] = stemAt{r.str(), r.int()}
		total += stems[i].n
		if r.err != nil || stems[i].n <= 0 || stems[i].n > count || total*8 > len(post) {
			return loaded{}, fmt.Errorf("stem %d: bad postings count", i)
		}
	}
	if r.i != len(meta) {
		return loaded{}, fmt.Errorf("%d bytes after the stems", len(meta)-r.i)
	}
	if total*8 != len(post) {
		return loaded{}, fmt.Errorf("%d postings in %d bytes", total, len(post))
	}
	buf := postingsAt(post, total)
	for _, st := range stems {
		ps := buf[:st.n:st.n]
		buf = buf[st.n:]
		for j, p := range ps {
			// Searching indexes by p.doc: a posting outside the passages,
			// or out of order, is damage the checksum has yet to report.
			if p.doc >= uint32(count) || p.tf == 0 || j > 0 && p.doc <= ps[j-1].doc {
				return loaded{}, fmt.Errorf("postings of %q: bad posting %d", st.stem, j)
			}
		}
		postings[st.stem] = ps
	}
	ids := make([]string, count)
	for i, e := range es {
		ids[i] = e.p.ID
	}
	l.lex = bm25FromPostings(ids, postings)
	return l, nil
}

// writeSnapshot saves st as a version 2 snapshot in store, which replaces
// the old one whole or not at all (FileSnapshots: temp file, fsync,
// rename, folder fsync). It returns the new snapshot's fingerprint.
func writeSnapshot(store SnapshotStore, collection string, st *state) (string, error) {
	fail := func(err error) (string, error) {
		return "", fmt.Errorf("write index snapshot %s: %w", store.Name(), err)
	}
	meta, post, err := encodeMeta(collection, st.sorted, st.lex)
	if err != nil {
		return fail(err)
	}
	count, dims := uint64(len(st.sorted)), uint64(st.dims)
	for _, e := range st.sorted {
		if uint64(len(e.vec)) != dims {
			return fail(fmt.Errorf("passage %s: %d dims, want %d", e.p.ID, len(e.vec), dims))
		}
	}
	lexOff := lexOffset(uint64(len(meta)))
	vecOff := (lexOff + uint64(len(post)) + vecAlign - 1) / vecAlign * vecAlign
	size := vecOff + count*dims*4
	var hdr [headerLen]byte
	copy(hdr[:8], snapshotMagic)
	binary.BigEndian.PutUint32(hdr[8:12], snapshotVersion)
	le := binary.LittleEndian
	le.PutUint64(hdr[16:24], size)
	le.PutUint64(hdr[24:32], count)
	le.PutUint32(hdr[32:36], uint32(dims))
	le.PutUint64(hdr[40:48], uint64(len(meta)))
	le.PutUint64(hdr[48:56], uint64(len(post)))
	le.PutUint64(hdr[56:64], vecOff)
	pad1 := make([]byte, lexOff-headerLen-uint64(len(meta)))
	pad2 := make([]byte, vecOff-lexOff-uint64(len(post)))

	// body writes everything after the checksum: once into the CRC, so the
	// header can be written first, and once into the store.
	var vb []byte
	body := func(w io.Writer) error {
		for _, b := range [][]byte{hdr[16:], meta, pad1, post, pad2} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		for _, e := range st.sorted {
			if littleEndian && dims > 0 {
				vb = unsafe.Slice((*byte)(unsafe.Pointer(&e.vec[0])), 4*dims)
			} else {
				vb = vb[:0]
				for _, x := range e.vec {
					vb = le.AppendUint32(vb, float32bits(x))
				}
			}
			if _, err := w.Write(vb); err != nil {
				return err
			}
		}
		return nil
	}
	crc := crc32.New(castagnoli)
	if err := body(crc); err != nil {
		return fail(err)
	}
	sum := crc.Sum32()
	le.PutUint32(hdr[12:16], sum)
	err = store.Save(func(w io.Writer) error {
		if _, err := w.Write(hdr[:16]); err != nil {
			return err
		}
		return body(w)
	})
	if err != nil {
		return fail(err)
	}
	return fmt.Sprintf("v2-%08x-%d", sum, count), nil
}

// textHash is the hex SHA-256 of a text, as corpus computes Passage.Hash.
func textHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func float32bits(f float32) uint32     { return math.Float32bits(f) }
func float32frombits(b uint32) float32 { return math.Float32frombits(b) }
