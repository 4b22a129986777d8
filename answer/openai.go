package answer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newsbot/newsbot/internal/httpretry"

	openai "github.com/sashabaranov/go-openai"
)

// OpenAIOptions configures an OpenAI-compatible chat model.
type OpenAIOptions struct {
	BaseURL string // e.g. http://127.0.0.1:11434/v1; "" means OpenAI's
	APIKey  string // "" sends no Authorization header (local servers)
	Model   string // chat model name; "" means gpt-4o-mini
	// Timeout bounds one Stream call, retries included; the caller's own
	// deadline still applies when it is shorter. 0 means 90s.
	Timeout time.Duration
	// MaxRetries is how often a 429, a 5xx or a transport error is retried
	// before the first token; 0 means 2, negative means none.
	MaxRetries int
	// RetryBase is the first backoff delay, doubled each retry, with jitter;
	// 0 means 500ms. A Retry-After header overrides it.
	RetryBase time.Duration
	// MaxRetryWait caps one wait (Retry-After included); a longer
	// Retry-After ends the retries at once. 0 means 20s.
	MaxRetryWait time.Duration
	MaxTokens    int          // completion tokens; 0 means 800
	HTTPClient   *http.Client // nil means a client without timeout (the ctx bounds it)
	Logger       *slog.Logger // nil means slog.Default()
}

// OpenAI is a ChatModel over an OpenAI-compatible /chat/completions endpoint.
// It is safe for concurrent use.
type OpenAI struct {
	client *openai.Client
	opts   OpenAIOptions
	host   string
}

var _ ChatModel = (*OpenAI)(nil)

// NewOpenAI returns a chat model for opts; it makes no request.
func NewOpenAI(opts OpenAIOptions) *OpenAI {
	if opts.Model == "" {
		opts.Model = "gpt-4o-mini"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 90 * time.Second
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 2
	}
	if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.RetryBase <= 0 {
		opts.RetryBase = 500 * time.Millisecond
	}
	if opts.MaxRetryWait <= 0 {
		opts.MaxRetryWait = 20 * time.Second
	}
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = 800
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cfg := openai.DefaultConfig(opts.APIKey)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	host := cfg.BaseURL
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	o := &OpenAI{opts: opts, host: host}
	log := opts.Logger
	// Retries happen below go-openai, before the stream's body is handed
	// over, so nothing is retried after a token.
	cfg.HTTPClient = &httpretry.Doer{
		Client:     opts.HTTPClient,
		MaxRetries: opts.MaxRetries,
		Base:       opts.RetryBase,
		MaxWait:    opts.MaxRetryWait,
		OnRetry: func(req *http.Request, attempt, status int, wait time.Duration, err error) {
			log.LogAttrs(req.Context(), slog.LevelWarn, "chat request retry",
				slog.String("host", host), slog.Int("status", status), slog.Int("attempt", attempt),
				slog.Duration("wait", wait), slog.Any("error", err))
		},
	}
	o.client = openai.NewClientWithConfig(cfg)
	return o
}

// Name returns the model name, recorded with every answer.
func (o *OpenAI) Name() string { return o.opts.Model }

// ModelError is a failed chat request: it names the endpoint host and the
// HTTP status (0 when there was none), never the key.
type ModelError struct {
	Host   string
	Status int
	Err    error
}

// Error says which host failed with which status, and why.
func (e *ModelError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("chat model at %s: status %d: %v", e.Host, e.Status, e.Err)
	}
	return fmt.Sprintf("chat model at %s: %v", e.Host, e.Err)
}

// Unwrap returns the cause (an *openai.APIError, ErrTruncated, a context error…).
func (e *ModelError) Unwrap() error { return e.Err }

// Reason is the short text recorded in Answer.Fallback.
func (e *ModelError) Reason() string {
	switch {
	case e.Status != 0:
		return fmt.Sprintf("status %d from %s", e.Status, e.Host)
	case errors.Is(e.Err, context.DeadlineExceeded):
		return "timeout from " + e.Host
	case errors.Is(e.Err, ErrTruncated):
		return "stream cut from " + e.Host
	case errors.Is(e.Err, ErrEcho):
		return "the model repeated its instructions"
	default:
		return "request to " + e.Host + " failed"
	}
}

// ErrTruncated means the stream ended without a finish_reason: the
// connection was cut mid-answer.
var ErrTruncated = errors.New("stream ended without finish_reason")

// ErrFiltered means the server stopped the answer with a content filter.
var ErrFiltered = errors.New("answer stopped by content filter")

// Stream sends req and calls fn with each piece of the answer as it arrives.
// Failures before the first token (429, 5xx, transport errors) are retried
// with backoff, honouring Retry-After; nothing is retried once a token has
// been passed to fn. An error returned by fn stops the stream and is returned
// unchanged.
func (o *OpenAI) Stream(ctx context.Context, req ChatRequest, fn func(delta string) error) error {
	ctx, cancel := context.WithTimeout(ctx, o.opts.Timeout)
	defer cancel()
	creq := openai.ChatCompletionRequest{
		Model:         o.opts.Model,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	for _, m := range req.Messages {
		creq.Messages = append(creq.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = o.opts.MaxTokens
	}
	if reasoningModel(o.opts.Model) {
		// These models take only the default temperature and reject max_tokens.
		creq.MaxCompletionTokens = maxTokens
	} else {
		// Temperature 0 is dropped by go-openai's omitempty; send a tiny value.
		creq.Temperature = 1e-6
		// max_tokens, not max_completion_tokens: older Ollama, vLLM and
		// LM Studio servers know only max_tokens.
		//lint:ignore SA1019 deliberate, see above
		creq.MaxTokens = maxTokens
	}
	stream, err := o.client.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return o.wrap(ctx, err)
	}
	defer stream.Close()
	finished := false
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if !finished {
				return o.wrap(ctx, ErrTruncated)
			}
			return nil
		}
		if err != nil {
			return o.wrap(ctx, err)
		}
		if resp.Usage != nil && req.OnUsage != nil {
			req.OnUsage(Usage{PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens})
		}
		if len(resp.Choices) == 0 {
			continue // usage chunk, prompt-filter chunk
		}
		c := resp.Choices[0]
		if c.Delta.Content != "" {
			if err := fn(c.Delta.Content); err != nil {
				return err
			}
		}
		switch c.FinishReason {
		case "":
		case openai.FinishReasonContentFilter:
			return o.wrap(ctx, ErrFiltered)
		default:
			finished = true
		}
	}
}

func (o *OpenAI) wrap(ctx context.Context, err error) error {
	me := &ModelError{Host: o.host, Err: err}
	if apiErr, ok := errors.AsType[*openai.APIError](err); ok {
		me.Status = apiErr.HTTPStatusCode
	} else if reqErr, ok := errors.AsType[*openai.RequestError](err); ok {
		me.Status = reqErr.HTTPStatusCode
		// The raw body may be a long HTML page: keep the status only.
		me.Err = fmt.Errorf("%s", http.StatusText(reqErr.HTTPStatusCode))
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		// The URL may carry credentials (user:pass@host, ?api-key=): name the host only.
		me.Err = fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		me.Err = fmt.Errorf("%w (%w)", err, context.Cause(ctx))
	}
	return me
}

func reasoningModel(name string) bool {
	n := strings.ToLower(name)
	if i := strings.LastIndex(n, "/"); i >= 0 {
		n = n[i+1:]
	}
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}
