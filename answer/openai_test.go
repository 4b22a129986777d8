package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsbot/newsbot/internal/memhttp"
)

const testKey = "sk-test-secret-key"

// fakeChat is an OpenAI-compatible /v1/chat/completions endpoint. Each
// request takes the next behaviour of script (the last one repeats).
type fakeChat struct {
	t        testing.TB
	mu       sync.Mutex
	script   []string // behaviours: "ok", "429", "500", "502html", "cut", "malformed", "hang", "midError", "noChoices", "filter"
	answer   []string // deltas of an "ok" answer
	requests atomic.Int32
	bodies   []map[string]any
}

func (f *fakeChat) next() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := int(f.requests.Load()) - 1
	if n >= len(f.script) {
		n = len(f.script) - 1
	}
	return f.script[n]
}

func (f *fakeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		http.Error(w, `{"error":{"message":"bad key","type":"auth"}}`, http.StatusUnauthorized)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	f.mu.Unlock()
	behaviour := f.next()
	switch behaviour {
	case "429":
		w.Header().Set("Retry-After", "0")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"message":"rate limited","type":"requests","code":"rate_limit_exceeded"}}`)
		return
	case "500":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"error":{"message":"boom","type":"server_error"}}`)
		return
	case "502html":
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body>Bad gateway "+strings.Repeat("x", 500)+"</body></html>")
		return
	case "hang":
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	chunk := func(content string, finish string) {
		fr := "null"
		if finish != "" {
			fr = fmt.Sprintf("%q", finish)
		}
		fmt.Fprintf(w, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q},\"finish_reason\":%s}]}\n\n", content, fr)
		if fl != nil {
			fl.Flush()
		}
	}
	io.WriteString(w, ": keepalive\n\n")
	for i, d := range f.answer {
		if behaviour == "cut" && i == len(f.answer)/2 {
			return // connection closes mid-answer, no finish_reason, no [DONE]
		}
		if behaviour == "malformed" && i == 1 {
			io.WriteString(w, "data: {\"choices\":[{\"delta\":{\"content\":\"x\"\n\n")
			return
		}
		if behaviour == "midError" && i == 1 {
			io.WriteString(w, "data: {\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}\n\n")
			return
		}
		if behaviour == "noChoices" && i == 0 {
			io.WriteString(w, "data: {\"id\":\"c1\",\"choices\":[],\"prompt_filter_results\":[]}\n\n")
		}
		chunk(d, "")
	}
	if behaviour == "filter" {
		chunk("", "content_filter")
	} else {
		chunk("", "stop")
	}
	io.WriteString(w, "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":7,\"total_tokens\":127}}\n\n")
	io.WriteString(w, "data: [DONE]\n\n")
}

func newFakeChat(t *testing.T, answer []string, script ...string) (*fakeChat, *httptest.Server) {
	t.Helper()
	f := &fakeChat{t: t, script: script, answer: answer}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func testModel(srv *httptest.Server, opts OpenAIOptions) *OpenAI {
	opts.BaseURL = srv.URL + "/v1"
	opts.APIKey = testKey
	if opts.Model == "" {
		opts.Model = "test-model"
	}
	if opts.RetryBase == 0 {
		opts.RetryBase = time.Millisecond
	}
	return NewOpenAI(opts)
}

func collect(ctx context.Context, m ChatModel, req ChatRequest) (string, error) {
	var b strings.Builder
	err := m.Stream(ctx, req, func(d string) error { b.WriteString(d); return nil })
	return b.String(), err
}

var hello = ChatRequest{Messages: []Message{{Role: "system", Content: "rules"}, {Role: "user", Content: "hi"}}}

func TestOpenAIStream(t *testing.T) {
	deltas := []string{"South Korea's spy agency ", "said 12,000 ", "troops [1]."}
	for _, tt := range []struct {
		name     string
		script   []string
		want     string
		wantErr  error
		status   int
		requests int32
	}{
		{"ok", []string{"ok"}, strings.Join(deltas, ""), nil, 0, 1},
		{"empty choices skipped", []string{"noChoices"}, strings.Join(deltas, ""), nil, 0, 1},
		{"429 then ok", []string{"429", "ok"}, strings.Join(deltas, ""), nil, 0, 2},
		{"500 then ok", []string{"500", "500", "ok"}, strings.Join(deltas, ""), nil, 0, 3},
		{"500 always", []string{"500"}, "", nil, 500, 3},
		{"502 html", []string{"502html"}, "", nil, 502, 3},
		{"cut mid-answer", []string{"cut"}, "", ErrTruncated, 0, 1},
		{"malformed chunk", []string{"malformed"}, "", nil, 0, 1},
		{"error mid-stream", []string{"midError"}, "", nil, 0, 1},
		{"content filter", []string{"filter"}, "", ErrFiltered, 0, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeChat(t, deltas, tt.script...)
			m := testModel(srv, OpenAIOptions{MaxRetries: 2})
			var usage Usage
			req := hello
			req.OnUsage = func(u Usage) { usage = u }
			got, err := collect(t.Context(), m, req)
			if n := f.requests.Load(); n != tt.requests {
				t.Errorf("server saw %d requests; want %d", n, tt.requests)
			}
			wantOK := tt.want != ""
			if wantOK {
				if err != nil {
					t.Fatalf("Stream: %v", err)
				}
				if got != tt.want {
					t.Errorf("text = %q; want %q", got, tt.want)
				}
				if usage.PromptTokens != 120 || usage.CompletionTokens != 7 {
					t.Errorf("usage = %+v; want 120/7", usage)
				}
				return
			}
			if err == nil {
				t.Fatalf("Stream succeeded with %q; want an error", got)
			}
			me, ok := errors.AsType[*ModelError](err)
			if !ok {
				t.Fatalf("error %v (%T) is not a *ModelError", err, err)
			}
			if me.Status != tt.status {
				t.Errorf("status = %d; want %d (%v)", me.Status, tt.status, err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v; want %v", err, tt.wantErr)
			}
			host := strings.TrimPrefix(srv.URL, "http://")
			if !strings.Contains(err.Error(), host) {
				t.Errorf("error %q does not name the host %s", err, host)
			}
			if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "<html>") {
				t.Errorf("error %q leaks the key or the raw body", err)
			}
		})
	}
}

func TestOpenAIRequestBody(t *testing.T) {
	f, srv := newFakeChat(t, []string{"ok"}, "ok")
	if _, err := collect(t.Context(), testModel(srv, OpenAIOptions{Model: "llama3.1", MaxTokens: 300}), hello); err != nil {
		t.Fatal(err)
	}
	b := f.bodies[0]
	if b["model"] != "llama3.1" || b["stream"] != true {
		t.Errorf("model/stream = %v/%v", b["model"], b["stream"])
	}
	if temp, ok := b["temperature"].(float64); !ok || temp <= 0 || temp > 1e-3 {
		t.Errorf("temperature = %v; want a tiny non-zero value (0 is dropped by go-openai)", b["temperature"])
	}
	if b["max_tokens"] != float64(300) {
		t.Errorf("max_tokens = %v; want 300", b["max_tokens"])
	}
	if so, _ := b["stream_options"].(map[string]any); so["include_usage"] != true {
		t.Errorf("stream_options = %v; want include_usage", b["stream_options"])
	}
	msgs, _ := b["messages"].([]any)
	if len(msgs) != 2 {
		t.Errorf("messages = %v", msgs)
	}
}

// TestOpenAIDeadline: a server that never answers ends in the caller's
// deadline, reported as such, not a hang.
func TestOpenAIDeadline(t *testing.T) {
	_, srv := newFakeChat(t, nil, "hang")
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := collect(ctx, testModel(srv, OpenAIOptions{}), hello)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want context.DeadlineExceeded", err)
	}
	if _, ok := errors.AsType[*ModelError](err); !ok {
		t.Errorf("err %T is not a *ModelError", err)
	}
}

// TestRetryAfterHonoured checks on a fake clock that a 429's Retry-After is
// waited out before the retry, and that a Retry-After beyond MaxRetryWait
// or the deadline ends the retries at once.
func TestRetryAfterHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var times []time.Time
		retryAfter := "3"
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			times = append(times, time.Now())
			if len(times) == 1 {
				w.Header().Set("Retry-After", retryAfter)
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"error":{"message":"slow down"}}`)
				return
			}
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
		})
		m := NewOpenAI(OpenAIOptions{BaseURL: "http://fake.invalid/v1", APIKey: testKey,
			HTTPClient: &http.Client{Transport: memhttp.Transport{Handler: h}}})
		got, err := collect(t.Context(), m, hello)
		if err != nil || got != "ok" {
			t.Fatalf("Stream = %q, %v", got, err)
		}
		if len(times) != 2 {
			t.Fatalf("%d requests; want 2", len(times))
		}
		if d := times[1].Sub(times[0]); d < 3*time.Second {
			t.Errorf("retried after %v; want >= Retry-After 3s", d)
		}

		// Retry-After longer than MaxRetryWait: give up at once with the 429.
		times, retryAfter = nil, "3600"
		_, err = collect(t.Context(), m, hello)
		if me, ok := errors.AsType[*ModelError](err); !ok || me.Status != 429 {
			t.Fatalf("err = %v; want a 429 ModelError", err)
		}
		if len(times) != 1 {
			t.Errorf("%d requests; want 1", len(times))
		}
	})
}

// TestTimeoutOption: the model's own Timeout ends a hung request as a
// ModelError naming the timeout, on a fake clock.
func TestTimeoutOption(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		m := NewOpenAI(OpenAIOptions{BaseURL: "http://fake.invalid/v1", Timeout: 5 * time.Second,
			HTTPClient: &http.Client{Transport: memhttp.Transport{Handler: h}}})
		start := time.Now()
		_, err := collect(t.Context(), m, hello)
		me, ok := errors.AsType[*ModelError](err)
		if !ok || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v; want a ModelError with DeadlineExceeded", err)
		}
		if me.Reason() != "timeout from fake.invalid" {
			t.Errorf("Reason() = %q", me.Reason())
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("gave up after %v; want 5s", d)
		}
	})
}

// fnErr: an error returned by the caller's fn stops the stream unchanged.
func TestStreamCallbackError(t *testing.T) {
	_, srv := newFakeChat(t, []string{"a", "b", "c"}, "ok")
	stop := errors.New("stop")
	n := 0
	err := testModel(srv, OpenAIOptions{}).Stream(t.Context(), hello, func(string) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d deltas; want stop after 1", err, n)
	}
}

// TestOpenAIUnreachable: a refused connection is a ModelError naming the
// host, never the URL's credentials.
func TestOpenAIUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.Listener.Addr().String()
	srv.Close()
	m := NewOpenAI(OpenAIOptions{BaseURL: "http://user:hunter2@" + addr + "/v1?api-key=hunter2", APIKey: testKey, MaxRetries: -1})
	_, err := collect(t.Context(), m, hello)
	me, ok := errors.AsType[*ModelError](err)
	if !ok {
		t.Fatalf("err = %v (%T); want a ModelError", err, err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), testKey) {
		t.Errorf("error leaks a secret: %v", err)
	}
	if me.Reason() != "request to "+addr+" failed" || !strings.Contains(err.Error(), addr) {
		t.Errorf("Reason() = %q, error %q", me.Reason(), err)
	}
}
