package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// task is one kind of answer (a question, a summary, a comparison): the
// steps in which the kinds differ. run does the rest the same way for
// each: the timing, the chat model's call and the extractive fallback when
// it fails, the text's one emission, defusing mentions and the log.
type task interface {
	// retrieve reads the request into ans (its question) and finds the
	// passages to answer from. An error means no answer can be made.
	retrieve(ctx context.Context, ans *Answer) ([]retrieval.Hit, error)
	// decide makes ans whole without the chat model when it can: a
	// refusal, an answer from metadata, a cached summary; with no model it
	// may also answer by another rule than the task's extractive step.
	// It reports whether ans is done.
	decide(ctx context.Context, ans *Answer, hits []retrieval.Hit) bool
	// model fills ans from the chat model, streaming its text to onDelta
	// (which may be nil). A *ModelError means the model failed; ans is
	// then incomplete and run falls back to extractive.
	model(ctx context.Context, ans *Answer, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error
	// extractive fills ans by quoting hits, without a model.
	extractive(ctx context.Context, ans *Answer, hits []retrieval.Hit)
	// failure names the task for a failed model call: what for the error
	// ("answer \"…\""), doing for the log ("answering").
	failure() (what, doing string)
}

// keeper is a task that keeps the answers it makes (summaries, in the
// summary cache). keep sees each answer made by the model or by the
// extractive step, never a fallback nor one decide made.
type keeper interface {
	keep(ctx context.Context, ans *Answer)
}

var (
	_ task   = (*askTask)(nil)
	_ task   = (*summaryTask)(nil)
	_ task   = (*compareTask)(nil)
	_ keeper = (*summaryTask)(nil) // optional, so checked: a slip would stop the cache silently
)

// run makes one answer of task t into ans. With a model, the text streams
// to onDelta as it grows; otherwise, or when the model fails and
// Options.NoFallback is false, onDelta gets the whole text once. The error
// is non-nil only when no answer could be made.
func (a *Answerer) run(ctx context.Context, t task, ans *Answer, onDelta func(string) error) (*Answer, error) {
	start := time.Now()
	err := a.steps(ctx, t, ans, onDelta, start)
	if err != nil {
		return nil, err
	}
	ans.Timings.Total = time.Since(start)
	if len(ans.Respelled) > 0 && ans.Reason.Verdict != "" {
		// The words read in another spelling are part of the reason.
		vs := maps.Clone(ans.Reason.Variants)
		if vs == nil {
			vs = map[string]string{}
		}
		for typed, read := range ans.Respelled {
			vs[typed] = read
		}
		ans.Reason.Variants = vs
	}
	ans.defuseMentions()
	a.logDecision(ctx, ans)
	return ans, nil
}

// steps is run's path: retrieve, decide, then the model or the extractive
// step, falling back from the one to the other.
func (a *Answerer) steps(ctx context.Context, t task, ans *Answer, onDelta func(string) error, start time.Time) error {
	hits, err := t.retrieve(ctx, ans)
	if err != nil {
		return err
	}
	ans.Timings.Retrieve = time.Since(start)
	if t.decide(ctx, ans, hits) {
		return emit(onDelta, ans.Text)
	}
	if a.model != nil {
		err := t.model(ctx, ans, hits, onDelta, start)
		if err == nil {
			a.keep(ctx, t, ans)
			return nil // streamed to onDelta already
		}
		what, doing := t.failure()
		reason, err := a.fallBack(ctx, err, what, doing)
		if err != nil {
			return err
		}
		*ans = Answer{Question: ans.Question, Standalone: ans.Standalone, LexicalOnly: ans.LexicalOnly,
			Respelled: ans.Respelled, Timings: ans.Timings, Fallback: reason}
	}
	t.extractive(ctx, ans, hits)
	if ans.Fallback == "" {
		a.keep(ctx, t, ans)
	}
	return emit(onDelta, ans.Text)
}

func (a *Answerer) keep(ctx context.Context, t task, ans *Answer) {
	if k, ok := t.(keeper); ok {
		k.keep(ctx, ans)
	}
}

// fallBack decides what a failed model call of a task leads to: the
// error, wrapped as what, when it is not the model's failure, when
// Options.NoFallback is set or when ctx has ended; otherwise the reason to
// give the extractive answer made instead (logged here, once, as "chat
// model failed, <doing> extractively").
func (a *Answerer) fallBack(ctx context.Context, err error, what, doing string) (string, error) {
	me, isModel := errors.AsType[*ModelError](err)
	if !isModel || a.opts.NoFallback || ctx.Err() != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	a.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "chat model failed, "+doing+" extractively",
		slog.String("reason", me.Reason()), slog.Any("error", err))
	return me.Reason(), nil
}

// logDecision writes the relevance decision to the debug log.
func (a *Answerer) logDecision(ctx context.Context, ans *Answer) {
	if ans == nil || ans.Reason.Verdict == "" {
		return
	}
	r := ans.Reason
	a.opts.Logger.LogAttrs(ctx, slog.LevelDebug, "relevance decision",
		slog.String("question", ans.Question), slog.String("verdict", r.Verdict), slog.String("code", r.Code),
		slog.String("why", r.Text), slog.String("kind", r.Kind), slog.Bool("kind_found", r.KindFound),
		slog.Float64("score", r.Score), slog.Float64("bar", r.Threshold), slog.Float64("coverage", r.Coverage),
		slog.Float64("semantic", r.Semantic), slog.Any("missing", r.Missing), slog.Any("unknown", r.Unknown),
		slog.String("evidence", r.Evidence))
}

func emit(fn func(string) error, s string) error {
	if fn == nil || s == "" {
		return nil
	}
	return fn(DefuseMentions(s))
}
