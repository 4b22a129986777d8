package httpretry

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// server answers with the statuses in order (the last one repeats), each
// with the Retry-After header of the same index when given, and records
// the bodies it received.
type server struct {
	mu       sync.Mutex
	statuses []int
	after    []string
	bodies   []string
	delay    time.Duration // the first request hangs this long
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := len(s.bodies)
	s.bodies = append(s.bodies, string(b))
	s.mu.Unlock()
	if i == 0 && s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return
		}
	}
	if i < len(s.after) && s.after[i] != "" {
		w.Header().Set("Retry-After", s.after[i])
	}
	w.WriteHeader(s.statuses[min(i, len(s.statuses)-1)])
	io.WriteString(w, "body")
}

func TestDo(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	for _, tt := range []struct {
		name       string
		srv        *server
		doer       Doer
		deadline   time.Duration
		wantStatus int
		wantSent   int
		wantWaits  []time.Duration // exact; nil means check count only via wantSent
	}{
		{name: "429 waits out Retry-After seconds", srv: &server{statuses: []int{429, 200}, after: []string{"2"}},
			doer: Doer{MaxRetries: 3}, wantStatus: 200, wantSent: 2, wantWaits: []time.Duration{2 * time.Second}},
		{name: "503 with an HTTP date", srv: &server{statuses: []int{503, 200}, after: []string{date}},
			doer: Doer{MaxRetries: 3, MaxRetryAfter: 5 * time.Minute}, wantStatus: 200, wantSent: 2},
		{name: "500s until the retries run out", srv: &server{statuses: []int{500}},
			doer: Doer{MaxRetries: 2}, wantStatus: 500, wantSent: 3},
		{name: "400 is not retried", srv: &server{statuses: []int{400}},
			doer: Doer{MaxRetries: 3}, wantStatus: 400, wantSent: 1},
		{name: "Retry-After beyond MaxWait gives up at once", srv: &server{statuses: []int{429, 200}, after: []string{"3600"}},
			doer: Doer{MaxRetries: 3, MaxWait: time.Minute}, wantStatus: 429, wantSent: 1},
		{name: "a wait past the deadline gives up at once", srv: &server{statuses: []int{429, 200}, after: []string{"20"}},
			doer: Doer{MaxRetries: 3}, deadline: 5 * time.Second, wantStatus: 429, wantSent: 1},
		{name: "a hung attempt times out and is retried", srv: &server{statuses: []int{200}, delay: time.Minute},
			doer: Doer{MaxRetries: 1, AttemptTimeout: 50 * time.Millisecond}, wantStatus: 200, wantSent: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.srv)
			defer srv.Close()
			var waits []time.Duration
			var retries, attempts int
			d := tt.doer
			d.Sleep = func(ctx context.Context, w time.Duration) error { waits = append(waits, w); return ctx.Err() }
			d.OnRetry = func(*http.Request, int, int, time.Duration, error) { retries++ }
			d.OnAttempt = func() { attempts++ }
			ctx := t.Context()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader(`{"input":"x"}`))
			resp, err := d.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus || string(body) != "body" {
				t.Errorf("status %d body %q; want %d and the body", resp.StatusCode, body, tt.wantStatus)
			}
			if len(tt.srv.bodies) != tt.wantSent || attempts != tt.wantSent || retries != tt.wantSent-1 {
				t.Errorf("sent %d (OnAttempt %d, OnRetry %d); want %d", len(tt.srv.bodies), attempts, retries, tt.wantSent)
			}
			for i, b := range tt.srv.bodies {
				if b != `{"input":"x"}` && !(i == 0 && tt.srv.delay > 0) {
					t.Errorf("request %d carried %q; want the body again", i, b)
				}
			}
			if tt.wantWaits != nil && !equal(waits, tt.wantWaits) {
				t.Errorf("waits %v; want %v", waits, tt.wantWaits)
			}
			for _, w := range waits {
				if w > max(d.MaxWait, d.MaxRetryAfter, 30*time.Second) {
					t.Errorf("waited %v, above MaxWait and MaxRetryAfter", w)
				}
			}
		})
	}
}

func equal(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDoTransportError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // connection refused from now on
	sent := 0
	d := Doer{MaxRetries: 2, OnAttempt: func() { sent++ },
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+addr, nil)
	resp, err := d.Do(req)
	if err == nil || resp != nil {
		t.Fatalf("Do = %v, %v; want a connection error", resp, err)
	}
	if sent != 3 {
		t.Errorf("sent %d; want 3 (the first and 2 retries)", sent)
	}

	// A cancelled caller stops at once, with the caller's error.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr, nil)
	if _, err := d.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled", err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 10, 21, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{"Mon, 21 Oct 2024 12:00:10 GMT", 10 * time.Second, true},
		{"Mon, 21 Oct 2024 11:00:00 GMT", 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-1", 0, false},
	} {
		got, ok := RetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
