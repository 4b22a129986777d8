package retrieval

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/internal/fakeopenai"
)

const testKey = "sk-test-SECRET-0123456789"

// embedServer is the fake OpenAI-compatible API (internal/fakeopenai)
// with its base URL. Its vectors come from the local embedder at 16 dims,
// scaled by 3 so the client must normalise.
type embedServer struct {
	*fakeopenai.Server
	URL string // ends in /v1
}

func newFakeEmbedServer(t *testing.T) *embedServer {
	t.Helper()
	f := &fakeopenai.Server{T: t, Key: testKey, Embed: NewLocal(16).Embed, Scale: 3}
	return &embedServer{Server: f, URL: f.Start(t)}
}

// newTestOpenAI returns an embedder for f whose waits are recorded, not slept.
func newTestOpenAI(f *embedServer, opts OpenAIOptions) (*OpenAI, *[]time.Duration) {
	opts.BaseURL = f.URL
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
	f.Reverse = true
	e, _ := newTestOpenAI(f, OpenAIOptions{Model: "m1", BatchSize: 2})
	texts := []string{"troops", "Vladivostok", "Kremlin", "rumours", "envoy"}
	got, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	calls := f.Requests()
	if len(calls) != 3 || e.Calls() != 3 {
		t.Fatalf("%d requests (Calls() = %d), want 3 batches of <= 2", len(calls), e.Calls())
	}
	for i, c := range calls {
		if c.Auth != "Bearer "+testKey || c.Model != "m1" || c.Dimensions != 0 {
			t.Errorf("call %d: auth %q model %q dimensions %d", i, c.Auth, c.Model, c.Dimensions)
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
	if c := f.Requests()[0]; c.Dimensions != 16 || c.Model != "text-embedding-3-small" {
		t.Errorf("dimensions %d model %q", c.Dimensions, c.Model)
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
			f.Script = []fakeopenai.Step{func(_ *fakeopenai.Server, w http.ResponseWriter, _ *fakeopenai.Request) {
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
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, `{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}`)
			}, fakeopenai.OK}
			e, waits := newTestOpenAI(f, OpenAIOptions{})
			got, err := e.Embed(context.Background(), []string{"troops", "envoy"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || f.Count("") != 2 || e.Calls() != 2 {
				t.Fatalf("%d vectors after %d requests; want 2 after 2", len(got), f.Count(""))
			}
			if len(*waits) != 1 || (*waits)[0] < tt.minWait || (*waits)[0] > tt.maxWait {
				t.Errorf("waits %v, want one in [%v, %v]", *waits, tt.minWait, tt.maxWait)
			}
		})
	}
}

func TestOpenAIGivesUp(t *testing.T) {
	f := newFakeEmbedServer(t)
	f.Script = []fakeopenai.Step{fakeopenai.Status(http.StatusServiceUnavailable, "")}
	e, waits := newTestOpenAI(f, OpenAIOptions{MaxRetries: 3})
	_, err := e.Embed(context.Background(), []string{"x"})
	var ee *EmbedError
	if !errors.As(err, &ee) || ee.Status != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want an *EmbedError with status 503", err)
	}
	if f.Count("") != 4 || len(*waits) != 3 {
		t.Errorf("%d requests, %d waits; want 4 and 3", f.Count(""), len(*waits))
	}
	for i := 1; i < len(*waits); i++ {
		if (*waits)[i] > 30*time.Second {
			t.Errorf("wait %v above the cap", (*waits)[i])
		}
	}
}

func TestOpenAIPermanentErrorHidesKey(t *testing.T) {
	f := newFakeEmbedServer(t)
	f.Script = []fakeopenai.Step{func(_ *fakeopenai.Server, w http.ResponseWriter, r *fakeopenai.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		// A careless server echoing the credential back.
		fmt.Fprintf(w, `{"error":{"message":"invalid input for key %s"}}`, strings.TrimPrefix(r.Auth, "Bearer "))
	}}
	e, waits := newTestOpenAI(f, OpenAIOptions{})
	_, err := e.Embed(context.Background(), []string{"x"})
	if err == nil {
		t.Fatal("want error")
	}
	if f.Count("") != 1 || len(*waits) != 0 {
		t.Errorf("a 400 was retried: %d requests", f.Count(""))
	}
	if f.Requests()[0].Auth != "Bearer "+testKey {
		t.Errorf("Authorization = %q", f.Requests()[0].Auth)
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
	f.Script = []fakeopenai.Step{func(*fakeopenai.Server, http.ResponseWriter, *fakeopenai.Request) {
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
	}}
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
