package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
)

// errTimeout is the cause of an answer's context when it ran out of time.
var errTimeout = errors.New("answer timed out")

// surface is where one answer is shown: an interaction's original response
// or a reply in a channel.
type surface interface {
	// progress shows a status or the partial answer; it may be dropped.
	progress(ctx context.Context, m message) error
	// final shows the finished messages and returns their ids.
	final(ctx context.Context, msgs []message) ([]string, error)
}

// job is one question on its way to an answer.
type job struct {
	kind                                 string // ask, summary, compare, mention, channel, followup
	id                                   string // answer id: the interaction or question message id
	question                             string
	userID, guildID, channelID           string
	interactionID, questionMsgID, parent string
	run                                  func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error)
	surf                                 surface
	start                                time.Time // when answering began; deliveries are retried until DeliverWithin after it
}

// answer runs j to the end: it waits for a slot (showing that it is queued),
// runs the model with a deadline while showing the text as it grows,
// renders the final messages, and logs the answer. Whatever happens, even a
// panic, the surface ends with an answer or a clear error message.
func (b *Bot) answer(j *job) {
	start := time.Now()
	j.start = start
	outcome := "error"
	var finalMsgs []message
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while answering", "kind", j.kind, "answer_id", j.id, "panic", r, "stack", string(debug.Stack()))
			outcome = "error"
			finalMsgs = []message{{Content: msgFailed}}
			b.finish(j, finalMsgs)
		}
		if outcome != "busy" && outcome != "invalid" { // reported as Rejected, not answered
			b.obs.Answered(j.kind, outcome, time.Since(start))
		}
		b.inflight.Done()
	}()

	if outcome = b.takeSlot(j); outcome != "" {
		return
	}
	queued := time.Since(start)
	b.obs.Waited(j.kind, queued)
	b.obs.Queue(len(b.slots), int(b.waiting.Load()))
	release := sync.OnceFunc(func() { <-b.slots })
	defer release()

	ctx, cancel := context.WithTimeoutCause(b.base, b.opts.Limits.AnswerTimeout, errTimeout)
	defer cancel()
	st := newStreamer(b, j.surf)
	defer st.stop() // also on a panic in run
	a, err := j.run(ctx, st.onDelta)
	st.stop()
	release()

	if err == nil && a == nil {
		err = errors.New("no answer and no error")
	}
	if err != nil {
		cause := context.Cause(ctx)
		var text string
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion): // only emoji or punctuation: a question without words
			outcome, text = "invalid", fmt.Sprintf(msgNoWords, b.exampleQuestion())
		case errors.Is(cause, errShutdown):
			outcome, text = "shutdown", msgShutdown
		case errors.Is(cause, errTimeout) || errors.Is(err, context.DeadlineExceeded):
			outcome, text = "timeout", fmt.Sprintf(msgTimeout, int(b.opts.Limits.AnswerTimeout.Seconds()))
		default:
			outcome, text = "error", msgFailed
		}
		if outcome == "invalid" {
			b.obs.Rejected(j.kind, "invalid")
		} else {
			b.log.Error("answer failed", "kind", j.kind, "answer_id", j.id, "user", j.userID, "guild", j.guildID,
				"outcome", outcome, "err", err)
		}
		b.finish(j, []message{{Content: text}})
		return
	}

	outcome = "ok"
	if a.Refused {
		outcome = "refused"
	}
	buttonsID := ""
	if b.store != nil {
		buttonsID = j.id
	}
	msgs := renderAnswer(a, buttonsID)
	ids := b.finish(j, msgs)
	level := slog.LevelInfo
	attrs := []any{"kind", j.kind, "answer_id", j.id, "user", j.userID, "guild", j.guildID, "outcome", outcome,
		"mode", a.Mode, "citations", len(a.Citations), "messages", len(ids), "queued", queued.Round(time.Millisecond),
		"total", time.Since(start).Round(time.Millisecond), "streamed_edits", st.count()}
	if b.opts.LogQuestions {
		attrs = append(attrs, "question", j.question)
	}
	b.log.Log(context.Background(), level, "answered", attrs...)
	if !b.opts.LogQuestions {
		b.log.Debug("answered question", "answer_id", j.id, "question", j.question)
	}
	if b.store == nil || len(ids) == 0 {
		return
	}
	rec := toRecord(j, a, ids, queued)
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := b.store.Put(sctx, rec); err != nil {
		b.log.Error("log answer", "answer_id", j.id, "err", err)
	}
}

// finish sends the final messages. It has its own deadline, since the
// answer's context may be over: transient Discord failures are retried
// until DeliverWithin after the question came (inside the interaction
// token's 15 minutes), or at least 15 s. A failure to send is logged; if
// no message landed at all, a last short try says so rather than leave the
// user with "thinking…".
func (b *Bot) finish(j *job, msgs []message) []string {
	deadline := j.start.Add(b.opts.DeliverWithin)
	if least := time.Now().Add(15 * time.Second); deadline.Before(least) {
		deadline = least
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	ids, err := j.surf.final(ctx, msgs)
	if err != nil {
		b.log.Error("send answer", "kind", j.kind, "answer_id", j.id, "err", err)
		if len(ids) == 0 {
			lctx, lcancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer lcancel()
			_, _ = j.surf.final(lctx, []message{{Content: msgNotPosted}})
		}
	}
	return ids
}

func toRecord(j *job, a *answer.Answer, ids []string, queued time.Duration) *answerlog.Record {
	rec := &answerlog.Record{
		ID: j.id, MessageIDs: ids, InteractionID: j.interactionID, QuestionMessageID: j.questionMsgID,
		ParentID: j.parent, GuildID: j.guildID, ChannelID: j.channelID, UserID: j.userID, Kind: j.kind,
		Question: j.question, Standalone: a.Standalone, Answer: a.Text, Refused: a.Refused, Mode: a.Mode,
		Model: a.Model, PromptVersion: a.PromptVersion, Fallback: a.Fallback, Reason: a.Reason.String(),
		Timings: answerlog.Timings{Queue: queued, Retrieve: a.Timings.Retrieve, FirstToken: a.Timings.FirstToken,
			Total: a.Timings.Total},
	}
	for n, h := range a.Hits {
		p := h.Passage
		rec.Passages = append(rec.Passages, answerlog.Passage{N: n + 1, ChunkID: p.ID, ArticleID: p.ArticleID,
			Title: p.Title, Outlet: p.Outlet, Published: p.Date(), URL: p.URL, Text: p.Text,
			Score: h.Score, DenseScore: h.DenseScore, LexicalScore: h.LexicalScore})
	}
	for _, c := range a.Citations {
		rec.Citations = append(rec.Citations, answerlog.Citation{N: c.N, ChunkID: c.Hit.Passage.ID,
			Sentence: c.Sentence, Verified: c.Verified})
		found := false
		for _, p := range rec.Passages {
			found = found || p.ChunkID == c.Hit.Passage.ID
		}
		if !found { // cited but not among the hits: keep the passage anyway
			p := c.Hit.Passage
			rec.Passages = append(rec.Passages, answerlog.Passage{N: len(rec.Passages) + 1, ChunkID: p.ID,
				ArticleID: p.ArticleID, Title: p.Title, Outlet: p.Outlet, Published: p.Date(), URL: p.URL,
				Text: p.Text, Score: c.Hit.Score, DenseScore: c.Hit.DenseScore, LexicalScore: c.Hit.LexicalScore})
		}
	}
	return rec
}
