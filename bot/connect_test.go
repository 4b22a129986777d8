package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/internal/fakediscord"
)

// TestRunStartUpFaults: at start-up Discord is unreachable (no response),
// down (503 on GET gateway, 500 on registering the commands), its gateway
// refuses the websocket or accepts it and says nothing. Run retries with
// backoff, reporting each reason (naming the URL actually used, under the
// configured API base, not discord.com), until it clears; then it serves.
// A rejected token (close 4004 on IDENTIFY, 401 on a REST call) stops it at
// once with ErrBadToken; cancelling stops the retries.
func TestRunStartUpFaults(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		path     string // the request that fails: "gateway", "ws", or a prefix of the path
		status   int
		times    int  // failures injected (-1: every time)
		badToken bool // the fake treats the token as revoked
		cancel   bool // cancel once the first failure is reported
		wantErr  error
		reason   string // in the reported reasons
	}{
		{"503 on GET gateway", "gateway", 503, 3, false, false, nil, "GET http://127.0.0.1:"},
		{"no response to GET gateway", "gateway", fakediscord.Drop, 2, false, false, nil, `Get "http://127.0.0.1:`},
		{"gateway refuses the websocket", "ws", 503, 2, false, false, nil, "bad handshake"},
		{"gateway says nothing", "ws", fakediscord.Silent, 1, false, false, nil, "timeout"},
		{"500 on registering the commands", "applications/", 500, 2, false, false, nil, "PUT http://127.0.0.1:"},
		{"revoked token: gateway closes with 4004", "", 0, 0, true, false, ErrBadToken, ""},
		{"401 on registering the commands", "applications/", 401, -1, false, false, ErrBadToken, ""},
		{"cancelled while Discord is down", "gateway", 503, -1, false, true, context.Canceled, "GET http://127.0.0.1:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fd := fakediscord.New(t)
			fd.BadToken = tt.badToken
			var mu sync.Mutex
			failed := 0
			var reasons []string
			ready := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fd.Fail = func(c fakediscord.Call) int {
				mu.Lock()
				defer mu.Unlock()
				if tt.path == "" || !strings.HasPrefix(c.Path, tt.path) || (tt.times >= 0 && failed >= tt.times) {
					return 0
				}
				failed++
				return tt.status
			}
			s, err := NewSession("test-token", fd.APIBase(), Intents(Options{}))
			if err != nil {
				t.Fatal(err)
			}
			s.LogLevel = -1
			s.Dialer.HandshakeTimeout = 300 * time.Millisecond
			var logs syncBuffer
			b := newTestBot(s, &fakeAsker{}, nil, Options{Logger: bufLogger(&logs), Library: fakeLibrary{testPassages},
				ConnectRetryMin: 5 * time.Millisecond, ConnectRetryMax: 20 * time.Millisecond,
				ConnectState: func(err error) {
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						close(ready)
						reasons = append(reasons, "ready")
					} else {
						reasons = append(reasons, err.Error())
					}
					if tt.cancel {
						cancel()
					}
				}})
			done := make(chan error, 1)
			go func() { done <- b.Run(ctx, s) }()
			if tt.wantErr == nil {
				select {
				case <-ready:
				case err := <-done:
					t.Fatalf("Run = %v before it was ready", err)
				case <-time.After(wait):
					t.Fatal("never ready")
				}
				cancel()
			}
			var runErr error
			select {
			case runErr = <-done:
			case <-time.After(wait):
				t.Fatal("Run did not return")
			}
			switch {
			case tt.wantErr == nil && runErr != nil:
				t.Errorf("Run = %v; want a clean stop after serving", runErr)
			case tt.wantErr != nil && !errors.Is(runErr, tt.wantErr):
				t.Errorf("Run = %v; want %v", runErr, tt.wantErr)
			}
			mu.Lock()
			defer mu.Unlock()
			all := strings.Join(reasons, "\n")
			if tt.wantErr == nil && (len(reasons) < 2 || reasons[len(reasons)-1] != "ready") {
				t.Errorf("reported %q; want the failures, then ready", reasons)
			}
			if tt.reason != "" && !strings.Contains(all, tt.reason) {
				t.Errorf("reported %q; want a reason with %q", reasons, tt.reason)
			}
			if errors.Is(tt.wantErr, ErrBadToken) && len(reasons) > 0 {
				t.Errorf("retried a rejected token: %q", reasons)
			}
			text := all + "\n" + logs.String()
			if runErr != nil {
				text += "\n" + runErr.Error()
			}
			if strings.Contains(text, "discord.com") || strings.Contains(text, "test-token") {
				t.Errorf("errors name discord.com or the token:\n%s", text)
			}
		})
	}
}
