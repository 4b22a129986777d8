package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/internal/fakeopenai"
	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/evaluate"
	"github.com/newsbot/newsbot/retrieval"
)

// fakeOpenAI is the fake OpenAI-compatible API (internal/fakeopenai) as
// these tests use it: embeddings from the local embedder, listed in reverse
// order; chat streaming Reply (a cited sentence unless set); the key checked.
type fakeOpenAI struct {
	*fakeopenai.Server
	url string // base URL, ending in /v1
}

const fakeKey = "sk-fake-test-key"

func newFakeOpenAI(t *testing.T) *fakeOpenAI {
	s := &fakeopenai.Server{T: t, Key: fakeKey, Embed: retrieval.NewLocal(0).Embed, Reverse: true}
	return &fakeOpenAI{Server: s, url: s.Start(t)}
}

func (f *fakeOpenAI) env(data string) env {
	return env{
		"NEWSBOT_DATA_DIR": data,
		"OPENAI_API_KEY":   fakeKey,
		"OPENAI_BASE_URL":  f.url,
		"NEWSBOT_EMBEDDER": "openai",
	}
}

// counts returns how many embedding requests came, and every chat prompt.
func (f *fakeOpenAI) counts() (embeds int, prompts []string) {
	for _, r := range f.Requests() {
		if r.Path == fakeopenai.PathChat {
			prompts = append(prompts, r.Prompt())
		} else {
			embeds++
		}
	}
	return embeds, prompts
}

// TestOpenAIEmbedderSecondIndexEmbedsNothing: the first index embeds every
// passage through the endpoint; a second one, with the corpus unchanged,
// makes no embedding call at all.
func TestOpenAIEmbedderSecondIndexEmbedsNothing(t *testing.T) {
	f := newFakeOpenAI(t)
	e := f.env(t.TempDir())
	first := invoke(t, e, "index", "--json")
	if first.err != nil {
		t.Fatalf("first index: %v\n%s", first.err, first.stderr)
	}
	calls, _ := f.counts()
	if calls == 0 {
		t.Fatal("first index made no embedding call")
	}
	second := invoke(t, e, "index", "--json")
	if second.err != nil {
		t.Fatalf("second index: %v\n%s", second.err, second.stderr)
	}
	var rep struct{ Passages, Unchanged, Embedded int }
	if err := json.Unmarshal([]byte(second.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	after, _ := f.counts()
	if after != calls || rep.Unchanged != rep.Passages || rep.Embedded != 0 {
		t.Errorf("second index: %d more embedding calls, report %+v; want none and all unchanged", after-calls, rep)
	}

	// The local embedder's index lives in another collection: switching
	// embedders never mixes vectors.
	e["NEWSBOT_EMBEDDER"] = "local"
	local := invoke(t, e, "index", "--json")
	var lrep struct{ Added, Passages int }
	if err := json.Unmarshal([]byte(local.stdout), &lrep); err != nil || lrep.Added != lrep.Passages {
		t.Errorf("index with the local embedder after openai = %s (%v); want every passage added to its own collection", local.stdout, err)
	}
}

// TestEvalWithChatModel runs `newsbot eval` on the dev set against the fake
// endpoint and measures context recall twice: from the report (evidence in
// a passage given to the model) and from the prompts the server received.
func TestEvalWithChatModel(t *testing.T) {
	f := newFakeOpenAI(t)
	e := f.env(t.TempDir())
	devPath := filepath.Join("..", "..", "testdata", "eval", "dev.jsonl")
	r := invoke(t, e, "eval", "--json", devPath)
	if r.err != nil {
		t.Fatalf("eval: %v\n%s", r.err, r.stderr)
	}
	var rep evaluate.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.ContextRecall.Rate < 0.9 {
		t.Errorf("context recall (report) = %s; want >= 0.9", rep.ContextRecall)
	}
	// With a model, only questions with no plausible passage are refused
	// before it; this fake answers whatever it is asked, so only the one
	// naming what the coverage never mentions (China) must be refused.
	for _, res := range rep.Results {
		if res.ID == "d14" && !res.Refused {
			t.Errorf("d14 (China, never mentioned) answered with a model: %s", res.Answer)
		}
	}
	t.Logf("refusal accuracy with a model that answers everything: %s", rep.RefusalAccuracy)
	if rep.CitationIntegrity.Rate != 1 {
		t.Errorf("citation integrity = %s; want 1", rep.CitationIntegrity)
	}
	for _, res := range rep.Results {
		if res.Answerable && res.Mode != "llm" {
			t.Errorf("%s answered in mode %q; want llm", res.ID, res.Mode)
		}
	}

	// Context recall from the prompts themselves.
	file, err := os.Open(devPath)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := evaluate.Read(file, devPath)
	file.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, prompts := f.counts()
	var hit, total int
	for _, c := range cases {
		if !c.Answerable {
			continue
		}
		total++
		found := false
		for _, p := range prompts {
			np := evaluate.Normalize(p)
			if !strings.Contains(np, evaluate.Normalize(c.Question)) {
				continue
			}
			for _, ev := range c.EvidenceAny {
				if strings.Contains(np, evaluate.Normalize(ev)) {
					found = true
				}
			}
		}
		if found {
			hit++
		} else {
			t.Logf("%s: no prompt with its evidence", c.ID)
		}
	}
	t.Logf("context recall from recorded prompts: %d/%d; report: %s", hit, total, rep.ContextRecall)
	if float64(hit) < 0.9*float64(total) {
		t.Errorf("context recall from prompts = %d/%d; want >= 0.9", hit, total)
	}
}

// TestStreamedAsk streams an LLM answer as a terminal would see it: the
// text as it arrives, then the sources; the text is not printed twice.
func TestStreamedAsk(t *testing.T) {
	f := newFakeOpenAI(t)
	f.ReplyFor = (&overlapModel{t: t}).reply // a reply that answers: an answer resting on no sentence that does is withheld
	var out, errOut bytes.Buffer
	c := &cli{getenv: f.env(t.TempDir()).get, stdout: &out, stderr: &errOut}
	a, err := newApp(c, (*config.Config).Validate, true)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := a.prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req := answer.Request{Question: "What did Russia's UN ambassador call the claims?"}
	streamed := streamTo(c, &req.OnDelta, true)
	ans, err := a.answerer(ix).Ask(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if err := printAnswer(&out, ans, streamed, ""); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if ans.Mode != answer.ModeLLM || ans.Refused || strings.Count(got, ans.Text) != 1 || !strings.Contains(got, "Sources:\n[1] ") {
		t.Errorf("streamed ask (mode %s) printed:\n%s", ans.Mode, got)
	}
}

// TestEndpointFailures: an endpoint that rejects the key stops `index` with
// a one-line reason naming the status; a chat endpoint that fails gives the
// extractive answer, marked as a fallback.
func TestEndpointFailures(t *testing.T) {
	f := &fakeopenai.Server{Script: []fakeopenai.Step{func(_ *fakeopenai.Server, w http.ResponseWriter, r *fakeopenai.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Path == fakeopenai.PathEmbeddings {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"message":"model not found","type":"invalid_request_error"}}`)
	}}}
	srv := struct{ URL string }{strings.TrimSuffix(f.Start(t), "/v1")}
	data := t.TempDir()
	e := env{"NEWSBOT_DATA_DIR": data, "OPENAI_API_KEY": "sk-wrong-key-5678", "OPENAI_BASE_URL": srv.URL + "/v1"}
	var b strings.Builder
	r := invoke(t, e, "index")
	b.WriteString(r.transcript(data, "$DATA", srv.URL, "$URL", strings.TrimPrefix(srv.URL, "http://"), "$HOST"))
	if r.code != 1 {
		t.Errorf("index with a rejected key: exit %d; want 1", r.code)
	}
	e["NEWSBOT_EMBEDDER"] = "local"
	r = invoke(t, e, "ask", "What did Russia's UN ambassador call the claims?")
	b.WriteString("\n" + r.transcript(data, "$DATA", srv.URL, "$URL", strings.TrimPrefix(srv.URL, "http://"), "$HOST"))
	if r.code != 0 || !strings.Contains(r.stdout, "extractive answer: the chat model failed") {
		t.Errorf("ask with a failing chat model: exit %d, output %q; want the marked extractive fallback", r.code, r.stdout)
	}
	if strings.Contains(b.String(), "sk-wrong-key-5678") {
		t.Error("output shows the API key")
	}
	golden.Check(t, "transcripts/endpoint_errors", []byte(b.String()))
}
