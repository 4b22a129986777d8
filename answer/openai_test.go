package answer

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsbot/newsbot/internal/fakeopenai"
)

const testKey = "sk-test-secret-key"

// behaviours names the chat endpoint's answers, for tables.
var behaviours = map[string]fakeopenai.Step{
	"ok": fakeopenai.OK, "429": fakeopenai.Status(429, "0"), "500": fakeopenai.Status(500, ""),
	"502html": fakeopenai.HTML(502), "cut": fakeopenai.Cut, "malformed": fakeopenai.Malformed,
	"hang": fakeopenai.Hang, "midError": fakeopenai.MidError, "noChoices": fakeopenai.NoChoices,
	"filter": fakeopenai.Filter,
}

// fakeChat is the fake OpenAI-compatible API streaming answer, each
// request answered by the next of script (named in behaviours; the last
// repeats).
func fakeChat(t testing.TB, answer []string, script ...string) *fakeopenai.Server {
	f := &fakeopenai.Server{T: t, Key: testKey, Reply: answer}
	for _, b := range script {
		step, ok := behaviours[b]
		if !ok {
			t.Fatalf("no behaviour %q", b)
		}
		f.Script = append(f.Script, step)
	}
	return f
}

// newFakeChat serves fakeChat on loopback and returns it with its base URL.
func newFakeChat(t *testing.T, answer []string, script ...string) (*fakeopenai.Server, string) {
	t.Helper()
	f := fakeChat(t, answer, script...)
	return f, f.Start(t)
}

func testModel(baseURL string, opts OpenAIOptions) *OpenAI {
	opts.BaseURL = baseURL
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
			if n := int32(f.Count("")); n != tt.requests {
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
			host := strings.TrimSuffix(strings.TrimPrefix(srv, "http://"), "/v1")
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
	b := f.Requests()[0].Body
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
		f := fakeChat(t, []string{"ok"})
		f.Script = []fakeopenai.Step{fakeopenai.Status(429, "3"), fakeopenai.OK}
		m := NewOpenAI(OpenAIOptions{BaseURL: "http://fake.invalid/v1", APIKey: testKey, HTTPClient: f.Client()})
		got, err := collect(t.Context(), m, hello)
		if err != nil || got != "ok" {
			t.Fatalf("Stream = %q, %v", got, err)
		}
		reqs := f.Requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests; want 2", len(reqs))
		}
		if d := reqs[1].At.Sub(reqs[0].At); d < 3*time.Second {
			t.Errorf("retried after %v; want >= Retry-After 3s", d)
		}

		// Retry-After longer than MaxRetryWait: give up at once with the 429.
		f = fakeChat(t, []string{"ok"})
		f.Script = []fakeopenai.Step{fakeopenai.Status(429, "3600"), fakeopenai.OK}
		m = NewOpenAI(OpenAIOptions{BaseURL: "http://fake.invalid/v1", APIKey: testKey, HTTPClient: f.Client()})
		_, err = collect(t.Context(), m, hello)
		if me, ok := errors.AsType[*ModelError](err); !ok || me.Status != 429 {
			t.Fatalf("err = %v; want a 429 ModelError", err)
		}
		if n := f.Count(""); n != 1 {
			t.Errorf("%d requests; want 1", n)
		}
	})
}

// TestTimeoutOption: the model's own Timeout ends a hung request as a
// ModelError naming the timeout, on a fake clock.
func TestTimeoutOption(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := fakeChat(t, nil, "hang")
		m := NewOpenAI(OpenAIOptions{BaseURL: "http://fake.invalid/v1", APIKey: testKey, Timeout: 5 * time.Second,
			HTTPClient: f.Client()})
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
