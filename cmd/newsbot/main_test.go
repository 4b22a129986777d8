package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/evaluate"
)

// env is a fake environment for run.
type env map[string]string

func (e env) get(k string) string { return e[k] }

// result is one run of the command line.
type result struct {
	args           []string
	stdout, stderr string
	err            error
	code           int
}

// invoke calls run as main would and returns what main would show.
func invoke(t *testing.T, e env, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, e.get, &out, &errOut)
	if err != nil {
		fmt.Fprintln(&errOut, "newsbot:", oneLine(err))
	}
	return result{args: args, stdout: out.String(), stderr: errOut.String(), err: err, code: exitCode(err)}
}

// transcript renders a run in the shape of a shell session, with the
// machine-specific paths replaced, for golden files.
func (r result) transcript(replace ...string) string {
	var b strings.Builder
	quoted := make([]string, len(r.args))
	for i, a := range r.args {
		quoted[i] = a
		if a == "" || strings.ContainsAny(a, " \"'?$*") {
			quoted[i] = fmt.Sprintf("%q", a)
		}
	}
	fmt.Fprintf(&b, "$ newsbot %s\n", strings.Join(quoted, " "))
	if r.stdout != "" {
		fmt.Fprintf(&b, "--- stdout\n%s", r.stdout)
		if !strings.HasSuffix(r.stdout, "\n") {
			b.WriteString("\n")
		}
	}
	if r.stderr != "" {
		fmt.Fprintf(&b, "--- stderr\n%s", r.stderr)
	}
	fmt.Fprintf(&b, "--- exit %d\n", r.code)
	s := b.String()
	replace = append(replace, runtime.Version(), "$GOVERSION")
	for i := 0; i+1 < len(replace); i += 2 {
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	// Scores move with every retrieval tweak; the transcript shows their
	// place, not their value.
	s = timeRE.ReplaceAllString(s, "")
	return scoreRE.ReplaceAllString(s, "${1}#.###")
}

var (
	scoreRE = regexp.MustCompile(`((?:score|dense|lexical) )-?\d+\.\d+`)
	timeRE  = regexp.MustCompile(`"time":"[^"]*",|time=\S+ `)
)

// offline returns an environment with no endpoint and a fresh data folder.
func offline(t *testing.T) (env, string) {
	t.Helper()
	data := t.TempDir()
	return env{"NEWSBOT_DATA_DIR": data}, data
}

// TestTranscripts runs the command line as a user would and compares each
// whole session (stdout, stderr, exit status) with a golden transcript.
func TestTranscripts(t *testing.T) {
	brokenCorpus := t.TempDir()
	writeFiles(t, brokenCorpus, map[string]string{
		"tram.md": "---\nid: tram\ntitle: Tram line approved\noutlet: Harbour Gazette\npublished: 2024-05-14\n---\n" +
			"The city council approved the tram line extension on Tuesday. The new line will add seven stops and open in 2027, the mayor said.\n",
		"broken.md": "---\ntitle: Broken\npublished: last week\n---\nText.\n",
		"notes.csv": "ignored,file\n",
	})
	badEval := filepath.Join(t.TempDir(), "bad.jsonl")
	writeFiles(t, filepath.Dir(badEval), map[string]string{
		"bad.jsonl": `{"id":"a","question":"Who?","answerable":false}` + "\n" + `{"id":"b","question":` + "\n",
	})
	badToml := filepath.Join(t.TempDir(), "newsbot.toml")
	writeFiles(t, filepath.Dir(badToml), map[string]string{"newsbot.toml": "top_k = 4\ntopk = 5\n"})

	type step struct {
		env  env // merged over the offline environment
		args []string
	}
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"usage", []step{{nil, nil}, {nil, []string{"frobnicate"}}, {nil, []string{"help", "search"}}, {nil, []string{"help", "nope"}},
			{nil, []string{"ask", "--jsn", "Who?"}}, {nil, []string{"index", "-h"}}}},
		{"version", []step{{nil, []string{"version"}}, {nil, []string{"--version"}}}},
		{"config", []step{
			{env{"NEWSBOT_DATA_DIR": "/var/lib/newsbot", "OPENAI_API_KEY": "sk-secret-key-1234", "DISCORD_TOKEN": "discord-secret-token", "NEWSBOT_TOP_K": "4", "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"},
				[]string{"config", "--rate-limit", "2"}},
		}},
		{"config_invalid", []step{
			{env{"NEWSBOT_DATA_DIR": "/var/lib/newsbot", "NEWSBOT_RATE_LIMIT": "-1", "NEWSBOT_ANSWER_CHANNELS": "general"}, []string{"config"}},
			{nil, []string{"ask", "--config", badToml, "Who?"}},
			{env{"NEWSBOT_TOP_K": "many"}, []string{"search", "troops"}},
		}},
		{"index", []step{{nil, []string{"index"}}, {nil, []string{"index", "--json"}}}},
		{"search", []step{{nil, []string{"search", "-k", "2", "Kremlin declined to confirm"}}, {nil, []string{"search"}}}},
		{"ask", []step{
			{nil, []string{"ask", "Who is South Korea's ambassador to the UN?"}},
			{nil, []string{"ask", "--json", "How did China react to the reports of North Korean troops in Russia?"}},
			{nil, []string{"ask"}},
			{env{"NEWSBOT_MAX_QUESTION_LENGTH": "10"}, []string{"ask", "How many troops were sent?"}},
		}},
		{"corpus_errors", []step{
			{env{"NEWSBOT_CORPUS_DIR": brokenCorpus}, []string{"ask", "When will the tram line open?"}},
			{env{"NEWSBOT_CORPUS_DIR": filepath.Join(brokenCorpus, "missing")}, []string{"index"}},
		}},
		{"eval_errors", []step{
			{nil, []string{"eval", badEval}},
			{nil, []string{"eval"}},
			{nil, []string{"eval", filepath.Join(brokenCorpus, "none.jsonl")}},
		}},
		{"articles", []step{
			{nil, []string{"articles"}},
			{nil, []string{"articles", "--json"}},
			{env{"NEWSBOT_CORPUS_DIR": brokenCorpus}, []string{"articles"}},
			{nil, []string{"articles", "extra"}},
		}},
		{"summary", []step{
			{nil, []string{"summary", "--article", "no-such-article"}},
			{nil, []string{"summary", "--article", "no-such-article.md"}},
			{nil, []string{"summary", "--article", "x", "--topic", "y"}},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, data := offline(t)
			var b strings.Builder
			for _, s := range tt.steps {
				e := env{}
				for k, v := range base {
					e[k] = v
				}
				for k, v := range s.env {
					e[k] = v
				}
				r := invoke(t, e, s.args...)
				b.WriteString(r.transcript(data, "$DATA", brokenCorpus, "$CORPUS", filepath.Dir(badEval), "$EVAL", filepath.Dir(badToml), "$CONF"))
				b.WriteString("\n")
				for _, secret := range []string{"sk-secret-key-1234", "discord-secret-token"} {
					if strings.Contains(r.stdout+r.stderr, secret) {
						t.Errorf("newsbot %s shows a secret", strings.Join(s.args, " "))
					}
				}
			}
			golden.Check(t, "transcripts/"+tt.name, []byte(b.String()))
		})
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAskJSONShape checks ask --json against docs/INTERFACE.md: the fields and
// their types, every [n] in the answer resolving to a citation and every
// citation used.
func TestAskJSONShape(t *testing.T) {
	e, _ := offline(t)
	r := invoke(t, e, "ask", "--json", "How many troops did South Korea's spy agency say North Korea decided to send to Russia?")
	if r.err != nil {
		t.Fatalf("ask --json: %v\n%s", r.err, r.stderr)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("ask --json printed no JSON object: %v\n%s", err, r.stdout)
	}
	for _, k := range []string{"question", "answer", "refused", "mode", "citations"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("ask --json lacks %q", k)
		}
	}
	var out struct {
		Question  string          `json:"question"`
		Answer    string          `json:"answer"`
		Refused   bool            `json:"refused"`
		Mode      string          `json:"mode"`
		Reason    json.RawMessage `json:"reason"` // fields of our own choosing; verdict, code and text checked below
		Citations []struct {
			N         int    `json:"n"`
			ArticleID string `json:"article_id"`
			Title     string `json:"title"`
			Outlet    string `json:"outlet"`
			Published string `json:"published"`
			URL       string `json:"url"`
			ChunkID   string `json:"chunk_id"`
			Text      string `json:"text"`
		} `json:"citations"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("ask --json shape: %v", err)
	}
	if out.Refused || out.Mode != "extractive" || len(out.Citations) == 0 {
		t.Fatalf("ask --json = refused %v, mode %q, %d citations; want an extractive answer with citations", out.Refused, out.Mode, len(out.Citations))
	}
	var reason struct{ Verdict, Code, Text string }
	if err := json.Unmarshal(out.Reason, &reason); err != nil || reason.Verdict != "answer" || reason.Code == "" || reason.Text == "" {
		t.Errorf("ask --json reason = %s (%v); want the answer verdict with its code and text", out.Reason, err)
	}
	cited := map[int]bool{}
	for _, n := range markers(out.Answer) {
		cited[n] = true
	}
	for i, c := range out.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has n %d; want dense from 1", i, c.N)
		}
		if !cited[c.N] {
			t.Errorf("citation %d is not cited in the answer", c.N)
		}
		if c.ArticleID == "" || c.ChunkID == "" || c.Text == "" || c.Title == "" {
			t.Errorf("citation %d lacks article_id, chunk_id, title or text: %+v", c.N, c)
		}
		delete(cited, c.N)
	}
	if len(cited) > 0 {
		t.Errorf("markers without citations: %v", cited)
	}
	if !strings.Contains(out.Answer, "12,000") {
		t.Errorf("answer %q lacks 12,000", out.Answer)
	}
}

// markers returns the numbers of the [n] and [n, m] markers in s.
func markers(s string) []int {
	var ns []int
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			return ns
		}
		s = s[i+1:]
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return ns
		}
		for part := range strings.SplitSeq(s[:j], ",") {
			var n int
			if _, err := fmt.Sscanf(strings.TrimSpace(part), "%d", &n); err == nil {
				ns = append(ns, n)
			}
		}
		s = s[j+1:]
	}
}

func TestSecondIndexUnchanged(t *testing.T) {
	e, _ := offline(t)
	first := invoke(t, e, "index", "--json")
	second := invoke(t, e, "index", "--json")
	if first.err != nil || second.err != nil {
		t.Fatalf("index: %v / %v", first.err, second.err)
	}
	var a, b struct{ Passages, Added, Updated, Removed, Unchanged, Embedded int }
	if err := errors.Join(json.Unmarshal([]byte(first.stdout), &a), json.Unmarshal([]byte(second.stdout), &b)); err != nil {
		t.Fatal(err)
	}
	if a.Added != a.Passages || a.Passages == 0 {
		t.Errorf("first index added %d of %d passages", a.Added, a.Passages)
	}
	if b.Unchanged != b.Passages || b.Added+b.Updated+b.Removed+b.Embedded != 0 {
		t.Errorf("second index = %+v; want every passage unchanged and nothing embedded", b)
	}
}

func TestVersionFromLdflags(t *testing.T) {
	version, commit = "v1.2.3", "abc1234"
	defer func() { version, commit = "", "" }()
	r := invoke(t, env{}, "version", "--json")
	var v map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	if v["version"] != "v1.2.3" || v["commit"] != "abc1234" || v["go"] != runtime.Version() {
		t.Errorf("version --json = %v", v)
	}
}

func TestExitCodes(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
	}{
		{nil, 0},
		{errors.New("x"), 1},
		{usagef("bad"), 2},
		{fmt.Errorf("wrapped: %w", usagef("bad")), 2},
	} {
		if got := exitCode(tt.err); got != tt.code {
			t.Errorf("exitCode(%v) = %d; want %d", tt.err, got, tt.code)
		}
	}
	if got := oneLine(errors.Join(errors.New("a"), errors.New("b"))); got != "a; b" {
		t.Errorf("oneLine = %q", got)
	}
}

// TestEvalOfflineBars holds the offline answers to the figures they reach
// on the question sets the answers issue names, less a question or so of
// margin (measured figures in the comments), so that a fall shows in CI.
// reuters-acq is held to the issue's own bars, which it meets.
// offlineBar is a question set, its corpus ("" for the bundled
// coverage) and the figures it is held to offline.
type offlineBar struct {
	set, corpus           string
	evidence, hit, refuse float64
}

// offlineBars are the sets TestEvalOfflineBars and TestEvalChatTyped hold
// to their bars.
func offlineBars() []offlineBar {
	root := filepath.Join("..", "..", "testdata")
	return []offlineBar{
		// measured 0.850 (34/40), 0.850, 1.000 (20/20): the bars
		{filepath.Join(root, "eval", "dev2.jsonl"), "", 0.85, 0.80, 0.90},
		// measured 0.893 (25/28), 0.857, 1.000 (12/12): the bars
		{filepath.Join(root, "corpora", "reuters-acq.jsonl"), filepath.Join(root, "corpora", "reuters-acq"), 0.85, 0.80, 0.90},
		// measured 0.893 (25/28), 0.857, 0.917 (11/12)
		{filepath.Join(root, "corpora", "reuters-crude.jsonl"), filepath.Join(root, "corpora", "reuters-crude"), 0.85, 0.80, 0.83},
	}
}

// evalOffline runs question set file through `newsbot eval --json`
// offline, on corpus when it is not "".
func evalOffline(t *testing.T, file, corpus string) evaluate.Report {
	t.Helper()
	e, _ := offline(t)
	if corpus != "" {
		e["NEWSBOT_CORPUS_DIR"] = corpus
	}
	r := invoke(t, e, "eval", "--json", file)
	if r.err != nil {
		t.Fatalf("eval: %v\n%s", r.err, r.stderr)
	}
	var rep evaluate.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestEvalOfflineBars(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three question sets through the app")
	}
	for _, tt := range offlineBars() {
		t.Run(filepath.Base(tt.set), func(t *testing.T) {
			rep := evalOffline(t, tt.set, tt.corpus)
			t.Logf("evidence recall %s, answer hits %s, refusal accuracy %s", rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy)
			if rep.EvidenceRecall.Rate < tt.evidence || rep.AnswerHitRate.Rate < tt.hit || rep.RefusalAccuracy.Rate < tt.refuse || rep.CitationIntegrity.Rate != 1 {
				t.Errorf("evidence recall %s, answer hits %s, refusal accuracy %s, citation integrity %s; want >= %.2f, %.2f, %.2f and 1",
					rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy, rep.CitationIntegrity, tt.evidence, tt.hit, tt.refuse)
			}
		})
	}
}

// TestEvalOffline runs the dev and own question sets through `newsbot eval`
// offline (local embedder, extractive answers) and holds the dev set to the
// first slice's bar: evidence recall >= 0.9 (counting only a citation's own
// passage, not the near-copies collapsed into it), context recall >= 0.9,
// every unanswerable question refused, no answerable one refused, citation
// integrity 1. The own set is held to citation integrity 1 and refusal
// accuracy of at least ownRefusalBar (measured 0.875 once the decision
// moved to the answerer and meaning similarity joined it): its paraphrases
// are written to defeat lexical retrieval, and its figures are logged.
func TestEvalOffline(t *testing.T) {
	const ownRefusalBar = 0.85
	for _, name := range []string{"dev", "own"} {
		t.Run(name, func(t *testing.T) {
			e, _ := offline(t)
			r := invoke(t, e, "eval", "--json", filepath.Join("..", "..", "testdata", "eval", name+".jsonl"))
			if r.err != nil {
				t.Fatalf("eval: %v\n%s", r.err, r.stderr)
			}
			var rep evaluate.Report
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: evidence recall %s, context recall %s, answer hits %s, refusal accuracy %s, answerable refused %d, citation integrity %s",
				name, rep.EvidenceRecall, rep.ContextRecall, rep.AnswerHitRate, rep.RefusalAccuracy, rep.AnswerableRefused, rep.CitationIntegrity)
			bar := 1.0
			if name == "own" {
				bar = ownRefusalBar
			}
			if rep.CitationIntegrity.Rate != 1 || rep.RefusalAccuracy.Rate < bar {
				t.Errorf("citation integrity %s, refusal accuracy %s; want 1 and >= %.2f", rep.CitationIntegrity, rep.RefusalAccuracy, bar)
			}
			if name == "dev" && (rep.ContextRecall.Rate < 0.9 || rep.EvidenceRecall.Rate < 0.9 || rep.AnswerableRefused > 0) {
				t.Errorf("dev: context recall %s, evidence recall %s, %d answerable refused; want >= 0.9, >= 0.9 and 0",
					rep.ContextRecall, rep.EvidenceRecall, rep.AnswerableRefused)
			}
		})
	}
}
