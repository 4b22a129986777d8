package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/newsbot/newsbot/internal/atomicfile"
)

// Manifest records the article files of a corpus folder as they were when
// an index was last brought in line with it, so that a command can tell
// an unchanged folder from its file sizes and modification times alone,
// without reading, cleaning and chunking every article again. A file's
// content is hashed only when its size or time differ from the manifest's
// (or are too recent to be trusted, see Stamp).
type Manifest struct {
	// Key is what the manifest was made for, chosen by the caller (the
	// build, the folder, the index snapshot): a manifest whose key differs
	// says nothing about the folder.
	Key      string      `json:"key"`
	Articles int         `json:"articles"` // articles loaded from Files
	Passages int         `json:"passages"` // passages they chunked into
	Written  time.Time   `json:"written"`  // when Files were stamped
	Files    []FileStamp `json:"files"`    // by name
}

// FileStamp is one article file: its name in the folder, size,
// modification time and the hex SHA-256 of its content.
type FileStamp struct {
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	Hash    string    `json:"sha256"`
}

// racyWindow is how close to the time a manifest was stamped a file's
// modification time may be before its size and time are no proof of its
// content: a file written again within the file system's time resolution
// of the stamp keeps both (git calls this "racily clean").
const racyWindow = 2 * time.Second

// Stamp returns the stamps of the article files of fsys, the files Load
// reads, by name. A file whose size and modification time equal its stamp
// in prev, and whose time is at least racyWindow older than prev.Written,
// keeps prev's hash; any other file is read and hashed. prev may be nil.
func Stamp(fsys fs.FS, prev *Manifest) ([]FileStamp, error) {
	names, err := articleFiles(fsys)
	if err != nil {
		return nil, fmt.Errorf("stamp articles: %w", err)
	}
	known := map[string]FileStamp{}
	if prev != nil {
		for _, f := range prev.Files {
			known[f.Name] = f
		}
	}
	out := make([]FileStamp, len(names))
	errs := make([]error, len(names))
	parallel(len(names), func(i int) {
		name := names[i]
		info, err := fs.Stat(fsys, name)
		if err != nil {
			errs[i] = err
			return
		}
		st := FileStamp{Name: name, Size: info.Size(), ModTime: info.ModTime()}
		if k, ok := known[name]; ok && k.Size == st.Size && k.ModTime.Equal(st.ModTime) &&
			prev.Written.Sub(st.ModTime) >= racyWindow {
			st.Hash = k.Hash
		} else if st.Hash, err = hashFile(fsys, name); err != nil {
			errs[i] = err
			return
		}
		out[i] = st
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("stamp articles: %w", err)
	}
	return out, nil
}

func hashFile(fsys fs.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SameContent reports whether two lists of stamps name the same files
// with the same contents (times and sizes aside).
func SameContent(a, b []FileStamp) bool {
	return slices.EqualFunc(a, b, func(x, y FileStamp) bool { return x.Name == y.Name && x.Hash == y.Hash })
}

// ReadManifest reads the manifest at path; a missing file gives nil and
// no error, a damaged one an error naming it.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read corpus manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read corpus manifest %s: %w", path, err)
	}
	return &m, nil
}

// WriteManifest writes m to path through a temp file and a rename, so a
// crash leaves the old manifest or the new one.
func WriteManifest(path string, m *Manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("write corpus manifest %s: %w", path, err)
	}
	if err := atomicfile.Write(path, b); err != nil {
		return fmt.Errorf("write corpus manifest %s: %w", path, err)
	}
	return nil
}
