package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	chromem "github.com/philippgille/chromem-go"

	"github.com/newsbot/newsbot/corpus"
)

// IndexOptions configures an Index. The zero value works except for
// Collection, which should name the embedder (see Collection's comment).
type IndexOptions struct {
	// Collection names the vector collection and its snapshot file. It must
	// identify the embedder, model and dimensions (e.g. Local.Name(),
	// OpenAI.Name()), so vectors of different models never mix. "" means
	// "default".
	Collection string
	// BatchSize is how many passages Sync embeds per Embed call; 0 means 64.
	BatchSize int
	// Fusion chooses how dense and lexical rankings combine; zero means FusionRRF.
	Fusion Fusion
	// DuplicateJaccard is the word-shingle Jaccard similarity at or above
	// which two passages count as copies of one another. 0 means
	// DefaultDuplicateJaccard; < 0 disables collapsing.
	DuplicateJaccard float64
	// Logger receives warnings (corrupt snapshots); nil means slog.Default().
	Logger *slog.Logger
	// Store keeps the snapshot and its statistics. nil means the file
	// store in Open's dir (NewFileSnapshots), or none when dir is "";
	// when set, Open's dir is not used.
	Store SnapshotStore
}

// SyncReport says what a Sync changed.
type SyncReport struct {
	Added     int // passages new to the index
	Updated   int // passages whose text (hash) changed
	Removed   int // passages no longer in the corpus
	Unchanged int // passages kept as they were
	Embedded  int // texts sent to the embedder (moved passages reuse vectors)
}

// Index is the searchable form of the corpus: passage vectors in an
// in-memory chromem-go collection, a BM25 index over the same passages, and
// an optional snapshot in a SnapshotStore. Search and Sync may run
// concurrently; Syncs run one at a time.
type Index struct {
	emb   Embedder
	opts  IndexOptions
	log   *slog.Logger
	store SnapshotStore // nil for memory only
	path  string        // the file store's snapshot file; "" for another store or none

	fpMu        sync.Mutex
	fingerprint string // of the snapshot last loaded or written; "" for none
	lexLoaded   bool   // Open read the BM25 postings from the snapshot

	syncMu  sync.Mutex           // serialises Sync
	pending map[string][]float32 // text hash -> vector embedded by a Sync that did not finish; under syncMu

	mu      sync.RWMutex        // guards the fields below
	col     *chromem.Collection // the dense ranking: shares each entry's vector
	entries map[string]*entry   // passage id -> entry
	sorted  []*entry            // by article id, then ordinal
	lex     *bm25
	dims    int
}

type entry struct {
	p   corpus.Passage
	vec []float32 // unit length; the same slice chromem holds
	pos int       // index in state.sorted, for repeatable tie order
	// unit says vec is known to pass chromem's unit-length test: it was
	// read from a snapshot this code wrote, so newCollection need not
	// read every vector to check again.
	unit bool
}

// Open returns an index whose snapshot lives in dir ("" keeps it in memory
// only), or in opts.Store when set. A missing snapshot gives an empty
// index; a damaged one is moved aside with a logged warning and the index
// starts empty, to be rebuilt by the next Sync. Open fails only when dir
// cannot be created.
func Open(ctx context.Context, dir string, emb Embedder, opts IndexOptions) (*Index, error) {
	if emb == nil {
		return nil, errors.New("open index: nil embedder")
	}
	if opts.Collection == "" {
		opts.Collection = "default"
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	if opts.DuplicateJaccard == 0 {
		opts.DuplicateJaccard = DefaultDuplicateJaccard
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ix := &Index{emb: emb, opts: opts, log: opts.Logger, pending: make(map[string][]float32)}
	ix.store = opts.Store
	if ix.store == nil && dir != "" {
		files, err := NewFileSnapshots(dir, opts.Collection, opts.Logger)
		if err != nil {
			return nil, fmt.Errorf("open index %s: %w", dir, err)
		}
		ix.store, ix.path = files, files.Path()
	}
	var l loaded
	if ix.store != nil {
		l = ix.load()
	}
	st, err := ix.build(ctx, l.entries, l.lex)
	if l.checked != nil {
		// Built while the checksum was computed: kept only if it holds.
		if cerr := <-l.checked; cerr != nil {
			ix.setAside(cerr)
			l = loaded{}
			st, err = ix.build(ctx, nil, nil)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix.lexLoaded = l.lex != nil && st.lex == l.lex
	ix.mu.Lock()
	ix.swapLocked(st)
	ix.mu.Unlock()
	ix.setFingerprint(l.checksum)
	// A version 1 file, or postings another build wrote, are rewritten now
	// so the next start maps the vectors and reads the postings. Failing
	// to is no reason not to serve: the next Sync that changes something
	// writes the file again.
	if len(l.entries) > 0 && (l.version != snapshotVersion || !ix.lexLoaded) {
		fp, err := writeSnapshot(ix.store, opts.Collection, st)
		if err != nil {
			ix.log.Warn("could not rewrite the index snapshot", "file", ix.store.Name(), "err", err)
		} else {
			ix.setFingerprint(fp)
			if l.version != snapshotVersion {
				ix.log.Info("index snapshot upgraded", "file", ix.store.Name(), "from_version", l.version, "to_version", snapshotVersion)
			}
		}
	}
	return ix, nil
}

// Fingerprint names the snapshot the index holds, as loaded by Open or
// written by the last Sync that changed it: equal fingerprints mean the
// same passages and vectors. It is "" for an index kept in memory only,
// one that started empty, or one whose last snapshot write failed.
func (ix *Index) Fingerprint() string {
	ix.fpMu.Lock()
	defer ix.fpMu.Unlock()
	return ix.fingerprint
}

func (ix *Index) setFingerprint(fp string) {
	ix.fpMu.Lock()
	ix.fingerprint = fp
	ix.fpMu.Unlock()
}

// Len returns the number of indexed passages.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.sorted)
}

// Passages returns all indexed passages, by article id then ordinal.
func (ix *Index) Passages() []corpus.Passage {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]corpus.Passage, len(ix.sorted))
	for i, e := range ix.sorted {
		out[i] = e.p
	}
	return out
}

// Collection returns the collection name the index was opened with.
func (ix *Index) Collection() string { return ix.opts.Collection }

// Sync brings the index in line with ps: passages whose id and Hash are
// already indexed embed nothing, changed and new ones are embedded in
// batches (reusing the vector of any indexed passage with the same text, so
// a passage that only moved costs nothing), and passages not in ps are
// removed. progress, if not nil, is called after each batch with the number
// of texts embedded so far and the number to embed.
//
// Sync changes nothing until every vector is ready: a cancelled or failed
// Sync leaves the index and its snapshot as they were, and vectors it did
// obtain are kept in memory for the next Sync. The snapshot is written
// before Sync returns; if writing it fails, the in-memory index is already
// updated and the error names the file.
func (ix *Index) Sync(ctx context.Context, ps []corpus.Passage, progress func(done, total int)) (SyncReport, error) {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()

	var rep SyncReport
	seen := make(map[string]bool, len(ps))
	for _, p := range ps {
		if p.ID == "" {
			return rep, fmt.Errorf("sync index: passage of article %q has no id", p.ArticleID)
		}
		if seen[p.ID] {
			return rep, fmt.Errorf("sync index: duplicate passage id %q", p.ID)
		}
		seen[p.ID] = true
	}

	ix.mu.RLock()
	old := ix.entries
	byHash := make(map[string][]float32, len(old))
	for _, e := range old {
		byHash[e.p.Hash] = e.vec
	}
	dims := ix.dims
	ix.mu.RUnlock()

	next := make([]*entry, len(ps))
	var todo []int // indexes into ps needing a vector
	for i, p := range ps {
		h := passageHash(p)
		p.Hash = h
		e, ok := old[p.ID]
		switch {
		case ok && e.p.Hash == h:
			rep.Unchanged++
		case ok:
			rep.Updated++
		default:
			rep.Added++
		}
		if ok && e.p.Hash == h {
			next[i] = &entry{p: p, vec: e.vec, unit: e.unit}
			continue
		}
		if v, ok := byHash[h]; ok {
			next[i] = &entry{p: p, vec: v}
			continue
		}
		if v, ok := ix.pending[h]; ok {
			next[i] = &entry{p: p, vec: v}
			continue
		}
		next[i] = &entry{p: p}
		todo = append(todo, i)
	}
	for id := range old {
		if !seen[id] {
			rep.Removed++
		}
	}

	// Embed what is new, batch by batch, outside the index lock.
	if progress != nil && len(todo) > 0 {
		progress(0, len(todo))
	}
	for start := 0; start < len(todo); start += ix.opts.BatchSize {
		batch := todo[start:min(start+ix.opts.BatchSize, len(todo))]
		texts := make([]string, len(batch))
		for j, i := range batch {
			texts[j] = ps[i].Text
		}
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("sync index: embed passages: %w", err)
		}
		vecs, err := ix.emb.Embed(ctx, texts)
		if err != nil {
			return rep, fmt.Errorf("sync index: embed passages %s..: %w", ps[batch[0]].ID, err)
		}
		if len(vecs) != len(texts) {
			return rep, fmt.Errorf("sync index: embedder returned %d vectors for %d texts", len(vecs), len(texts))
		}
		for j, i := range batch {
			v := vecs[j]
			if dims == 0 {
				dims = len(v)
			}
			if len(v) != dims || !normalize(v) {
				return rep, fmt.Errorf("sync index: passage %s: bad vector (%d dims, want %d)", ps[i].ID, len(v), dims)
			}
			next[i].vec = v
			ix.pending[next[i].p.Hash] = v
			rep.Embedded++
		}
		if progress != nil {
			progress(min(start+len(batch), len(todo)), len(todo))
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("sync index: %w", err)
	}

	if rep.Added == 0 && rep.Updated == 0 && rep.Removed == 0 && sameEntries(old, next) {
		clear(ix.pending)
		return rep, nil // nothing to rebuild or rewrite
	}
	// Build the new view and write its snapshot without blocking searches
	// (entries are immutable and syncMu keeps other writers out), then swap
	// it in. A failed write still swaps: the index serves the corpus it was
	// given, and the error names the file that could not be written.
	st, err := ix.build(ctx, next, nil)
	if err != nil {
		return rep, fmt.Errorf("sync index: %w", err)
	}
	clear(ix.pending)
	var saveErr error
	if ix.store != nil {
		var fp string
		fp, saveErr = writeSnapshot(ix.store, ix.opts.Collection, st)
		ix.setFingerprint(fp)
	}
	ix.mu.Lock()
	ix.swapLocked(st)
	ix.mu.Unlock()
	if saveErr != nil {
		return rep, fmt.Errorf("sync index: %w", saveErr)
	}
	return rep, nil
}

// sameEntries reports whether next holds exactly the passages of old,
// metadata included, so a Sync can skip rebuilding and rewriting.
func sameEntries(old map[string]*entry, next []*entry) bool {
	if len(old) != len(next) {
		return false
	}
	for _, n := range next {
		o, ok := old[n.p.ID]
		if !ok || !samePassage(o.p, n.p) {
			return false
		}
	}
	return true
}

func samePassage(a, b corpus.Passage) bool {
	return a.ID == b.ID && a.ArticleID == b.ArticleID && a.Ordinal == b.Ordinal && a.Title == b.Title &&
		a.Outlet == b.Outlet && a.Published.Equal(b.Published) && a.URL == b.URL && a.Text == b.Text &&
		a.Start == b.Start && a.End == b.End && slices.Equal(a.Sentences, b.Sentences) && a.Hash == b.Hash
}

// passageHash returns p.Hash, or a hash of the text when the corpus left it empty.
func passageHash(p corpus.Passage) string {
	if p.Hash != "" {
		return p.Hash
	}
	return textHash(p.Text)
}

// state is one complete, immutable view of the index.
type state struct {
	col     *chromem.Collection
	entries map[string]*entry
	sorted  []*entry
	lex     *bm25
	dims    int
}

// build makes a fresh chromem collection and BM25 index for es. Rebuilding
// rather than patching, then swapping, keeps the vector, lexical and
// passage views identical at every instant a reader can observe. lex, when
// not nil, is a BM25 index already made for es in sorted order (read from
// the snapshot).
func (ix *Index) build(ctx context.Context, es []*entry, lex *bm25) (*state, error) {
	sorted := slices.Clone(es)
	slices.SortFunc(sorted, func(a, b *entry) int {
		if c := cmp.Compare(a.p.ArticleID, b.p.ArticleID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.p.Ordinal, b.p.Ordinal); c != 0 {
			return c
		}
		return cmp.Compare(a.p.ID, b.p.ID)
	})
	st := &state{entries: make(map[string]*entry, len(sorted)), sorted: sorted}
	if len(sorted) > 0 {
		st.dims = len(sorted[0].vec)
	}
	ids := make([]string, len(sorted))
	for i, e := range sorted {
		e.pos = i
		ids[i] = e.p.ID
		st.entries[e.p.ID] = e
	}
	// Tokenising every passage for BM25 is the larger half of a build; it
	// runs beside the chromem inserts (a restart is ready sooner).
	lexc := make(chan *bm25, 1)
	if lex != nil && !slices.Equal(lex.ids, ids) {
		lex = nil // not made for these passages in this order: make it again
	}
	if lex != nil {
		lexc <- lex
	} else {
		go func() {
			texts := make([]string, len(sorted))
			for i, e := range sorted {
				texts[i] = e.p.Outlet + " " + e.p.Text // "what did AP say" meets AP's passages
			}
			lexc <- newBM25(ids, texts)
		}()
	}
	col, err := newCollection(ctx, ix.opts.Collection, sorted)
	st.lex = <-lexc
	if err != nil {
		return nil, err
	}
	st.col = col
	return st, nil
}

// swapLocked makes st the current view. Callers hold ix.mu for writing.
func (ix *Index) swapLocked(st *state) {
	ix.col, ix.entries, ix.sorted, ix.lex = st.col, st.entries, st.sorted, st.lex
	if st.dims != 0 {
		ix.dims = st.dims
	}
}

// noEmbed is the collection's EmbeddingFunc. Every vector is computed by
// the Index and handed over precomputed; a nil func would make chromem
// call OpenAI over the network behind our back.
func noEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("retrieval: chromem must not embed; vectors are precomputed")
}
