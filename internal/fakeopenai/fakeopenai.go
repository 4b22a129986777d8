// Package fakeopenai is the one fake OpenAI-compatible API of the tests:
// POST /v1/embeddings and streamed POST /v1/chat/completions. It checks
// method, path and key, records every request, and answers normally or
// with the fault a test scripts (429 with or without Retry-After, 5xx, an
// HTML page, a hang, a cut or malformed stream, an error mid-stream, a
// content filter). Serve it on loopback with Start, or in memory with
// Client inside a testing/synctest bubble, where retries and timeouts run
// on the fake clock.
//
// It imports nothing of the module, so that every package's tests can use
// it; the vectors it answers with come from the test (Server.Embed).
package fakeopenai

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/internal/memhttp"
)

// Paths served, under the base URL (Start returns it with /v1).
const (
	PathEmbeddings = "/v1/embeddings"
	PathChat       = "/v1/chat/completions"
)

// DefaultReply is what a chat answer streams when Server.Reply is nil: one
// cited sentence.
var DefaultReply = []string{"The coverage ", "reports it [1]", "."}

// Server is a fake OpenAI-compatible API. Set its fields before the first
// request; it is safe for concurrent requests.
type Server struct {
	// T, when set, fails its test on a request to an unknown path or with
	// the wrong key (the request still gets its 404 or 401).
	T testing.TB
	// Key is the API key requests must carry ("Authorization: Bearer
	// Key"); "" accepts any.
	Key string
	// Embed gives the vectors of an embeddings request, one per input in
	// order. nil answers every embeddings request with a 500.
	Embed func(ctx context.Context, texts []string) ([][]float32, error)
	// Scale multiplies every vector (0 means 1), so that a client that
	// must normalise is seen to.
	Scale float32
	// Reverse lists embeddings in reverse index order, so that a client
	// that must place vectors by index is seen to.
	Reverse bool
	// Reply is the pieces every chat answer streams; nil means
	// DefaultReply.
	Reply []string
	// ReplyFor, when set, makes each chat answer from its request (a model
	// that reads the prompt); it wins over Reply.
	ReplyFor func(r *Request) []string
	// Pace, when set, is the wait before each streamed piece (a model
	// that takes its time).
	Pace func() time.Duration
	// Script is how each request is answered in turn, counted across both
	// endpoints; the last step repeats, and nil answers every request with
	// OK.
	Script []Step

	mu   sync.Mutex
	reqs []*Request
}

// Request is one request the server received.
type Request struct {
	N          int       // 1 for the first request, across both endpoints
	At         time.Time // when it came (the fake clock inside synctest)
	Path       string
	Auth       string // the Authorization header
	Model      string
	Inputs     []string // embeddings: the texts
	Dimensions int      // embeddings: the dimensions asked for, 0 if none
	Stream     bool     // chat: whether a stream was asked for
	Messages   []Message
	Body       map[string]any // the whole JSON body

	hctx context.Context // the HTTP request's
}

func (r *Request) ctx() context.Context { return r.hctx }

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Prompt is a chat request's messages, "role: content" a line.
func (r *Request) Prompt() string {
	var b strings.Builder
	for _, m := range r.Messages {
		fmt.Fprintf(&b, "%s: %s\n", m.Role, m.Content)
	}
	return b.String()
}

// Step answers one request: OK, or one of the faults below, or a test's
// own function (which may call OK to answer normally after a side effect).
type Step func(s *Server, w http.ResponseWriter, r *Request)

// Start serves s on a loopback httptest server, closed when the test ends,
// and returns its base URL (ending in /v1).
func (s *Server) Start(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// Client returns an HTTP client that reaches s in memory, with no socket,
// so that it works inside a synctest bubble. Any base URL will do.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: memhttp.Transport{Handler: s}}
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// Count returns how many requests to path were received ("" counts all).
func (s *Server) Count(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if path == "" || r.Path == path {
			n++
		}
	}
	return n
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if hr.Method != http.MethodPost || (hr.URL.Path != PathEmbeddings && hr.URL.Path != PathChat) {
		s.errorf("fake OpenAI: unexpected %s %s", hr.Method, hr.URL.Path)
		http.Error(w, "unexpected "+hr.Method+" "+hr.URL.Path, http.StatusNotFound)
		return
	}
	auth := hr.Header.Get("Authorization")
	if s.Key != "" && auth != "Bearer "+s.Key {
		s.errorf("fake OpenAI: %s with Authorization %q", hr.URL.Path, auth)
		writeJSON(w, http.StatusUnauthorized, `{"error":{"message":"bad key","type":"invalid_request_error"}}`)
		return
	}
	r := &Request{At: time.Now(), Path: hr.URL.Path, Auth: auth, hctx: hr.Context()}
	raw, err := io.ReadAll(hr.Body)
	if err == nil {
		err = json.Unmarshal(raw, &r.Body)
	}
	var body struct {
		Model      string          `json:"model"`
		Input      json.RawMessage `json:"input"`
		Dimensions int             `json:"dimensions"`
		Stream     bool            `json:"stream"`
		Messages   []Message       `json:"messages"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err == nil && r.Path == PathEmbeddings {
		r.Inputs, err = inputs(body.Input)
	}
	if err != nil {
		http.Error(w, "fake OpenAI: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Model, r.Dimensions, r.Stream, r.Messages = body.Model, body.Dimensions, body.Stream, body.Messages
	s.mu.Lock()
	s.reqs = append(s.reqs, r)
	r.N = len(s.reqs)
	step := Step(OK)
	if len(s.Script) > 0 {
		step = s.Script[min(r.N, len(s.Script))-1]
	}
	s.mu.Unlock()
	step(s, w, r)
}

func (s *Server) errorf(format string, args ...any) {
	if s.T != nil {
		s.T.Errorf(format, args...)
	}
}

// inputs reads an embeddings input: one string or a list of them.
func inputs(raw json.RawMessage) ([]string, error) {
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, fmt.Errorf("input: want a string or a list of strings: %w", err)
	}
	return []string{one}, nil
}

// OK answers normally: vectors from Embed, or Reply streamed with a stop
// and the token usage.
func OK(s *Server, w http.ResponseWriter, r *Request) {
	if r.Path == PathEmbeddings {
		s.embeddings(w, r)
		return
	}
	s.stream(w, r, "")
}

func (s *Server) embeddings(w http.ResponseWriter, r *Request) {
	if s.Embed == nil {
		writeJSON(w, http.StatusInternalServerError, `{"error":{"message":"no embeddings here","type":"server_error"}}`)
		return
	}
	vecs, err := s.Embed(r.ctx(), r.Inputs)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, fmt.Sprintf(`{"error":{"message":%q,"type":"server_error"}}`, err.Error()))
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
	}{Object: "list", Model: r.Model}
	for i, v := range vecs {
		if s.Scale != 0 {
			v = slices.Clone(v)
			for j := range v {
				v[j] *= s.Scale
			}
		}
		resp.Data = append(resp.Data, datum{Object: "embedding", Index: i, Embedding: v})
	}
	if s.Reverse {
		slices.Reverse(resp.Data)
	}
	b, _ := json.Marshal(resp)
	writeJSON(w, http.StatusOK, string(b))
}

// stream streams Reply; fault is "", or how the stream goes wrong: "cut",
// "malformed", "midError", "noChoices" or "filter".
func (s *Server) stream(w http.ResponseWriter, r *Request, fault string) {
	reply := s.Reply
	switch {
	case s.ReplyFor != nil:
		reply = s.ReplyFor(r)
	case reply == nil:
		reply = DefaultReply
	}
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	event := func(data string) {
		io.WriteString(w, "data: "+data+"\n\n")
		if fl != nil {
			fl.Flush()
		}
	}
	chunk := func(content, finish string) {
		fr := "null"
		if finish != "" {
			fr = fmt.Sprintf("%q", finish)
		}
		event(fmt.Sprintf(`{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":%q},"finish_reason":%s}]}`, content, fr))
	}
	io.WriteString(w, ": keepalive\n\n")
	for i, d := range reply {
		switch {
		case fault == "cut" && i == len(reply)/2:
			return // the connection closes mid-answer: no finish_reason, no [DONE]
		case fault == "malformed" && i == 1:
			io.WriteString(w, "data: {\"choices\":[{\"delta\":{\"content\":\"x\"\n\n")
			return
		case fault == "midError" && i == 1:
			event(`{"error":{"message":"upstream overloaded","type":"server_error"}}`)
			return
		case fault == "noChoices" && i == 0:
			event(`{"id":"c1","choices":[],"prompt_filter_results":[]}`)
		}
		if s.Pace != nil {
			time.Sleep(s.Pace())
		}
		chunk(d, "")
	}
	if fault == "filter" {
		chunk("", "content_filter")
	} else {
		chunk("", "stop")
	}
	event(`{"id":"c1","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":7,"total_tokens":127}}`)
	event("[DONE]")
}

// Chat stream faults: each streams Reply and goes wrong on the way.
var (
	// Cut closes the stream halfway, with no finish reason and no [DONE].
	Cut Step = func(s *Server, w http.ResponseWriter, r *Request) { s.stream(w, r, "cut") }
	// Malformed sends a chunk that is not JSON after the first piece.
	Malformed Step = func(s *Server, w http.ResponseWriter, r *Request) { s.stream(w, r, "malformed") }
	// MidError sends an error event after the first piece.
	MidError Step = func(s *Server, w http.ResponseWriter, r *Request) { s.stream(w, r, "midError") }
	// NoChoices sends a chunk with no choices first (Azure's filter
	// results), then the answer.
	NoChoices Step = func(s *Server, w http.ResponseWriter, r *Request) { s.stream(w, r, "noChoices") }
	// Filter ends the answer with finish_reason content_filter.
	Filter Step = func(s *Server, w http.ResponseWriter, r *Request) { s.stream(w, r, "filter") }
)

// Status answers with an OpenAI-style JSON error and code, and a
// Retry-After header when retryAfter is not "".
func Status(code int, retryAfter string) Step {
	return func(_ *Server, w http.ResponseWriter, _ *Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, code, fmt.Sprintf(`{"error":{"message":"failure %d","type":"server_error"}}`, code))
	}
}

// HTML answers with an HTML page (a proxy's or a captive portal's) and
// code.
func HTML(code int) Step {
	return func(_ *Server, w http.ResponseWriter, _ *Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		io.WriteString(w, "<html><body><h1>"+http.StatusText(code)+"</h1>"+strings.Repeat("x", 300)+"</body></html>")
	}
}

// Raw answers 200 with body as JSON, whatever it holds.
func Raw(body string) Step {
	return func(_ *Server, w http.ResponseWriter, _ *Request) { writeJSON(w, http.StatusOK, body) }
}

// SSE answers 200 with an event stream of the given lines, each followed by
// a blank line, and nothing else.
func SSE(lines ...string) Step {
	return func(_ *Server, w http.ResponseWriter, _ *Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, l := range lines {
			io.WriteString(w, l+"\n\n")
		}
	}
}

// Hang answers nothing until the client gives up.
func Hang(_ *Server, _ http.ResponseWriter, r *Request) { <-r.ctx().Done() }

func writeJSON(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	io.WriteString(w, body)
}
