package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/evaluate"
	"github.com/newsbot/newsbot/retrieval"
)

// fakeOpenAI is an OpenAI-compatible server: /v1/embeddings answers with
// the local embedder's vectors, /v1/chat/completions streams a fixed cited
// reply and records every prompt. It checks path, method and key.
type fakeOpenAI struct {
	t   *testing.T
	srv *httptest.Server
	emb *retrieval.Local

	mu         sync.Mutex
	embedCalls int
	prompts    []string // every chat request's messages, joined
	reply      []string // the streamed pieces of every chat reply; nil means a fixed cited sentence
}

const fakeKey = "sk-fake-test-key"

func newFakeOpenAI(t *testing.T) *fakeOpenAI {
	f := &fakeOpenAI{t: t, emb: retrieval.NewLocal(0)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/embeddings", f.embeddings)
	mux.HandleFunc("POST /v1/chat/completions", f.chat)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake OpenAI: unexpected %s %s", r.Method, r.URL.Path)
		http.Error(w, "not here", http.StatusNotFound)
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+fakeKey {
			t.Errorf("fake OpenAI: %s %s with Authorization %q", r.Method, r.URL.Path, got)
			http.Error(w, `{"error":{"message":"bad key"}}`, http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOpenAI) env(data string) env {
	return env{
		"NEWSBOT_DATA_DIR": data,
		"OPENAI_API_KEY":   fakeKey,
		"OPENAI_BASE_URL":  f.srv.URL + "/v1",
		"NEWSBOT_EMBEDDER": "openai",
	}
}

func (f *fakeOpenAI) embeddings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Input json.RawMessage `json:"input"`
		Model string          `json:"model"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var inputs []string
	if err := json.Unmarshal(req.Input, &inputs); err != nil {
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			http.Error(w, "input: "+err.Error(), http.StatusBadRequest)
			return
		}
		inputs = []string{one}
	}
	f.mu.Lock()
	f.embedCalls++
	f.mu.Unlock()
	vecs, err := f.emb.Embed(r.Context(), inputs)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	type datum struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	resp := struct {
		Object string  `json:"object"`
		Model  string  `json:"model"`
		Data   []datum `json:"data"`
	}{Object: "list", Model: req.Model}
	// Answer in reverse order: clients must place vectors by index.
	for i := len(vecs) - 1; i >= 0; i-- {
		resp.Data = append(resp.Data, datum{Object: "embedding", Index: i, Embedding: vecs[i]})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

func (f *fakeOpenAI) chat(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Stream   bool `json:"stream"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil || !req.Stream {
		http.Error(w, "want a streamed chat request", http.StatusBadRequest)
		return
	}
	var prompt strings.Builder
	for _, m := range req.Messages {
		fmt.Fprintf(&prompt, "%s: %s\n", m.Role, m.Content)
	}
	f.mu.Lock()
	f.prompts = append(f.prompts, prompt.String())
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/event-stream")
	reply := []string{"The coverage ", "reports it [1]", "."}
	if f.reply != nil {
		reply = f.reply
	}
	for _, piece := range reply {
		fmt.Fprintf(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q},\"finish_reason\":null}]}\n\n", piece)
	}
	io.WriteString(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
	io.WriteString(w, "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":6,\"total_tokens\":906}}\n\n")
	io.WriteString(w, "data: [DONE]\n\n")
}

func (f *fakeOpenAI) counts() (embeds int, prompts []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.embedCalls, append([]string(nil), f.prompts...)
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
	if ans.Mode != answer.ModeLLM || strings.Count(got, "The coverage reports it [1]") != 1 || !strings.Contains(got, "Sources:\n[1] ") {
		t.Errorf("streamed ask (mode %s) printed:\n%s", ans.Mode, got)
	}
}

// TestEndpointFailures: an endpoint that rejects the key stops `index` with
// a one-line reason naming the status; a chat endpoint that fails gives the
// extractive answer, marked as a fallback.
func TestEndpointFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/embeddings":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"model not found","type":"invalid_request_error"}}`)
		}
	}))
	defer srv.Close()
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
