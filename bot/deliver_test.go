package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"
)

func restErr(status int) error {
	return &discordgo.RESTError{Response: &http.Response{StatusCode: status, Status: fmt.Sprint(status)}}
}

func TestTransient(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
		wait time.Duration
	}{
		{"500", restErr(500), true, 0},
		{"503 wrapped", fmt.Errorf("send part 1 of 1: %w", restErr(503)), true, 0},
		{"502 after discordgo's retries", errors.New("Exceeded Max retries HTTP 502 Bad Gateway, <html>"), true, 0},
		{"429 handed back", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{
			TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 2 * time.Second}}}, true, 2 * time.Second},
		{"no response", &url.Error{Op: "Patch", URL: "https://x/", Err: errors.New("EOF")}, true, 0},
		{"cancelled", &url.Error{Op: "Patch", URL: "https://x/", Err: context.Canceled}, false, 0},
		{"400 invalid form body", restErr(400), false, 0},
		{"404 unknown webhook", restErr(404), false, 0},
		{"401", restErr(401), false, 0},
		{"other", errors.New("boom"), false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wait, ok := transient(tt.err)
			if ok != tt.want || wait != tt.wait {
				t.Errorf("transient(%v) = %v, %v; want %v, %v", tt.err, wait, ok, tt.want, tt.wait)
			}
		})
	}
}

// TestDeliverBackoff: retries wait RetryMin, then double up to RetryMax
// (jitter keeps each wait between half and all of that), honour a 429's
// longer wait, stop at a permanent error, after EditRetries when given, and
// never wait past the context's deadline.
func TestDeliverBackoff(t *testing.T) {
	for _, tt := range []struct {
		name     string
		errs     []error // one per try; past the end, success
		retries  int
		deadline time.Duration
		wantErr  bool
		tries    int
		maxWaits []time.Duration // upper bound of each wait
		minWaits []time.Duration
	}{
		{"500 then ok", []error{restErr(500)}, -1, time.Minute, false, 2,
			[]time.Duration{time.Second}, []time.Duration{500 * time.Millisecond}},
		{"backoff doubles to the cap", []error{restErr(500), restErr(503), restErr(500), restErr(500), restErr(500)}, -1, time.Hour, false, 6,
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second},
			[]time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 2 * time.Second, 2 * time.Second}},
		{"a 429's wait is honoured", []error{&discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{
			TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 3 * time.Second}}}}, -1, time.Minute, false, 2,
			[]time.Duration{3 * time.Second}, []time.Duration{3 * time.Second}},
		{"permanent error: one try", []error{restErr(400)}, -1, time.Minute, true, 1, nil, nil},
		{"retries run out", []error{restErr(500), restErr(500), restErr(500)}, 1, time.Minute, true, 2,
			[]time.Duration{time.Second}, nil},
		{"no wait past the deadline", []error{restErr(500), restErr(500), restErr(500), restErr(500)}, -1, 1200 * time.Millisecond, true, 2,
			[]time.Duration{time.Second}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b := newTestBot(&recorder{}, &fakeAsker{}, nil, Options{Logger: quiet(), RetryMin: time.Second, RetryMax: 4 * time.Second})
				ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
				defer cancel()
				var at []time.Time
				_, err := b.deliver(ctx, "test", tt.retries, func(context.Context) (*discordgo.Message, error) {
					at = append(at, time.Now())
					if n := len(at) - 1; n < len(tt.errs) {
						return nil, tt.errs[n]
					}
					return &discordgo.Message{ID: "1"}, nil
				})
				if (err != nil) != tt.wantErr || len(at) != tt.tries {
					t.Fatalf("deliver: err %v after %d tries; want error %v after %d", err, len(at), tt.wantErr, tt.tries)
				}
				for n := 1; n < len(at); n++ {
					w := at[n].Sub(at[n-1])
					if n-1 < len(tt.maxWaits) && w > tt.maxWaits[n-1] {
						t.Errorf("wait %d = %v; want at most %v", n, w, tt.maxWaits[n-1])
					}
					if n-1 < len(tt.minWaits) && w < tt.minWaits[n-1] {
						t.Errorf("wait %d = %v; want at least %v", n, w, tt.minWaits[n-1])
					}
				}
				if dl, _ := ctx.Deadline(); len(at) > 0 && at[len(at)-1].After(dl) {
					t.Errorf("a try after the deadline")
				}
			})
		})
	}
}
