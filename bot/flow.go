package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

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

// begin counts an answer in flight unless the bot is shutting down.
func (b *Bot) begin() bool {
	b.lifeMu.Lock()
	defer b.lifeMu.Unlock()
	if b.closing.Load() {
		return false
	}
	b.inflight.Add(1)
	return true
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

	// Wait for a slot.
	select {
	case b.slots <- struct{}{}:
	default:
		ahead := int(b.waiting.Add(1))
		if ahead > b.opts.MaxQueue {
			b.waiting.Add(-1)
			b.obs.Rejected(j.kind, "busy")
			outcome = "busy"
			b.finish(j, []message{{Content: msgBusy}})
			return
		}
		b.obs.Queue(len(b.slots), ahead)
		qctx, cancel := context.WithTimeout(b.base, b.opts.QueueTimeout)
		_ = j.surf.progress(qctx, message{Content: fmt.Sprintf(msgQueued, ahead, plural(ahead, "question", "questions"))})
		var err error
		select {
		case b.slots <- struct{}{}:
		case <-qctx.Done():
			err = context.Cause(qctx)
		}
		cancel()
		b.waiting.Add(-1)
		if err != nil {
			if errors.Is(context.Cause(b.base), errShutdown) {
				outcome = "shutdown"
				b.finish(j, []message{{Content: msgShutdown}})
			} else {
				outcome = "busy"
				b.obs.Rejected(j.kind, "busy")
				b.finish(j, []message{{Content: msgBusy}})
			}
			return
		}
	}
	queued := time.Since(start)
	b.obs.Waited(j.kind, queued)
	b.obs.Queue(len(b.slots), int(b.waiting.Load()))
	release := sync.OnceFunc(func() { <-b.slots })
	defer release()

	ctx, cancel := context.WithTimeoutCause(b.base, b.opts.AnswerTimeout, errTimeout)
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
			outcome, text = "timeout", fmt.Sprintf(msgTimeout, int(b.opts.AnswerTimeout.Seconds()))
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

// streamer shows the answer growing: a loop edits the message at most once
// per EditInterval, at most MaxEdits times, and only while the process-wide
// edit budget allows (every interaction edit shares one discordgo rate-limit
// bucket, #1384). The model never waits for Discord.
type streamer struct {
	b    *Bot
	surf surface

	mu    sync.Mutex
	text  strings.Builder
	dirty bool
	edits int

	done     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
}

func newStreamer(b *Bot, surf surface) *streamer {
	s := &streamer{b: b, surf: surf, done: make(chan struct{})}
	s.wg.Add(1)
	go s.loop()
	return s
}

func (s *streamer) onDelta(delta string) error {
	s.mu.Lock()
	s.text.WriteString(delta)
	s.dirty = true
	s.mu.Unlock()
	return nil
}

func (s *streamer) loop() {
	defer s.wg.Done()
	defer func() {
		if r := recover(); r != nil {
			s.b.log.Error("panic in streamer", "panic", r)
		}
	}()
	t := time.NewTicker(s.b.opts.EditInterval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		s.mu.Lock()
		if !s.dirty || s.edits >= s.b.opts.MaxEdits || strings.TrimSpace(s.text.String()) == "" {
			s.mu.Unlock()
			continue
		}
		if !s.b.edits.Allow() {
			s.mu.Unlock()
			continue
		}
		text := s.text.String()
		s.dirty = false
		s.edits++
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := s.surf.progress(ctx, renderStreaming(text)); err != nil {
			s.b.log.Warn("streamed edit", "err", err)
		}
		cancel()
	}
}

// stop ends the loop and waits for an edit in progress, so no partial text
// lands after the final answer.
func (s *streamer) stop() {
	s.stopOnce.Do(func() { close(s.done) })
	s.wg.Wait()
}

func (s *streamer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.edits
}

// allow takes a token from the user's bucket, or says how long until one is
// free.
func (b *Bot) allow(userID string) (time.Duration, bool) {
	b.limMu.Lock()
	defer b.limMu.Unlock()
	l := b.limiters[userID]
	if l == nil {
		if len(b.limiters) >= 10000 { // forget users whose bucket is full again
			for id, old := range b.limiters {
				if old.Tokens() >= float64(b.opts.RateBurst) {
					delete(b.limiters, id)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(b.opts.RatePer), b.opts.RateBurst)
		b.limiters[userID] = l
	}
	r := l.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return d, false
	}
	return 0, true
}

// firstNotice reports whether userID has not been told to wait within the
// last RatePer, and notes that they now have.
func (b *Bot) firstNotice(userID string) bool {
	b.limMu.Lock()
	defer b.limMu.Unlock()
	if t, ok := b.noticed[userID]; ok && time.Since(t) < b.opts.RatePer {
		return false
	}
	if len(b.noticed) >= 10000 {
		clear(b.noticed)
	}
	b.noticed[userID] = time.Now()
	return true
}

func retryText(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	return fmt.Sprintf(msgRateLimited, s, plural(s, "second", "seconds"))
}

// checkQuestion returns the sentence refusing q, or "" if q is fine.
func (b *Bot) checkQuestion(q, example string) string {
	switch n := runes(q); {
	case strings.TrimSpace(q) == "":
		return "Please ask a question, for example " + example + "."
	case n > b.opts.MaxQuestionLen:
		return fmt.Sprintf("That question is %d characters long; please keep it under %d.", n, b.opts.MaxQuestionLen)
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Sentences a user sees when no answer comes.
const (
	msgQueued      = "Queued: %d %s ahead of yours. I'll start on it as soon as a slot is free."
	msgBusy        = "Sorry, I'm answering too many questions right now. Please try again in a minute."
	msgShutdown    = "Sorry, the bot is restarting, so I stopped this answer. Please ask again in a minute."
	msgTimeout     = "Sorry, this took longer than %d s, so I stopped. Please try again, perhaps with a narrower question."
	msgFailed      = "Sorry, I couldn't answer that right now: the answering service failed. Please try again later."
	msgNoWords     = "Please ask your question in words, for example: %s" // an example question about the coverage
	msgRateLimited = "You're asking faster than I can keep up with. Please try again in %d %s."
	msgNoStore     = "Sorry, I can't look that up: the answer log is not available."
	msgNotFound    = "I can't find that answer in my log (it may be from before the retention period, or not one of my answers)."
	msgNotMod      = "Sorry, only moderators can use this."
	msgBelow       = "The answer is in the message below."
	msgNotPosted   = "Sorry, I had an answer but Discord would not take the message. Please try again later."
)
