package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsbot/newsbot/internal/httpretry"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAIOptions configures an OpenAI-compatible embeddings client.
type OpenAIOptions struct {
	BaseURL    string        // e.g. "http://127.0.0.1:11434/v1"; "" means OpenAI's
	APIKey     string        // sent as a Bearer token; "" sends none; never logged
	Model      string        // "" means "text-embedding-3-small"
	Dimensions int           // requested output size; sent only when > 0
	BatchSize  int           // inputs per request; 0 means 64
	Timeout    time.Duration // per HTTP attempt; 0 means 60s. The caller's ctx still applies.
	MaxRetries int           // retries of a 429, 5xx or transport error; 0 means 4, < 0 means none
	MaxBackoff time.Duration // cap on one wait between attempts; a longer Retry-After ends the retries; 0 means 30s
	HTTPClient *http.Client  // nil means a new client with no overall timeout
	Logger     *slog.Logger  // nil means slog.Default()
}

// OpenAI is an Embedder backed by an OpenAI-compatible /embeddings endpoint.
// It batches inputs, retries rate limits and server errors with capped
// exponential backoff and jitter (waiting at least as long as Retry-After
// says), places results by their index, and normalises every vector.
// It is safe for concurrent use.
type OpenAI struct {
	client *openai.Client
	doer   *httpretry.Doer
	opts   OpenAIOptions
	host   string
	calls  atomic.Int64
}

var _ Embedder = (*OpenAI)(nil)

// NewOpenAI returns an embedder for the endpoint in opts, after applying
// defaults. It makes no network call.
func NewOpenAI(opts OpenAIOptions) *OpenAI {
	if opts.Model == "" {
		opts.Model = string(openai.SmallEmbedding3)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 64
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 4
	} else if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	cfg := openai.DefaultConfig(opts.APIKey)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	host := "api.openai.com"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	e := &OpenAI{opts: opts, host: host}
	log := opts.Logger
	e.doer = &httpretry.Doer{
		Client:         hc,
		MaxRetries:     opts.MaxRetries,
		MaxWait:        opts.MaxBackoff,
		MaxRetryAfter:  10 * time.Minute, // an index build can wait for a rate limit to pass
		AttemptTimeout: opts.Timeout,
		OnAttempt:      func() { e.calls.Add(1) },
		OnRetry: func(req *http.Request, attempt, status int, wait time.Duration, err error) {
			log.Warn("embeddings request failed; retrying",
				"host", req.URL.Host, "status", status, "attempt", attempt, "wait", wait, "err", err)
		},
	}
	cfg.HTTPClient = e.doer
	e.client = openai.NewClientWithConfig(cfg)
	return e
}

// Name identifies the model and dimensions, for use in collection names.
func (e *OpenAI) Name() string {
	if e.opts.Dimensions > 0 {
		return fmt.Sprintf("openai-%s-%d", e.opts.Model, e.opts.Dimensions)
	}
	return "openai-" + e.opts.Model
}

// Calls returns how many HTTP requests the embedder has sent, retries
// included.
func (e *OpenAI) Calls() int64 { return e.calls.Load() }

// Embed returns one unit vector per text, in order, sending BatchSize
// texts per request. It fails on the first batch that fails after retries.
func (e *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for start := 0; start < len(texts); start += e.opts.BatchSize {
		end := min(start+e.opts.BatchSize, len(texts))
		if err := e.embedBatch(ctx, texts[start:end], out[start:end]); err != nil {
			return nil, fmt.Errorf("embed texts %d-%d of %d: %w", start, end-1, len(texts), err)
		}
	}
	return out, nil
}

func (e *OpenAI) embedBatch(ctx context.Context, texts []string, out [][]float32) error {
	in := make([]string, len(texts))
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			t = " " // the API rejects empty inputs
		}
		in[i] = t
	}
	req := openai.EmbeddingRequestStrings{
		Input:      in,
		Model:      openai.EmbeddingModel(e.opts.Model),
		Dimensions: e.opts.Dimensions,
	}
	resp, err := e.client.CreateEmbeddings(ctx, req)
	if err != nil {
		return e.wrap(err)
	}
	if len(resp.Data) != len(texts) {
		return fmt.Errorf("embeddings from %s: got %d vectors for %d inputs", e.host, len(resp.Data), len(texts))
	}
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return fmt.Errorf("embeddings from %s: bad or repeated index %d", e.host, d.Index)
		}
		v := d.Embedding
		if !normalize(v) {
			return fmt.Errorf("embeddings from %s: vector %d is zero or not finite", e.host, d.Index)
		}
		out[d.Index] = v
	}
	return nil
}

// EmbedError is an embeddings request that failed: it names the status and
// endpoint host, never the key.
type EmbedError struct {
	Host   string
	Status int // HTTP status, 0 for transport errors
	Err    error
	msg    string // Err's text with the key redacted
}

func (e *EmbedError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("embeddings request to %s: status %d: %s", e.Host, e.Status, e.msg)
	}
	return fmt.Sprintf("embeddings request to %s: %s", e.Host, e.msg)
}

// Unwrap returns the underlying error (go-openai's *APIError or
// *RequestError, or a context error).
func (e *EmbedError) Unwrap() error { return e.Err }

func (e *OpenAI) wrap(err error) error {
	status := 0
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	msg := err.Error()
	if reqErr != nil && status != 0 {
		// A body that is not JSON is most often a proxy's HTML error page:
		// name it, don't carry it into logs and command-line errors.
		msg = fmt.Sprintf("%s (the response was not JSON: %d bytes)", http.StatusText(status), len(reqErr.Body))
	}
	if e.opts.APIKey != "" {
		msg = strings.ReplaceAll(msg, e.opts.APIKey, "***")
	}
	return &EmbedError{Host: e.host, Status: status, Err: err, msg: msg}
}
