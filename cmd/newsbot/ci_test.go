package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCIScriptPrivateTempDir keeps .ci/run from writing fixed paths under
// /tmp, where two runs at once overwrite each other's logs: its files go
// to a folder of its own, made by mktemp -d and removed on exit.
func TestCIScriptPrivateTempDir(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	script := string(b)
	if fixed := regexp.MustCompile(`/tmp/[\w.-]+`).FindAllString(script, -1); len(fixed) > 0 {
		t.Errorf(".ci/run writes fixed paths under /tmp: %s", strings.Join(fixed, ", "))
	}
	if !regexp.MustCompile(`(?m)^tmp=\$\(mktemp -d\b`).MatchString(script) {
		t.Error(".ci/run makes no temporary folder of its own (tmp=$(mktemp -d ...))")
	}
	if !regexp.MustCompile(`(?m)^trap 'rm -rf "\$tmp"' EXIT$`).MatchString(script) {
		t.Error(".ci/run does not remove its temporary folder on exit")
	}
}
