package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/telemetry"
)

// TestOperationsDoc keeps README.md in step with the code: it names
// every command, setting and metric, and carries the generated settings
// table as it is.
func TestOperationsDoc(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for name := range commands {
		if !strings.Contains(text, "`"+name) {
			t.Errorf("README.md does not document the command %s", name)
		}
	}
	c, err := config.Load(func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Settings() {
		if !strings.Contains(text, "`"+s.Env+"`") {
			t.Errorf("README.md does not document the setting %s", s.Env)
		}
	}
	table, err := os.ReadFile(filepath.Join("..", "..", "config", "testdata", "settings.md.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, string(table)) {
		t.Error("README.md's settings table differs from config/testdata/settings.md.golden; paste the golden file in")
	}
	// The golden list names every metric (vectors with no series yet are
	// not gathered); the registry checks that the list is current.
	list, err := os.ReadFile(filepath.Join("..", "..", "telemetry", "testdata", "metrics.golden"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for line := range strings.Lines(string(list)) {
		if f := strings.Fields(line); len(f) > 0 {
			names[f[0]] = true
		}
	}
	families, err := telemetry.New(telemetry.BuildInfo{}).Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if name := f.GetName(); strings.HasPrefix(name, "newsbot_") && !names[name] {
			t.Errorf("metric %s is missing from telemetry/testdata/metrics.golden", name)
		}
	}
	for name := range names {
		if !strings.Contains(text, "`"+name+"`") {
			t.Errorf("README.md does not document the metric %s", name)
		}
	}
}
