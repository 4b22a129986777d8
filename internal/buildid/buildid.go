// Package buildid names the running executable's build: what is stored
// from one run to the next (the lexical postings in the index snapshot,
// the corpus manifest) is only reused by the same build, because another
// build may read, clean, chunk or stem text differently.
package buildid

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"sync"
)

var (
	once sync.Once
	id   string
)

// ID returns an identifier of the running executable that changes whenever
// its code does: the Go build ID the linker records in an ELF executable
// (a content hash of everything linked), else the SHA-256 of the file. It
// returns "" when neither can be read, and callers then reuse nothing.
func ID() string {
	once.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if s, err := elfBuildID(exe); err == nil && s != "" {
			id = "go:" + s
			return
		}
		if s, err := fileHash(exe); err == nil {
			id = "sha256:" + s
		}
	})
	return id
}

// elfBuildID reads the Go build ID note (".note.go.buildid") of an ELF file.
func elfBuildID(path string) (string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return "", errors.New("no Go build id note")
	}
	data, err := sec.Data()
	if err != nil {
		return "", err
	}
	return parseNote(data, f.ByteOrder)
}

// parseNote reads one ELF note: name size, desc size, type, name "Go\0\0",
// then the build id.
func parseNote(data []byte, bo binary.ByteOrder) (string, error) {
	if len(data) < 16 {
		return "", errors.New("short Go build id note")
	}
	nameSize, descSize := bo.Uint32(data[0:4]), bo.Uint32(data[4:8])
	name := data[12:]
	if nameSize != 4 || !bytes.HasPrefix(name, []byte("Go\x00\x00")) || uint64(16)+uint64(descSize) > uint64(len(data)) {
		return "", errors.New("malformed Go build id note")
	}
	return string(data[16 : 16+descSize]), nil
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
