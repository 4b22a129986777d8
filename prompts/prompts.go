// Package prompts holds the prompt templates sent to the chat model: embedded,
// versioned text/template files with a system and a user part each, and the
// token budget that trims passages (lowest-ranked first) but never the rules.
//
// Text from articles and from users is fenced: passages sit inside
// <passage n="…">…</passage> and questions inside <question>…</question>, and
// the template functions strip any such tag from the data, so quoted text
// cannot close its fence and pose as instructions.
package prompts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/tiktoken-go/tokenizer"
)

// Template names.
const (
	NameAnswer        = "answer"         // data: AnswerData
	NameRewrite       = "rewrite"        // data: RewriteData
	NameSummaryMap    = "summary-map"    // data: SummaryData
	NameSummaryReduce = "summary-reduce" // data: ReduceData
	NameCompare       = "compare"        // data: CompareData
)

// NoAnswer is the fixed sentence the model is told to reply with when the
// passages do not answer; the answerer detects it to mark a refusal.
const NoAnswer = "The coverage does not say."

// Prompt is one rendered template.
type Prompt struct {
	Name    string // template name
	Version string // template version, recorded with every answer
	System  string // the system message
	User    string // the user message
}

// Passage is one numbered passage as the model sees it.
type Passage struct {
	N      int    // the marker number, [N]
	Outlet string // publishing outlet, may be ""
	Title  string // article title
	Date   string // article publication date, YYYY-MM-DD, may be ""
	Text   string // the passage text
}

// AnswerData fills the answer template.
type AnswerData struct {
	Question string
	Passages []Passage
	NoAnswer string // "" means the package's NoAnswer
}

// Turn is one earlier exchange of a conversation.
type Turn struct{ Question, Answer string }

// RewriteData fills the follow-up rewrite template.
type RewriteData struct {
	History  []Turn // oldest first
	Question string // the follow-up to rewrite
}

// SummaryData fills the summary map template.
type SummaryData struct {
	Scope    string // what is summarised, e.g. "the whole coverage"
	Passages []Passage
	NoAnswer string // "" means the package's NoAnswer
}

// ReduceData fills the summary reduce template.
type ReduceData struct {
	Scope    string
	Partials []string // partial summaries, each citing passages by their global [n]
}

// CompareData fills the compare template.
type CompareData struct {
	Topic string
	// Question is the user's own question when the comparison answers
	// one ("do all the outlets say…"); "" for a bare topic.
	Question string
	Passages []Passage
	NoAnswer string // "" means the package's NoAnswer
}

//go:embed templates/*.tmpl
var files embed.FS

type entry struct {
	version string
	tmpl    *template.Template
}

// loaded parses every embedded template once; a broken embedded template is
// a build bug, reported by every Render call and by the package tests.
var loaded = sync.OnceValues(func() (map[string]entry, error) {
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	out := make(map[string]entry, len(names))
	for _, file := range names {
		b, err := files.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read template %s: %w", file, err)
		}
		first, body, _ := strings.Cut(string(b), "\n")
		version, ok := strings.CutPrefix(first, "version: ")
		if !ok || strings.TrimSpace(version) == "" {
			return nil, fmt.Errorf("template %s: first line must be \"version: …\"", file)
		}
		name := strings.TrimSuffix(path.Base(file), ".tmpl")
		t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(body)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", file, err)
		}
		for _, part := range []string{"system", "user"} {
			if t.Lookup(part) == nil {
				return nil, fmt.Errorf("template %s: no %q part", file, part)
			}
		}
		out[name] = entry{version: strings.TrimSpace(version), tmpl: t}
	}
	return out, nil
})

var funcs = template.FuncMap{
	"data": Fence,
	"attr": attr,
	"inc":  func(i int) int { return i + 1 },
}

// Names lists the template names, sorted.
func Names() []string {
	m, _ := loaded()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Version returns the version of the named template, "" if there is none.
func Version(name string) string {
	m, _ := loaded()
	return m[name].version
}

// ErrUnknown is returned for a template name that does not exist.
var ErrUnknown = errors.New("unknown prompt template")

// Render fills the named template's system and user parts with data.
// Fields named NoAnswer that are empty are filled with the package's NoAnswer.
func Render(name string, data any) (Prompt, error) {
	m, err := loaded()
	if err != nil {
		return Prompt{}, fmt.Errorf("render prompt %s: %w", name, err)
	}
	e, ok := m[name]
	if !ok {
		return Prompt{}, fmt.Errorf("render prompt %s: %w", name, ErrUnknown)
	}
	data = withDefaults(data)
	p := Prompt{Name: name, Version: e.version}
	var b strings.Builder
	if err := e.tmpl.ExecuteTemplate(&b, "system", data); err != nil {
		return Prompt{}, fmt.Errorf("render prompt %s system: %w", name, err)
	}
	p.System = strings.TrimSpace(b.String())
	b.Reset()
	if err := e.tmpl.ExecuteTemplate(&b, "user", data); err != nil {
		return Prompt{}, fmt.Errorf("render prompt %s user: %w", name, err)
	}
	p.User = strings.TrimSpace(b.String())
	return p, nil
}

func withDefaults(data any) any {
	switch d := data.(type) {
	case AnswerData:
		if d.NoAnswer == "" {
			d.NoAnswer = NoAnswer
		}
		return d
	case SummaryData:
		if d.NoAnswer == "" {
			d.NoAnswer = NoAnswer
		}
		return d
	case CompareData:
		if d.NoAnswer == "" {
			d.NoAnswer = NoAnswer
		}
		return d
	}
	return data
}

// fenceTag matches anything that could open or close one of our fences,
// including spaced and upper-case variants such as "< /Passage >".
var fenceTag = regexp.MustCompile(`(?i)<\s*/?\s*(passage|question|history|summary|topic)\b[^<>]*>?`)

// Fence returns s with every fence tag removed, so text from articles or
// users cannot close its fence. Removal repeats until nothing matches, since
// deleting one tag can join the pieces of another.
func Fence(s string) string {
	for fenceTag.MatchString(s) {
		s = fenceTag.ReplaceAllString(s, "")
	}
	return s
}

// attr makes s safe inside a double-quoted attribute on one line.
func attr(s string) string {
	s = Fence(s)
	s = strings.NewReplacer("\"", "'", "\n", " ", "\r", " ", "<", "", ">", "").Replace(s)
	return strings.TrimSpace(s)
}

// ErrBudget is returned when a prompt cannot fit its token budget.
var ErrBudget = errors.New("prompt exceeds token budget")

var codec = sync.OnceValues(func() (tokenizer.Codec, error) {
	return tokenizer.Get(tokenizer.O200kBase)
})

// perMessage approximates the tokens each chat message costs beyond its
// text (role and separators), as OpenAI's cookbook counts them.
const perMessage = 4

// Tokens counts the tokens of s with the o200k_base vocabulary (GPT-4o and
// later); other models' counts differ by a few percent, so budgets should
// keep a margin. It never fails: on a codec error it falls back to a
// conservative estimate of one token per three bytes.
func Tokens(s string) int {
	c, err := codec()
	if err == nil {
		if n, err := c.Count(s); err == nil {
			return n
		}
	}
	return len(s)/3 + 1
}

// PromptTokens counts the tokens of a rendered prompt's two messages.
func PromptTokens(p Prompt) int {
	return Tokens(p.System) + Tokens(p.User) + 2*perMessage + 3
}

// Fit renders the named template with data(ps[:k]) for the largest k whose
// prompt fits budget tokens, dropping passages from the end (lowest-ranked
// first); the rules and the question are never trimmed. It returns the prompt
// and k. Budget <= 0 means no limit. When ps is not empty and not even one
// passage fits, or the prompt does not fit without passages, it returns
// ErrBudget.
func Fit(name string, budget int, ps []Passage, data func(ps []Passage) any) (Prompt, int, error) {
	render := func(k int) (Prompt, bool, error) {
		p, err := Render(name, data(ps[:k]))
		if err != nil {
			return Prompt{}, false, err
		}
		return p, budget <= 0 || PromptTokens(p) <= budget, nil
	}
	p, ok, err := render(len(ps))
	if err != nil || ok {
		return p, len(ps), err
	}
	// Passage costs add up, so binary search for the largest k that fits.
	lo, hi, k := 0, len(ps)-1, -1
	var best Prompt
	for lo <= hi {
		mid := (lo + hi) / 2
		p, ok, err := render(mid)
		if err != nil {
			return Prompt{}, 0, err
		}
		if ok {
			best, k = p, mid
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	if k < 0 || (k == 0 && len(ps) > 0) {
		return Prompt{}, 0, fmt.Errorf("fit prompt %s in %d tokens: %w", name, budget, ErrBudget)
	}
	return best, k, nil
}
