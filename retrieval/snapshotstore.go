package retrieval

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/newsbot/newsbot/internal/atomicfile"
)

// SnapshotStore is where an Index keeps its snapshot: the bytes of one
// collection's snapshot (the format is persist.go's, whatever the store)
// and the statistics kept beside it (stats.go). FileSnapshots, one file
// in a folder, is the embedded one; IndexOptions.Store plugs in another.
//
// An Index calls one method at a time (Open, then Syncs one after
// another), but may read bytes Load returned while a Save runs.
type SnapshotStore interface {
	// Load returns the snapshot's bytes, or an error wrapping
	// fs.ErrNotExist when there is none. The Index never writes them and
	// keeps using them (passages and vectors point into them) for as
	// long as the process runs: they must stay valid and unchanged, even
	// after a Save or SetAside. A store may also tidy up here (the file
	// store removes temp files of interrupted writes).
	Load() ([]byte, error)
	// Save replaces the snapshot, whole or not at all, with what write
	// writes: a failed write or Save leaves the old snapshot in place.
	Save(write func(io.Writer) error) error
	// SetAside keeps a snapshot that failed its checks out of the next
	// Load, without deleting it, and returns where it went.
	SetAside() (string, error)
	// LoadStats returns the bytes last given to SaveStats, or an error
	// wrapping fs.ErrNotExist when there are none.
	LoadStats() ([]byte, error)
	// SaveStats replaces the statistics, whole or not at all.
	SaveStats(data []byte) error
	// Name names the snapshot in logs and errors (the file store: its path).
	Name() string
}

// FileSnapshots keeps a collection's snapshot in one file,
// <dir>/<collection>-<hash>.nbindex, and its statistics beside it in
// <snapshot>.stats. Load maps the file read-only on Linux (mmap_linux.go;
// elsewhere it is read into one buffer, mmap_other.go) and never unmaps
// it; Save writes a temp file beside it, syncs it, renames it over the
// snapshot and syncs the folder, so a crash leaves the old snapshot or
// the new one, and a mapping of the old one stays valid.
type FileSnapshots struct {
	path string
	log  *slog.Logger
}

var _ SnapshotStore = (*FileSnapshots)(nil)

// NewFileSnapshots creates dir if need be and returns the store of
// collection's snapshot in it. log receives a warning for each temp file
// of an interrupted write that Load removes; nil means slog.Default().
func NewFileSnapshots(dir, collection string, log *slog.Logger) (*FileSnapshots, error) {
	path, err := prepareDir(dir, collection)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &FileSnapshots{path: path, log: log}, nil
}

// Path returns the snapshot file's path.
func (s *FileSnapshots) Path() string { return s.path }

// Name returns the snapshot file's path.
func (s *FileSnapshots) Name() string { return s.path }

// Load removes temp files of interrupted writes, then maps the snapshot
// file (see mapFile).
func (s *FileSnapshots) Load() ([]byte, error) {
	if tmps, _ := filepath.Glob(s.path + ".tmp-*"); len(tmps) > 0 {
		for _, t := range tmps {
			s.log.Warn("removing temp file of an interrupted index write", "file", t)
			os.Remove(t)
		}
	}
	f, err := os.Open(s.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read index snapshot %s: %w", s.path, err)
	}
	data, err := mapFile(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("read index snapshot %s: %w", s.path, err)
	}
	return data, nil
}

// Release unmaps bytes Load returned that nothing points into (a snapshot
// that failed its checks, or a version 1 file, whose contents are copied).
// An Index calls it on stores that have it.
func (s *FileSnapshots) Release(data []byte) { unmapFile(data) }

// Save writes a temp file beside the snapshot through a 1 MiB buffer,
// syncs it, renames it over the snapshot and syncs the folder.
func (s *FileSnapshots) Save(write func(io.Writer) error) error {
	dir := filepath.Dir(s.path)
	f, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	abort := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		return abort(err)
	}
	if err := w.Flush(); err != nil {
		return abort(err)
	}
	if err := f.Sync(); err != nil {
		return abort(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("sync directory: %w", err)
		}
	}
	return nil
}

// SetAside renames the snapshot to <snapshot>.corrupt-<UTC time>.
func (s *FileSnapshots) SetAside() (string, error) {
	aside := fmt.Sprintf("%s.corrupt-%s", s.path, time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.Rename(s.path, aside); err != nil {
		return "", err
	}
	return aside, nil
}

// LoadStats reads <snapshot>.stats.
func (s *FileSnapshots) LoadStats() ([]byte, error) { return os.ReadFile(s.path + ".stats") }

// SaveStats replaces <snapshot>.stats (temp file, sync, rename).
func (s *FileSnapshots) SaveStats(data []byte) error {
	path := s.path + ".stats"
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
