// Package httpretry sends HTTP requests again after a rate limit (429), a
// server error (500, 502, 503, 504) or a transport error, with capped,
// jittered exponential backoff that defers to the server's Retry-After.
// It is the HTTP client under go-openai, which never retries and drops the
// response headers of an error, so Retry-After can only be read below it.
package httpretry

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Doer sends requests with retries; it satisfies go-openai's HTTPDoer.
// Only the status line decides: a response that is not retried (a 2xx, a
// 4xx other than 429, or the last attempt) is returned with its body
// untouched, so a streamed body reaches the caller as it arrives and
// nothing is retried once it has been handed over.
type Doer struct {
	Client         *http.Client  // nil means http.DefaultClient
	MaxRetries     int           // retries after the first attempt; 0 means none
	Base           time.Duration // first backoff, doubled each retry, jittered to [b/2, b]; 0 means 500ms
	MaxWait        time.Duration // cap on one backoff wait; 0 means 30s
	MaxRetryAfter  time.Duration // longest Retry-After honoured, a longer one ends the retries; 0 means MaxWait
	AttemptTimeout time.Duration // bounds each attempt, body included; 0 means none (streams)
	// OnAttempt, when set, is called before every request sent.
	OnAttempt func()
	// OnRetry, when set, is told of each retry before its wait: the failed
	// attempt (1-based), its status (0 for a transport error) and error.
	OnRetry func(req *http.Request, attempt, status int, wait time.Duration, err error)
	// Sleep waits d or until ctx ends; nil means a timer. Tests record waits.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Do sends req, retrying as the Doer allows. It gives up early, returning
// the last response or error, when the wait would pass ctx's deadline or
// a Retry-After asks for more than MaxRetryAfter.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	client := d.Client
	if client == nil {
		client = http.DefaultClient
	}
	base, maxWait := d.Base, d.MaxWait
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	maxAfter := d.MaxRetryAfter
	if maxAfter <= 0 {
		maxAfter = maxWait
	}
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		cancel := context.CancelFunc(func() {})
		if d.AttemptTimeout > 0 {
			var actx context.Context
			actx, cancel = context.WithTimeout(ctx, d.AttemptTimeout)
			r = r.WithContext(actx)
		}
		if d.OnAttempt != nil {
			d.OnAttempt()
		}
		resp, err := client.Do(r)
		if err == nil && !Retryable(resp.StatusCode) {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		if err != nil && ctx.Err() != nil {
			cancel()
			return nil, ctx.Err()
		}
		wait := min(maxWait, base<<min(attempt, 20))
		wait = wait/2 + rand.N(wait/2+1)
		status := 0
		if resp != nil {
			status = resp.StatusCode
			if ra, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				wait = ra
			}
		}
		dl, hasDeadline := ctx.Deadline()
		if attempt >= d.MaxRetries || wait > maxAfter || (hasDeadline && time.Until(dl) < wait) {
			if resp != nil {
				resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			} else {
				cancel()
			}
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		cancel()
		if d.OnRetry != nil {
			d.OnRetry(req, attempt+1, status, wait, err)
		}
		sleep := d.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// Retryable reports whether a response with this status is worth sending again.
func Retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// RetryAfter reads a Retry-After header, in seconds or as an HTTP date
// (a date in the past means no wait); ok is false when it is absent or
// unreadable.
func RetryAfter(h string, now time.Time) (wait time.Duration, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(h, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// cancelBody releases an attempt's timeout once its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
