package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/answer"
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

// TestInterfaceDoc keeps docs/INTERFACE.md, the project's copy of its
// outside interface, current: every command, every setting config knows
// (and the generated settings table as it is), every JSON field of
// ask --json with its reason and citations, and the flags people script.
func TestInterfaceDoc(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "INTERFACE.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for name := range commands {
		if !strings.Contains(text, "`newsbot "+name) {
			t.Errorf("docs/INTERFACE.md does not document the command %s", name)
		}
	}
	c, err := config.Load(func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Settings() {
		if !strings.Contains(text, "`"+s.Env+"`") || !strings.Contains(text, "`"+s.Key+"`") {
			t.Errorf("docs/INTERFACE.md does not document the setting %s (%s)", s.Env, s.Key)
		}
	}
	table, err := os.ReadFile(filepath.Join("..", "..", "config", "testdata", "settings.md.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, string(table)) {
		t.Error("docs/INTERFACE.md's settings table differs from config/testdata/settings.md.golden; paste the golden file in")
	}
	for _, v := range []any{answer.Output{}, answer.Reason{}, answer.OutputCitation{}, articleJSON{}, articleListJSON{}} {
		for _, tag := range jsonFields(reflect.TypeOf(v)) {
			if !strings.Contains(text, `"`+tag+`"`) && !strings.Contains(text, tag+",") && !strings.Contains(text, tag+"}") {
				t.Errorf("docs/INTERFACE.md does not show the JSON field %q of %T", tag, v)
			}
		}
	}
	for _, s := range []string{"--explain", "--version", "`newsbot articles [--json]`", `"reason"`, "--article ID\\|FILE"} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/INTERFACE.md does not mention %s", s)
		}
	}
}

// jsonFields returns the JSON names of a struct type's fields.
func jsonFields(typ reflect.Type) []string {
	var names []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// TestDocReferences: every file that cites docs/INTERFACE.md,
// docs/OPERATIONS.md or docs/ARCHITECTURE.md names a path that exists from
// the repository root, or, in Markdown, from the citing file's folder. (INTERFACE.md used to be cited with no path, and was not in the
// repository at all.)
func TestDocReferences(t *testing.T) {
	root := filepath.Join("..", "..")
	cite := regexp.MustCompile(`[\w./-]*(?:INTERFACE|OPERATIONS|ARCHITECTURE)\.md`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if d.IsDir() || (ext != ".md" && ext != ".go") || d.Name() == "docs_test.go" {
			return nil // this file names the documents as parts of paths
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range cite.FindAllString(string(b), -1) {
			m = filepath.FromSlash(strings.TrimPrefix(m, "./"))
			_, fromRoot := os.Stat(filepath.Join(root, m))
			_, fromFile := os.Stat(filepath.Join(filepath.Dir(path), m))
			if fromRoot != nil && (ext != ".md" || fromFile != nil) {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s cites %s, which is not there (want a path such as docs/INTERFACE.md)", rel, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestArchitectureDoc keeps docs/ARCHITECTURE.md a current map: it names
// every package of the module and every non-test file of answer, and no
// longer calls itself the outdated first contract.
func TestArchitectureDoc(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	pkgs := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			pkgs[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range pkgs {
		if !strings.Contains(text, "`"+p+"`") {
			t.Errorf("docs/ARCHITECTURE.md does not name the package %s", p)
		}
	}
	files, err := filepath.Glob(filepath.Join(root, "answer", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := filepath.Base(f); !strings.HasSuffix(name, "_test.go") && !strings.Contains(text, "`"+name+"`") {
			t.Errorf("docs/ARCHITECTURE.md does not say what answer/%s does", name)
		}
	}
	for _, stale := range []string{"was the contract", "reference now", "Packages added since"} {
		if strings.Contains(text, stale) {
			t.Errorf("docs/ARCHITECTURE.md still says %q", stale)
		}
	}
}

// TestReadmeFirstSteps: the README tells a new user how long the first
// go run takes, how to build the binary, how to keep the container
// running, and where the interface and the operator's guide are.
func TestReadmeFirstSteps(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, want := range []string{
		"first `go run` takes about 1–5 minutes",
		"scripts/build.sh            # writes bin/newsbot",
		"go build -o newsbot ./cmd/newsbot",
		"docker run -d --name newsbot --restart unless-stopped",
		"[docs/INTERFACE.md](docs/INTERFACE.md)",
		"[docs/OPERATIONS.md](docs/OPERATIONS.md)",
		"`newsbot [settings] COMMAND [flags] [arguments]`",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join("..", "..", "scripts", "build.sh")); err != nil {
		t.Errorf("README.md names scripts/build.sh: %v", err)
	}
}

// TestDocsNameRealSettings: the documents name only settings config knows
// (docs/INTERFACE.md's list of what is not implemented yet aside), so an
// operator never sets a variable that does nothing.
func TestDocsNameRealSettings(t *testing.T) {
	c, err := config.Load(func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"NEWSBOT_CONFIG": true}
	for _, s := range c.Settings() {
		known[s.Env] = true
	}
	setting := regexp.MustCompile(`\b(?:NEWSBOT|OPENAI)_[A-Z_]*[A-Z]\b`)
	for _, name := range []string{"README.md", "docs/INTERFACE.md", "docs/OPERATIONS.md", "docs/ARCHITECTURE.md", "RELIABILITY.md", "bot/README.md"} {
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		text, _, _ := strings.Cut(string(b), "## Not implemented yet")
		for _, m := range setting.FindAllString(text, -1) {
			if !known[m] {
				t.Errorf("%s names %s, which is no setting", name, m)
			}
		}
	}
}
