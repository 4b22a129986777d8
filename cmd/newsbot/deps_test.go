package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/newsbot/newsbot"

// forbidden lists, for each package of the module, the imports (direct or
// not) it must never have. Imports run corpus <- retrieval <- answer <- bot,
// prompts <- answer, answerlog <- bot; only cmd/newsbot reads config;
// discordgo lives in bot and cmd/newsbot, go-openai in retrieval and answer.
var forbidden = map[string][]string{
	"corpus":    {"retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go"},
	"retrieval": {"answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo"},
	"prompts":   {"answer", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai"},
	"answer":    {"bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo"},
	"answerlog": {"bot", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai"},
	"bot":       {"config", "telemetry", "evaluate", "cmd/"},
	"evaluate":  {"bot", "answerlog", "config", "telemetry", "cmd/", "discordgo"},
	"telemetry": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "evaluate", "cmd/", "discordgo", "go-openai"},
	"config":    {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai"},
	"lang":      {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go"},
	"semantic":  {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go", "lang", "stemmer"},
	"stemmer":   {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go"},
	"thesaurus": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go", "lang", "stemmer"},
	"synth":     {"retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai"},
	"fetch":     {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go", "feed", "extract", "intake"},
	"feed":      {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go", "fetch", "extract", "intake"},
	"extract":   {"retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go", "fetch", "feed", "intake"},
	"intake":    {"retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo", "go-openai", "chromem-go"},
	"internal/httpretry": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/",
		"discordgo", "go-openai", "chromem-go"},
	"internal/timeparse": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/",
		"discordgo", "go-openai", "chromem-go", "lang", "stemmer", "fetch", "feed", "extract", "intake"},
	"internal/atomicfile": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/",
		"discordgo", "go-openai", "chromem-go", "lang", "stemmer"},
	// The test-support packages import nothing of the module's layers, so
	// every layer's tests can use them.
	"internal/fakeopenai": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/",
		"discordgo", "go-openai", "chromem-go"},
	"internal/testindex": {"answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/", "discordgo"},
	"internal/childtest": {"corpus", "retrieval", "answer", "prompts", "bot", "answerlog", "config", "telemetry", "evaluate", "cmd/",
		"discordgo", "go-openai", "chromem-go"},
}

// directOnly lists imports that only the named packages may import
// directly (others may still depend on them through those packages).
var directOnly = map[string][]string{
	"github.com/sashabaranov/go-openai": {"retrieval", "answer"},
	"github.com/bwmarrin/discordgo":     {"bot", "cmd/newsbot"},
	module + "/config":                  {"cmd/newsbot"},
}

// owners of third-party import paths named in forbidden.
var thirdParty = map[string]string{
	"discordgo":  "github.com/bwmarrin/discordgo",
	"go-openai":  "github.com/sashabaranov/go-openai",
	"chromem-go": "github.com/philippgille/chromem-go",
}

// TestImportRules runs `go list -deps` on every package of the module and
// fails on an import that breaks the layering (tailscale's tstest/deptest).
func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	// One go command for the whole module: its direct imports and all its
	// dependencies, a package a line (a fork per package took 9 s).
	out, err := exec.Command(goTool, "list", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .Deps " "}}`, module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var checked []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "|")
		if len(fields) != 3 {
			t.Fatalf("go list printed %q; want path|imports|deps", sc.Text())
		}
		pkg, imports, deps := fields[0], fields[1], fields[2]
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		for _, imp := range strings.Fields(imports) {
			if allowed, ok := directOnly[imp]; ok && !slices.Contains(allowed, rel) {
				t.Errorf("%s imports %s; only %s may", rel, imp, strings.Join(allowed, " and "))
			}
		}
		rules, ok := forbidden[rel]
		if !ok {
			continue
		}
		list := strings.Fields(deps)
		for _, rule := range rules {
			bad := module + "/" + rule
			if p, ok := thirdParty[rule]; ok {
				bad = p
			}
			for _, d := range list {
				if d == bad || strings.HasPrefix(d, strings.TrimSuffix(bad, "/")+"/") {
					t.Errorf("%s imports %s (directly or through another package); the layering forbids it", rel, d)
				}
			}
		}
		checked = append(checked, rel)
	}
	for rel := range forbidden {
		if !slices.Contains(checked, rel) {
			t.Logf("package %s not found; its rules were not checked", rel)
		}
	}
}
