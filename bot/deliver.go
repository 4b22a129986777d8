package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What discordgo (v0.29.0) already retries, and so the bot does not retry
// again at once: a 429 with a JSON body is waited out for its retry_after
// and retried inside the library (ShouldRetryOnRateLimit, set by
// NewSession), so it never reaches the bot; a 502 is retried at once up to
// MaxRestRetries times, then returned as a plain error ("Exceeded Max
// retries HTTP 502 …"). Every other 5xx comes back as a *RESTError on the
// first try, and a dropped connection as a *url.Error. deliver adds what
// the library lacks for messages that carry an answer: retries spaced by a
// growing backoff, bounded by the deadline of the answer's context.

// transient reports whether err is worth retrying later: a 5xx from
// Discord, a 429 the library handed back (with the wait it asks for), or a
// request that got no response. Anything else (400 invalid form body, 403,
// 404 unknown webhook, 401) fails the same way every time.
func transient(err error) (wait time.Duration, ok bool) {
	if err == nil {
		return 0, false
	}
	if rl, okRL := errors.AsType[*discordgo.RateLimitError](err); okRL && rl.RateLimit != nil && rl.TooManyRequests != nil {
		return rl.RetryAfter, true
	}
	if re, okRE := errors.AsType[*discordgo.RESTError](err); okRE && re.Response != nil {
		code := re.Response.StatusCode
		return 0, code >= 500 || code == 429
	}
	if strings.HasPrefix(err.Error(), "Exceeded Max retries HTTP 5") { // discordgo's 502 after its own retries
		return 0, true
	}
	if ue, okURL := errors.AsType[*url.Error](err); okURL {
		return 0, !errors.Is(ue, context.Canceled) && !errors.Is(ue, context.DeadlineExceeded)
	}
	return 0, false
}

// deliver runs send until it succeeds, fails for good, or retries runs out
// (retries < 0: no limit but ctx's deadline). After a transient failure it
// waits RetryMin, then twice that each time up to RetryMax (with jitter,
// so answers failing together do not retry together), or the wait a 429
// asks for if longer; it never waits past ctx's deadline and stops when
// the bot shuts down. Each retry is logged with what and the error.
func (b *Bot) deliver(ctx context.Context, what string, retries int, send func(ctx context.Context) (*discordgo.Message, error)) (*discordgo.Message, error) {
	backoff := b.opts.RetryMin
	for attempt := 1; ; attempt++ {
		m, err := send(ctx)
		if err == nil {
			return m, nil
		}
		after, ok := transient(err)
		if !ok || ctx.Err() != nil || (retries >= 0 && attempt > retries) {
			return nil, err
		}
		wait := backoff/2 + rand.N(backoff/2+1) // jitter: half to all of the backoff
		wait = max(wait, after)
		if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
			return nil, err // the next try would come too late to be of use
		}
		b.log.Warn("discord failed to take a message, retrying", "what", what, "attempt", attempt, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-b.base.Done(): // shutting down: no time for retries
			t.Stop()
			return nil, err
		}
		backoff = min(backoff*2, b.opts.RetryMax)
	}
}

// redacted hides an interaction token in an error's text: the token is in
// every webhook URL, and a *url.Error quotes the URL. Errors.Is and As see
// the error unchanged.
type redacted struct {
	err   error
	token string
}

func (r redacted) Error() string {
	if r.token == "" {
		return r.err.Error()
	}
	return strings.ReplaceAll(r.err.Error(), r.token, "***")
}

func (r redacted) Unwrap() error { return r.err }

func redact(err error, token string) error {
	if err == nil {
		return nil
	}
	return redacted{err: err, token: token}
}

// interactionSurface edits a deferred interaction's original response and
// sends any further parts as follow-ups. The final messages are retried
// through transient failures; if the original response cannot be edited,
// the answer goes out as a follow-up instead.
type interactionSurface struct {
	b     *Bot
	i     *discordgo.Interaction
	flags discordgo.MessageFlags // of the follow-ups: ephemeral when the response is
}

func (s *interactionSurface) progress(ctx context.Context, m message) error {
	_, err := s.b.api.InteractionResponseEdit(s.i, m.webhookEdit(), discordgo.WithContext(ctx))
	return redact(err, s.i.Token)
}

func (s *interactionSurface) edit(ctx context.Context, m message) (*discordgo.Message, error) {
	sent, err := s.b.api.InteractionResponseEdit(s.i, m.webhookEdit(), discordgo.WithContext(ctx))
	return sent, redact(err, s.i.Token)
}

func (s *interactionSurface) followup(ctx context.Context, m message) (*discordgo.Message, error) {
	sent, err := s.b.api.FollowupMessageCreate(s.i, true, m.webhookParams(s.flags), discordgo.WithContext(ctx))
	return sent, redact(err, s.i.Token)
}

func (s *interactionSurface) final(ctx context.Context, msgs []message) ([]string, error) {
	var ids []string
	for n, m := range msgs {
		var sent *discordgo.Message
		var err error
		if n == 0 {
			sent, err = s.b.deliver(ctx, "edit of the original response", s.b.opts.EditRetries, func(ctx context.Context) (*discordgo.Message, error) {
				return s.edit(ctx, m)
			})
			if err != nil && ctx.Err() == nil {
				// The original response will not take it: send the answer
				// as a follow-up, and point the original at it if it can.
				s.b.log.Warn("original response not edited; sending the answer as a follow-up",
					"interaction", s.i.ID, "err", err)
				sent, err = s.b.deliver(ctx, "follow-up in place of the original response", -1, func(ctx context.Context) (*discordgo.Message, error) {
					return s.followup(ctx, m)
				})
				if err == nil {
					_, _ = s.edit(ctx, message{Content: msgBelow})
				}
			}
		} else {
			sent, err = s.b.deliver(ctx, "follow-up", -1, func(ctx context.Context) (*discordgo.Message, error) {
				return s.followup(ctx, m)
			})
		}
		if err != nil {
			return ids, fmt.Errorf("send part %d of %d: %w", n+1, len(msgs), err)
		}
		if sent != nil && sent.ID != "" {
			ids = append(ids, sent.ID)
		}
	}
	return ids, nil
}

// channelSurface replies to a message in a channel: the first progress
// sends the reply, later ones edit it, and further parts are new replies.
// The final messages are retried through transient failures; if the reply
// cannot be edited, the answer goes out as a new reply.
type channelSurface struct {
	b         *Bot
	channelID string
	ref       *discordgo.MessageReference

	msgID string // the first reply, once sent; used by one goroutine at a time (streamer, then final)
}

// put sends the first reply, or edits it once sent.
func (s *channelSurface) put(ctx context.Context, m message) (string, error) {
	if s.msgID == "" {
		sent, err := s.b.api.ChannelMessageSendComplex(s.channelID, m.send(s.ref), discordgo.WithContext(ctx))
		if err != nil {
			return "", err
		}
		s.msgID = sent.ID
		return sent.ID, nil
	}
	_, err := s.b.api.ChannelMessageEditComplex(m.edit(s.channelID, s.msgID), discordgo.WithContext(ctx))
	return s.msgID, err
}

func (s *channelSurface) progress(ctx context.Context, m message) error {
	_, err := s.put(ctx, m)
	return err
}

func (s *channelSurface) send(ctx context.Context, what string, m message) (string, error) {
	sent, err := s.b.deliver(ctx, what, -1, func(ctx context.Context) (*discordgo.Message, error) {
		return s.b.api.ChannelMessageSendComplex(s.channelID, m.send(s.ref), discordgo.WithContext(ctx))
	})
	if err != nil {
		return "", err
	}
	return sent.ID, nil
}

func (s *channelSurface) final(ctx context.Context, msgs []message) ([]string, error) {
	var ids []string
	for n, m := range msgs {
		var id string
		var err error
		switch {
		case n == 0 && s.msgID != "":
			old := s.msgID
			_, err = s.b.deliver(ctx, "edit of the reply", s.b.opts.EditRetries, func(ctx context.Context) (*discordgo.Message, error) {
				return s.b.api.ChannelMessageEditComplex(m.edit(s.channelID, old), discordgo.WithContext(ctx))
			})
			id = old
			if err != nil && ctx.Err() == nil {
				s.b.log.Warn("reply not edited; sending the answer as a new reply", "channel", s.channelID, "err", err)
				if id, err = s.send(ctx, "new reply in place of the edit", m); err == nil {
					s.msgID = id
					_, _ = s.b.api.ChannelMessageEditComplex(message{Content: msgBelow}.edit(s.channelID, old), discordgo.WithContext(ctx))
				}
			}
		case n == 0:
			if id, err = s.send(ctx, "reply", m); err == nil {
				s.msgID = id
			}
		default:
			id, err = s.send(ctx, "further part", m)
		}
		if err != nil {
			return ids, fmt.Errorf("send part %d of %d: %w", n+1, len(msgs), err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
