package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// ErrBadToken is wrapped by Run's error when Discord rejects the bot token
// (HTTP 401, or gateway close 4004): retrying cannot help, the token must
// be replaced.
var ErrBadToken = errors.New("discord rejected the bot token")

// errConfig marks a start-up failure that settings, not time, must fix.
var errConfig = errors.New("discord refused the session's settings")

// connect opens the gateway and registers the commands, retrying a network
// problem or a 5xx (a DNS failure, a gateway that does not answer, Discord
// down) with capped backoff until it clears or ctx ends. A rejected token
// (ErrBadToken) or refused intents stop it at once. Each failed attempt is
// logged and reported to Options.ConnectState; so is success (nil).
func (b *Bot) connect(ctx context.Context, s *discordgo.Session) error {
	if err := b.bootRetry(ctx, "open discord gateway", func() error { return b.open(s) }); err != nil {
		return err
	}
	if s.State == nil || s.State.User == nil {
		_ = s.Close()
		return errors.New("open discord gateway: no user in READY")
	}
	b.SetSelf(s.State.User.ID)
	if err := b.bootRetry(ctx, "register commands", func() error { return b.Register(ctx, s.State.User.ID) }); err != nil {
		_ = s.Close()
		return err
	}
	b.opts.ConnectState(nil)
	return nil
}

// open opens the gateway once, sorting its failure: a bad token or refused
// intents are final, anything else may clear.
func (b *Bot) open(s *discordgo.Session) error {
	err := s.Open()
	if err == nil {
		return nil
	}
	err = actualURL(err)
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004: // authentication failed
			return fmt.Errorf("%w (gateway closed with 4004): %w", ErrBadToken, err)
		case 4014:
			return fmt.Errorf("%w: enable the Message Content intent for the bot in the Developer Portal "+
				"(needed by NEWSBOT_ANSWER_CHANNELS), or clear the answer channels: %w", errConfig, err)
		case 4010, 4011, 4012, 4013: // invalid shard, sharding required, invalid API version, invalid intents
			return fmt.Errorf("%w: %w", errConfig, err)
		}
	}
	return err
}

// bootRetry runs step until it succeeds, fails for good, or ctx ends.
func (b *Bot) bootRetry(ctx context.Context, what string, step func() error) error {
	backoff := b.opts.ConnectRetryMin
	for attempt := 1; ; attempt++ {
		err := step()
		if err == nil {
			return nil
		}
		err = actualURL(err)
		if re, ok := errors.AsType[*discordgo.RESTError](err); ok && re.Response != nil && re.Response.StatusCode == 401 {
			err = fmt.Errorf("%w (HTTP 401 from %s): %w", ErrBadToken, requestURL(re), err)
		}
		if errors.Is(err, ErrBadToken) || errors.Is(err, errConfig) {
			return fmt.Errorf("%s: %w", what, err)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, context.Cause(ctx))
		}
		err = fmt.Errorf("%s: %w", what, describe(err))
		b.opts.ConnectState(err)
		wait := backoff
		b.log.Warn("cannot reach discord; retrying", "attempt", attempt, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w (last error: %w)", what, context.Cause(ctx), err)
		}
		backoff = min(backoff*2, b.opts.ConnectRetryMax)
	}
}

// describe names the URL of a failed REST request when the error does not:
// a *RESTError's text is only the status and body.
func describe(err error) error {
	if re, ok := errors.AsType[*discordgo.RESTError](err); ok {
		if u := requestURL(re); u != "" {
			return fmt.Errorf("%s %s: %w", re.Request.Method, u, err)
		}
	}
	return err
}

// requestURL is the URL a REST request actually went to: the response's
// request is the one sent, after NewSession's rewrite to the API base.
func requestURL(re *discordgo.RESTError) string {
	switch {
	case re.Response != nil && re.Response.Request != nil && re.Response.Request.URL != nil:
		return re.Response.Request.URL.String()
	case re.Request != nil && re.Request.URL != nil:
		return re.Request.URL.String()
	}
	return ""
}

// actualURL makes a request error name the URL the request went to rather
// than discordgo's built-in https://discord.com/api/v9/… when NewSession
// sent it under another API base: the HTTP client quotes the URL it was
// given, and the rewriting transport wraps its own error with the real one.
func actualURL(err error) error {
	outer, ok := errors.AsType[*url.Error](err)
	if !ok {
		return err
	}
	if inner, ok := errors.AsType[*url.Error](outer.Err); ok {
		outer.URL, outer.Err = inner.URL, inner.Err
	}
	return err
}
