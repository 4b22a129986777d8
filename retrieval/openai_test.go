package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "sk-test-SECRET-0123456789"

// embedCall is one request the fake endpoint received.
type embedCall struct {
	auth       string
	inputs     []string
	dimensions int
	model      string
}

// fakeEmbedServer is an OpenAI-compatible /v1/embeddings endpoint. respond
// decides each call's answer; nil means a normal answer. Vectors come from
// the local embedder at 16 dims, scaled by 3 so the client must normalise.
type fakeEmbedServer struct {
	*httptest.Server
	mu      sync.Mutex
	calls   []embedCall
	respond func(n int, c embedCall, w http.ResponseWriter) bool // true: handled
	reverse bool                                                 // answer in reverse index order
}

func newFakeEmbedServer(t *testing.T) *fakeEmbedServer {
	t.Helper()
	f := &fakeEmbedServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(w, "not found", http.StatusNotFound)
	})
	mux.HandleFunc("POST /v1/embeddings", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input      []string `json:"input"`
			Model      string   `json:"model"`
			Dimensions int      `json:"dimensions"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c := embedCall{auth: r.Header.Get("Authorization"), inputs: req.Input, dimensions: req.Dimensions, model: req.Model}
		f.mu.Lock()
		f.calls = append(f.calls, c)
		n := len(f.calls)
		respond, reverse := f.respond, f.reverse
		f.mu.Unlock()
		if respond != nil && respond(n, c, w) {
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		vecs, _ := NewLocal(16).Embed(r.Context(), req.Input)
		var data []item
		for i, v := range vecs {
			for j := range v {
				v[j] *= 3
			}
			data = append(data, item{"embedding", v, i})
		}
		if reverse {
			slices.Reverse(data)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Model})
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeEmbedServer) Calls() []embedCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// newTestOpenAI returns an embedder for f whose waits are recorded, not slept.
func newTestOpenAI(f *fakeEmbedServer, opts OpenAIOptions) (*OpenAI, *[]time.Duration) {
	opts.BaseURL = f.URL + "/v1"
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	e := NewOpenAI(opts)
	var mu sync.Mutex
	waits := new([]time.Duration)
	e.doer.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		*waits = append(*waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return e, waits
}

func TestOpenAIBatchingAndOrder(t *testing.T) {
	f := newFakeEmbedServer(t)
	f.reverse = true
	e, _ := newTestOpenAI(f, OpenAIOptions{Model: "m1", BatchSize: 2})
	texts := []string{"troops", "Vladivostok", "Kremlin", "rumours", "envoy"}
	got, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	calls := f.Calls()
	if len(calls) != 3 || e.Calls() != 3 {
		t.Fatalf("%d requests (Calls() = %d), want 3 batches of <= 2", len(calls), e.Calls())
	}
	for i, c := range calls {
		if c.auth != "Bearer "+testKey || c.model != "m1" || c.dimensions != 0 {
			t.Errorf("call %d: auth %q model %q dimensions %d", i, c.auth, c.model, c.dimensions)
		}
	}
	want, _ := NewLocal(16).Embed(context.Background(), texts)
	for i := range texts {
		if c := cosine(got[i], want[i]); c < 0.9999 {
			t.Errorf("text %d (%q): cosine %.4f with its own vector: results misplaced or not normalised", i, texts[i], c)
		}
	}
}

func TestOpenAIDimensionsSent(t *testing.T) {
	f := newFakeEmbedServer(t)
	e, _ := newTestOpenAI(f, OpenAIOptions{Dimensions: 16})
	if _, err := e.Embed(context.Background(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if c := f.Calls()[0]; c.dimensions != 16 || c.model != "text-embedding-3-small" {
		t.Errorf("dimensions %d model %q", c.dimensions, c.model)
	}
	if e.Name() != "openai-text-embedding-3-small-16" {
		t.Errorf("Name() = %q", e.Name())
	}
}

func TestOpenAIRetries(t *testing.T) {
	for _, tt := range []struct {
		name    string
		status  int
		header  string
		minWait time.Duration
		maxWait time.Duration
	}{
		{"429 with Retry-After seconds", http.StatusTooManyRequests, "7", 7 * time.Second, 7 * time.Second},
		{"503 with Retry-After date", http.StatusServiceUnavailable, "date", 50 * time.Second, 61 * time.Second},
		{"500 without Retry-After", http.StatusInternalServerError, "", 250 * time.Millisecond, 500 * time.Millisecond},
		{"502 with an HTML body", http.StatusBadGateway, "", 250 * time.Millisecond, 500 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEmbedServer(t)
			f.respond = func(n int, c embedCall, w http.ResponseWriter) bool {
				if n > 1 {
					return false
				}
				switch tt.header {
				case "":
				case "date":
					w.Header().Set("Retry-After", time.Now().Add(60*time.Second).UTC().Format(http.TimeFormat))
				default:
					w.Header().Set("Retry-After", tt.header)
				}
				if tt.status == http.StatusBadGateway {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(tt.status)
					fmt.Fprint(w, "<html>bad gateway</html>")
					return true
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, `{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}`)
				return true
			}
			e, waits := newTestOpenAI(f, OpenAIOptions{})
			got, err := e.Embed(context.Background(), []string{"troops", "envoy"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || len(f.Calls()) != 2 || e.Calls() != 2 {
				t.Fatalf("%d vectors after %d requests; want 2 after 2", len(got), len(f.Calls()))
			}
			if len(*waits) != 1 || (*waits)[0] < tt.minWait || (*waits)[0] > tt.maxWait {
				t.Errorf("waits %v, want one in [%v, %v]", *waits, tt.minWait, tt.maxWait)
			}
		})
	}
}

func TestOpenAIGivesUp(t *testing.T) {
	f := newFakeEmbedServer(t)
	f.respond = func(n int, c embedCall, w http.ResponseWriter) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"message":"overloaded"}}`)
		return true
	}
	e, waits := newTestOpenAI(f, OpenAIOptions{MaxRetries: 3})
	_, err := e.Embed(context.Background(), []string{"x"})
	var ee *EmbedError
	if !errors.As(err, &ee) || ee.Status != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want an *EmbedError with status 503", err)
	}
	if len(f.Calls()) != 4 || len(*waits) != 3 {
		t.Errorf("%d requests, %d waits; want 4 and 3", len(f.Calls()), len(*waits))
	}
	for i := 1; i < len(*waits); i++ {
		if (*waits)[i] > 30*time.Second {
			t.Errorf("wait %v above the cap", (*waits)[i])
		}
	}
}

func TestOpenAIPermanentErrorHidesKey(t *testing.T) {
	f := newFakeEmbedServer(t)
	f.respond = func(n int, c embedCall, w http.ResponseWriter) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		// A careless server echoing the credential back.
		fmt.Fprintf(w, `{"error":{"message":"invalid input for key %s"}}`, strings.TrimPrefix(c.auth, "Bearer "))
		return true
	}
	e, waits := newTestOpenAI(f, OpenAIOptions{})
	_, err := e.Embed(context.Background(), []string{"x"})
	if err == nil {
		t.Fatal("want error")
	}
	if len(f.Calls()) != 1 || len(*waits) != 0 {
		t.Errorf("a 400 was retried: %d requests", len(f.Calls()))
	}
	if f.Calls()[0].auth != "Bearer "+testKey {
		t.Errorf("Authorization = %q", f.Calls()[0].auth)
	}
	u, _ := url.Parse(f.URL)
	msg := err.Error()
	if strings.Contains(msg, testKey) || !strings.Contains(msg, "400") || !strings.Contains(msg, u.Host) {
		t.Errorf("error %q: want status 400 and host %s, and never the key", msg, u.Host)
	}
}

func TestOpenAIDeadline(t *testing.T) {
	f := newFakeEmbedServer(t)
	release := make(chan struct{})
	defer close(release)
	f.respond = func(n int, c embedCall, w http.ResponseWriter) bool {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		return true
	}
	t.Run("caller deadline", func(t *testing.T) {
		e, waits := newTestOpenAI(f, OpenAIOptions{})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := e.Embed(ctx, []string{"x"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if len(*waits) != 0 {
			t.Errorf("retried after the caller's deadline: waits %v", *waits)
		}
		if strings.Contains(err.Error(), testKey) {
			t.Errorf("key in error %q", err)
		}
	})
	t.Run("per-attempt timeout", func(t *testing.T) {
		e, waits := newTestOpenAI(f, OpenAIOptions{Timeout: 30 * time.Millisecond, MaxRetries: 1})
		_, err := e.Embed(context.Background(), []string{"x"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if len(*waits) != 1 || e.Calls() != 2 {
			t.Errorf("timed-out attempt: %d waits, %d calls; want 1 retry", len(*waits), e.Calls())
		}
	})
}
