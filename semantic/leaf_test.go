package semantic

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLeaf keeps the package a leaf: retrieval and answer import it, so it
// must import nothing from this module (tailscale's tstest/deptest).
func TestLeaf(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	const module = "github.com/newsbot/newsbot"
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", module+"/semantic").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, module+"/") && dep != module+"/semantic" {
			t.Errorf("semantic imports %s (directly or not); it must stay a leaf", dep)
		}
	}
}
