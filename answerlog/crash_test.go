package answerlog_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/internal/childtest"
)

// The crash tests run this test binary again as a child process
// (internal/childtest) that writes to a log until it is killed or the disk
// is "full", and reports each record whose Put returned nil on stdout.

// record returns the n-th record the child writes: its content follows
// from n, so the parent can check every acknowledged record in full.
func record(n int) *answerlog.Record {
	id := fmt.Sprintf("r%05d", n)
	return &answerlog.Record{ID: id, MessageIDs: []string{"m" + id}, GuildID: "g1", UserID: "u1", Kind: "ask",
		Question: fmt.Sprintf("question %d about the ferries?", n),
		Answer:   strings.Repeat(fmt.Sprintf("answer %d [1]. ", n), 40), Created: time.Unix(1700000000+int64(n), 0).UTC()}
}

// TestCrashChild is the child's side; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	mode := childtest.Mode()
	if mode == "" {
		t.Skip("only run as a child of the crash tests")
	}
	path, first := os.Getenv("ANSWERLOG_PATH"), 0
	first, _ = strconv.Atoi(os.Getenv("ANSWERLOG_FIRST"))
	l, err := answerlog.Open(path)
	if err != nil {
		fmt.Printf("open-error %v\n", err)
		os.Exit(3)
	}
	if mode == "full" {
		// The disk "fills up" 64 KiB past the file's present size: writes
		// beyond it fail with EFBIG (Go ignores SIGXFSZ).
		fi, _ := os.Stat(path)
		lim := syscall.Rlimit{Cur: uint64(fi.Size()) + 64<<10, Max: ^uint64(0)}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Printf("setrlimit-error %v\n", err)
			os.Exit(3)
		}
	}
	failures := 0
	for n := first; ; n++ {
		if mode == "full" && n-first > 2000 { // 64 KiB cannot hold these
			fmt.Printf("no-failure after %d records\n", n-first)
			os.Exit(0)
		}
		if err := l.Put(context.Background(), record(n)); err != nil {
			fmt.Printf("put-error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			if failures++; failures == 3 {
				os.Exit(0)
			}
			continue
		}
		fmt.Printf("ok %d\n", n) // unbuffered: once printed, the parent knows
	}
}

// runChild runs the child on path, starting at record first; stop decides
// from each acknowledged count whether to kill it (SIGKILL). It returns
// the acknowledged record numbers and the child's other output lines.
func runChild(t *testing.T, mode, path string, first int, stop func(acked int) bool) (acked []int, other []string) {
	t.Helper()
	res := childtest.Run(t, "TestCrashChild", mode, []string{"ANSWERLOG_PATH=" + path, "ANSWERLOG_FIRST=" + strconv.Itoa(first)},
		func(line string) bool {
			n, ok := strings.CutPrefix(line, "ok ")
			if !ok {
				return false
			}
			v, err := strconv.Atoi(n)
			if err != nil {
				return false // a line cut by the kill
			}
			acked = append(acked, v)
			return stop != nil && stop(len(acked))
		})
	for _, l := range res.Lines {
		if !strings.HasPrefix(l, "ok ") {
			other = append(other, l)
		}
	}
	return acked, other
}

// checkAll opens the log at path and checks that every acknowledged
// record is there in full.
func checkAll(t *testing.T, path string, acked []int) *answerlog.Log {
	t.Helper()
	l, err := answerlog.Open(path)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	for _, n := range acked {
		want := record(n)
		got, err := l.Get(context.Background(), want.ID)
		if err != nil {
			t.Errorf("record %s acknowledged before the crash is gone: %v", want.ID, err)
			continue
		}
		if got.Answer != want.Answer || got.Question != want.Question || !got.Created.Equal(want.Created) {
			t.Errorf("record %s differs after the crash", want.ID)
		}
		if byMsg, err := l.ByMessage(context.Background(), want.MessageIDs[0]); err != nil || byMsg.ID != want.ID {
			t.Errorf("record %s not found by its message after the crash: %v", want.ID, err)
		}
	}
	return l
}

// TestKillDuringPuts kills a process that is writing records as fast as
// it can (SIGKILL: no deferred code, no Close), three times, then checks
// that every record whose Put had returned is there, whole.
func TestKillDuringPuts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	path := filepath.Join(t.TempDir(), "data", "answers.db")
	var all []int
	next := 0
	for round, at := range []int{5, 23, 41} {
		acked, other := runChild(t, "kill", path, next, func(n int) bool { return n >= at })
		if len(acked) < at {
			t.Fatalf("round %d: child acknowledged %d records before dying (%q)", round, len(acked), other)
		}
		all = append(all, acked...)
		next = acked[len(acked)-1] + 1
		l := checkAll(t, path, all)
		if n, err := l.Len(); err != nil || n < len(all) {
			t.Errorf("round %d: Len() = %d, %v; want at least %d", round, n, err, len(all))
		}
		l.Close()
	}
	t.Logf("%d records acknowledged over 3 kills, all kept", len(all))
}

// TestDiskFull fills the disk under a running log (a file size limit, so
// every write past it fails as on a full disk): Put fails with an error
// naming the file, the records put before stay, and once space is back
// the same file takes new records.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	path := filepath.Join(t.TempDir(), "answers.db")
	l, err := answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	acked, other := runChild(t, "full", path, 0, nil)
	if len(acked) == 0 || len(other) == 0 {
		t.Fatalf("child acknowledged %d records, said %q; want some records, then failures", len(acked), other)
	}
	for _, line := range other {
		if !strings.HasPrefix(line, "put-error") || !strings.Contains(line, path) || !strings.Contains(line, "file too large") {
			t.Errorf("failure %q; want a Put error naming %s and the cause", line, path)
		}
	}
	l = checkAll(t, path, acked)
	defer l.Close()
	if err := l.Put(context.Background(), record(99999)); err != nil {
		t.Errorf("Put once space is back: %v", err)
	}
	t.Logf("%d records put before the disk filled, all kept; failure: %s", len(acked), other[0])
}

// TestTruncatedLog: a log file that lost its end (a partial copy, a disk
// fault) is refused by Open with an error naming the file, never a crash:
// bbolt itself would panic on it, or fault reading past its memory map.
func TestTruncatedLog(t *testing.T) {
	for _, tt := range []struct {
		name string
		keep func(size int64) int64
	}{
		{"half", func(size int64) int64 { return size / 2 }},
		{"a quarter", func(size int64) int64 { return size / 4 }},
		{"meta pages only", func(int64) int64 { return 2 * int64(os.Getpagesize()) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each Put is an fsync: let the waits overlap
			path := filepath.Join(t.TempDir(), "answers.db")
			l, err := answerlog.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			for n := range 300 {
				if err := l.Put(context.Background(), record(n)); err != nil {
					t.Fatal(err)
				}
			}
			l.Close()
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, tt.keep(fi.Size())); err != nil {
				t.Fatal(err)
			}
			l, err = answerlog.Open(path)
			if err == nil {
				l.Close()
				t.Fatal("Open of a truncated log succeeded")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated") {
				t.Errorf("error %q; want one naming %s and saying it is truncated", err, path)
			}
		})
	}
}

// TestDamagedFreelist: a log whose meta page is intact but whose freelist
// page was overwritten makes bbolt.Open panic; Open turns that into an
// error naming the file.
func TestDamagedFreelist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers.db")
	l, err := answerlog.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for n := range 50 {
		if err := l.Put(context.Background(), record(n)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Zero the freelist page of both meta pages (see checkSize for the
	// layout: the freelist page id is 32 bytes into the meta).
	ps := int(binary.NativeEndian.Uint32(b[16+8:]))
	for _, meta := range []int{0, ps} {
		fl := int(binary.NativeEndian.Uint64(b[meta+16+32:]))
		if fl <= 1 || (fl+1)*ps > len(b) {
			t.Fatalf("freelist page %d out of range", fl)
		}
		clear(b[fl*ps : (fl+1)*ps])
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err = answerlog.Open(path)
	if err == nil {
		l.Close()
		t.Fatal("Open of a log with a zeroed freelist succeeded")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
}

// TestUnusableFolder: the data folder cannot be made (a file is in the
// way, as with a read-only or wrong mount): the error names the path.
func TestUnusableFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(file, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(file, "answers.db"), filepath.Join(file, "sub", "answers.db")} {
		l, err := answerlog.Open(path)
		if err == nil {
			l.Close()
			t.Fatalf("Open(%s) succeeded", path)
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name %s", err, path)
		}
	}
}
