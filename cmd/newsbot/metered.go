package main

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/telemetry"
)

// The wrappers in this file report to telemetry without the wrapped
// packages knowing it. Each works with a nil *telemetry.Metrics.

// meteredEmbedder counts embedding calls and texts.
type meteredEmbedder struct {
	inner retrieval.Embedder
	kind  string // local or openai
	m     *telemetry.Metrics
}

var _ retrieval.Embedder = (*meteredEmbedder)(nil)

func (e *meteredEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	vs, err := e.inner.Embed(ctx, texts)
	e.m.EmbeddingCall(e.kind, len(texts), err)
	return vs, err
}

// meteredChat records the time to first token and the tokens the server
// reports.
type meteredChat struct {
	inner answer.ChatModel
	m     *telemetry.Metrics
	now   func() time.Time // nil means time.Now
}

var _ answer.ChatModel = (*meteredChat)(nil)

func (c *meteredChat) Stream(ctx context.Context, req answer.ChatRequest, fn func(delta string) error) error {
	now := c.now
	if now == nil {
		now = time.Now
	}
	start := now()
	var once sync.Once
	next := req.OnUsage
	req.OnUsage = func(u answer.Usage) {
		c.m.Tokens(u.PromptTokens, u.CompletionTokens)
		if next != nil {
			next(u)
		}
	}
	return c.inner.Stream(ctx, req, func(delta string) error {
		once.Do(func() { c.m.FirstToken(now().Sub(start)) })
		return fn(delta)
	})
}

// metered reports what each answer fn gives took and how it failed: one
// wrapper for Ask, Summary and Compare, which the bot reaches alike
// (bot.Answers).
func metered[R any](m *telemetry.Metrics, fn func(context.Context, R) (*answer.Answer, error)) func(context.Context, R) (*answer.Answer, error) {
	return func(ctx context.Context, req R) (*answer.Answer, error) {
		ans, err := fn(ctx, req)
		observeAnswer(m, ans, err)
		return ans, err
	}
}

// observeAnswer records one answer's timings, unsupported sentences and
// error kind.
func observeAnswer(m *telemetry.Metrics, ans *answer.Answer, err error) {
	if err != nil {
		m.AnswerError(errorKind(err))
		return
	}
	if ans == nil {
		return
	}
	if ans.Timings.Retrieve > 0 {
		m.Retrieval(ans.Timings.Retrieve)
	}
	m.Answer(ans.Mode, ans.Timings.Total)
	m.Unsupported(len(ans.Unsupported))
	if ans.Fallback != "" {
		m.AnswerError(telemetry.ErrorModelFallback)
	}
}

// errorKind classifies an answer error for newsbot_answer_errors_total.
func errorKind(err error) string {
	var me *answer.ModelError
	var ee *retrieval.EmbedError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return telemetry.ErrorTimeout
	case errors.As(err, &me):
		return telemetry.ErrorModel
	case errors.As(err, &ee):
		return telemetry.ErrorRetrieval
	default:
		return telemetry.ErrorOther
	}
}

// botObserver turns the bot's events into question counts and queue gauges.
type botObserver struct{ m *telemetry.Metrics }

// outcomes maps the bot's words to the outcome label.
var outcomes = map[string]string{
	"ok":            telemetry.OutcomeAnswered,
	"refused":       telemetry.OutcomeRefused,
	"error":         telemetry.OutcomeError,
	"timeout":       telemetry.OutcomeTimeout,
	"shutdown":      telemetry.OutcomeShutdown,
	"rate_limited":  telemetry.OutcomeRateLimited,
	"invalid":       telemetry.OutcomeInvalid,
	"busy":          telemetry.OutcomeBusy,
	"shutting_down": telemetry.OutcomeShuttingDown,
}

func outcome(s string) string {
	if o, ok := outcomes[s]; ok {
		return o
	}
	return s
}

func (o botObserver) Answered(kind, result string, _ time.Duration) {
	o.m.Question(kind, outcome(result))
}

func (o botObserver) Rejected(kind, reason string) { o.m.Question(kind, outcome(reason)) }

func (o botObserver) Queue(running, waiting int) { o.m.Queue(running, waiting) }

func (o botObserver) Waited(_ string, d time.Duration) { o.m.QueueWait(d) }

// restErrors counts failed Discord REST calls (status >= 400, or no
// response) on the session's HTTP transport.
type restErrors struct {
	next http.RoundTripper
	m    *telemetry.Metrics
}

func (t restErrors) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		if req.Context().Err() == nil {
			t.m.DiscordError(0)
		}
	case resp.StatusCode >= 400:
		t.m.DiscordError(resp.StatusCode)
	}
	return resp, err
}
