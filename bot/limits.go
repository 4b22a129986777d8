package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// Limits are the bot's admission and queue settings. The bot keeps no
// defaults for them: config owns them (config.Default, checked by
// config.Validate) and cmd/newsbot copies them in, so each value is written
// in one place.
type Limits struct {
	RatePer        time.Duration // one question per RatePer per user, refilled continuously; 0 means no limit
	RateBurst      int           // questions a user may ask at once; at least 1
	MaxQuestionLen int           // in characters; at least 1
	AnswerTimeout  time.Duration // per answer, not counting the queue; positive, cut to 12 min
	MaxConcurrent  int           // answers made at once; at least 1
	MaxQueue       int           // answers waiting for a slot before "busy"; 0 means none wait
}

// maxAnswerTimeout keeps an answer, with its queue wait, inside the
// 15-minute lifetime of an interaction token.
const maxAnswerTimeout = 12 * time.Minute

// Validate reports the first limit that is out of range, naming it.
func (l Limits) Validate() error {
	switch {
	case l.RatePer < 0:
		return fmt.Errorf("Limits.RatePer %v: want 0 (no limit) or more", l.RatePer)
	case l.RateBurst < 1:
		return fmt.Errorf("Limits.RateBurst %d: want 1 or more", l.RateBurst)
	case l.MaxQuestionLen < 1:
		return fmt.Errorf("Limits.MaxQuestionLen %d: want 1 or more", l.MaxQuestionLen)
	case l.AnswerTimeout <= 0:
		return fmt.Errorf("Limits.AnswerTimeout %v: want a positive duration", l.AnswerTimeout)
	case l.MaxConcurrent < 1:
		return fmt.Errorf("Limits.MaxConcurrent %d: want 1 or more", l.MaxConcurrent)
	case l.MaxQueue < 0:
		return fmt.Errorf("Limits.MaxQueue %d: want 0 or more", l.MaxQueue)
	}
	return nil
}

// takeSlot waits for a free answer slot, showing the asker their place in
// the queue. When MaxQueue questions already wait, when the wait passes
// QueueTimeout or when the bot shuts down, it ends j with a message and
// returns the outcome (busy or shutdown); "" means j now holds a slot.
func (b *Bot) takeSlot(j *job) string {
	select {
	case b.slots <- struct{}{}:
		return ""
	default:
	}
	ahead := int(b.waiting.Add(1))
	if ahead > b.opts.Limits.MaxQueue {
		b.waiting.Add(-1)
		b.obs.Rejected(j.kind, "busy")
		b.finish(j, []message{{Content: msgBusy}})
		return "busy"
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
	switch {
	case err == nil:
		return ""
	case errors.Is(context.Cause(b.base), errShutdown):
		b.finish(j, []message{{Content: msgShutdown}})
		return "shutdown"
	default:
		b.obs.Rejected(j.kind, "busy")
		b.finish(j, []message{{Content: msgBusy}})
		return "busy"
	}
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
				if old.Tokens() >= float64(b.opts.Limits.RateBurst) {
					delete(b.limiters, id)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(b.opts.Limits.RatePer), b.opts.Limits.RateBurst)
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
	if t, ok := b.noticed[userID]; ok && time.Since(t) < b.opts.Limits.RatePer {
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

// tooLong returns the sentence refusing a question longer than
// MaxQuestionLen, or "" if q is short enough.
func (b *Bot) tooLong(q string) string {
	if n := runes(q); n > b.opts.Limits.MaxQuestionLen {
		return fmt.Sprintf(msgTooLong, n, b.opts.Limits.MaxQuestionLen)
	}
	return ""
}
