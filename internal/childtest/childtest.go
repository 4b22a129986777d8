// Package childtest runs one test of the running test binary as a child
// process, for the crash tests: a child that is killed (SIGKILL) in the
// middle of a write, or whose disk fills, reports what it did line by line
// on stdout, and the parent then checks what survived.
//
// The child's side is a test that does its work only when Mode is not ""
// (and skips otherwise), then exits or is killed.
package childtest

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// envVar carries the child's mode from the parent.
const envVar = "NEWSBOT_TEST_CHILD"

// Mode returns the mode the parent started this process with, or "" in a
// normal run.
func Mode() string { return os.Getenv(envVar) }

// Result is what a child printed and how it ended.
type Result struct {
	Lines  []string // its stdout, a line each, without the test binary's own (PASS, === RUN, --- …)
	Killed bool     // it ended by SIGKILL, from the parent or from itself
}

// Run runs the test named test of this binary as a child with mode and the
// extra environment env ("NAME=value"). onLine, when set, sees each line as
// it comes, also those that come after a kill; when it returns true the
// child is killed (SIGKILL), once. A child
// that ends any other way than by exiting 0 or by SIGKILL fails t.
func Run(t testing.TB, test, mode string, env []string, onLine func(line string) (kill bool)) Result {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), envVar+"="+mode), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var res Result
	killed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if line == "PASS" || line == "FAIL" || strings.HasPrefix(line, "=== ") || strings.HasPrefix(line, "--- ") {
			continue
		}
		res.Lines = append(res.Lines, line)
		if onLine != nil && onLine(line) && !killed {
			_ = cmd.Process.Kill()
			killed = true
		}
	}
	err = cmd.Wait()
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			res.Killed = true
			return res
		}
	}
	if err != nil {
		t.Fatalf("child %s (%s): %v; output %q", test, mode, err, res.Lines)
	}
	return res
}
