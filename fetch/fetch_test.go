package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// stubNet is a resolver and dialer that never touch the network: names
// resolve from a table, and a dial is recorded and then either refused or
// sent to a loopback test server.
type stubNet struct {
	mu     sync.Mutex
	names  map[string][]netip.Addr
	to     string // loopback address dials go to; "" refuses every dial
	dialed []string
	looked []string
}

func (s *stubNet) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.looked = append(s.looked, host)
	if a, ok := s.names[host]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("stub: no such host %s", host)
}

func (s *stubNet) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	s.mu.Lock()
	s.dialed = append(s.dialed, address)
	to := s.to
	s.mu.Unlock()
	if to == "" {
		return nil, errors.New("stub: dial refused")
	}
	if ap, err := netip.ParseAddrPort(to); err != nil || !ap.Addr().IsLoopback() {
		panic("stub dialer may only reach loopback: " + to)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, to)
}

func (s *stubNet) dials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.dialed...)
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

func TestBlocked(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		reason string // "" means allowed
	}{
		{"127.0.0.1", "loopback"},
		{"127.8.9.10", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "metadata"},
		{"169.254.10.10", "link-local"},
		{"fe80::1", "link-local"},
		{"fd00:ec2::254", "metadata"},
		{"100.100.100.200", "metadata"},
		{"100.64.0.1", "shared (carrier-grade NAT)"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"239.1.2.3", "multicast"},
		{"255.255.255.255", "reserved"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:169.254.169.254", "metadata"},
		{"::ffff:10.0.0.1", "private"},
		{"64:ff9b::a00:1", "NAT64"},
		{"93.184.215.14", ""},
		{"203.0.113.10", ""},
		{"2606:4700::1111", ""},
		{"172.32.0.1", ""},
	} {
		t.Run(tt.addr, func(t *testing.T) {
			reason, blocked := Blocked(netip.MustParseAddr(tt.addr))
			if blocked != (tt.reason != "") || reason != tt.reason {
				t.Errorf("Blocked(%s) = %q, %v; want %q", tt.addr, reason, blocked, tt.reason)
			}
		})
	}
}

// TestGuardNeverDials checks that a refused address is refused before any
// dial: the stub dialer records every address that would have been dialled.
func TestGuardNeverDials(t *testing.T) {
	stub := &stubNet{names: map[string][]netip.Addr{
		"metadata.example": addrs("169.254.169.254"),
		"intranet.example": addrs("10.0.0.7"),
		"rebind.example":   addrs("93.184.215.14", "192.168.0.10"),
		"local.example":    addrs("127.0.0.1"),
		"v6local.example":  addrs("::1"),
		"mapped.example":   addrs("::ffff:10.1.1.1"),
	}}
	c := New(Options{Resolver: stub, Dialer: stub, IgnoreRobots: true, HostDelay: -1})
	for _, u := range []string{
		"http://metadata.example/latest/meta-data/",
		"https://intranet.example/",
		"http://rebind.example/",
		"http://local.example:8080/",
		"http://v6local.example/",
		"http://mapped.example/",
		"http://169.254.169.254/latest/meta-data/iam",
		"http://10.0.0.1/",
		"http://[::1]:9000/",
		"http://[fe80::1%25eth0]/",
		"http://[::ffff:127.0.0.1]/",
		"http://0.0.0.0:8080/",
	} {
		t.Run(u, func(t *testing.T) {
			_, err := c.Get(context.Background(), u, Validators{})
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("Get(%s) error = %v; want a refused address", u, err)
			}
			if !strings.Contains(err.Error(), "NEWSBOT_FETCH_ALLOW_PRIVATE") {
				t.Errorf("error %q does not say how to allow it", err)
			}
		})
	}
	if d := stub.dials(); len(d) != 0 {
		t.Errorf("the guard dialled %v; want nothing dialled", d)
	}
}

func TestSchemes(t *testing.T) {
	stub := &stubNet{}
	c := New(Options{Resolver: stub, Dialer: stub, IgnoreRobots: true, HostDelay: -1})
	for _, u := range []string{"file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "javascript:alert(1)", "data:text/html,hi"} {
		_, err := c.Get(context.Background(), u, Validators{})
		if !errors.Is(err, ErrScheme) {
			t.Errorf("Get(%s) error = %v; want ErrScheme", u, err)
		}
	}
	if _, err := c.Get(context.Background(), "http://user:pw@example.org/", Validators{}); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("URL with credentials: error = %v", err)
	}
	if len(stub.dials())+len(stub.looked) != 0 {
		t.Errorf("dialled %v, looked up %v; want nothing", stub.dials(), stub.looked)
	}
}

// TestRedirectToPrivate follows a public-looking host (a documentation
// address, served by a loopback server through the stub dialer) that
// redirects to the metadata address: the second hop is never dialled.
func TestRedirectToPrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/story":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/story2":
			http.Redirect(w, r, "http://metadata.example/", http.StatusMovedPermanently)
		case "/story3":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		}
	}))
	defer srv.Close()
	stub := &stubNet{
		names: map[string][]netip.Addr{"news.example": addrs("203.0.113.10"), "metadata.example": addrs("fd00:ec2::254")},
		to:    srv.Listener.Addr().String(),
	}
	c := New(Options{Resolver: stub, Dialer: stub, IgnoreRobots: true, HostDelay: -1})
	for _, path := range []string{"/story", "/story2"} {
		_, err := c.Get(context.Background(), "http://news.example"+path, Validators{})
		var be *BlockedError
		if !errors.As(err, &be) || be.Reason != "metadata" {
			t.Errorf("%s: error = %v; want the metadata address refused", path, err)
		}
	}
	if _, err := c.Get(context.Background(), "http://news.example/story3", Validators{}); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to file: error = %v; want ErrScheme", err)
	}
	for _, d := range stub.dials() {
		if d != "203.0.113.10:80" {
			t.Errorf("dialled %s; want only the first hop, 203.0.113.10:80", d)
		}
	}
}

// fakeClock is a clock that sleeping moves forward.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slept = append(f.slept, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func loopbackClient(clock *fakeClock, o Options) *Client {
	o.AllowPrivate = true
	if clock != nil {
		o.Now, o.Sleep = clock.Now, clock.Sleep
	}
	return New(o)
}

func TestConditionalRequests(t *testing.T) {
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if !strings.HasPrefix(r.UserAgent(), "newsbot/") {
			t.Errorf("User-Agent %q does not name newsbot", r.UserAgent())
		}
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 02 Jan 2006 15:04:05 GMT" {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	c := loopbackClient(&fakeClock{now: time.Unix(1e9, 0)}, Options{})
	r1, err := c.Get(context.Background(), srv.URL+"/feed", Validators{})
	if err != nil || string(r1.Body) != "<rss/>" || r1.Validators.ETag != `"v1"` {
		t.Fatalf("first Get = %+v, %v", r1, err)
	}
	r2, err := c.Get(context.Background(), srv.URL+"/feed", r1.Validators)
	if err != nil || !r2.NotModified || len(r2.Body) != 0 || r2.Validators != r1.Validators {
		t.Fatalf("conditional Get = %+v, %v; want a 304 keeping the validators", r2, err)
	}
	r3, err := c.Get(context.Background(), srv.URL+"/feed", Validators{LastModified: r1.Validators.LastModified})
	if err != nil || !r3.NotModified {
		t.Fatalf("If-Modified-Since Get = %+v, %v", r3, err)
	}
	if full.Load() != 1 || notModified.Load() != 2 {
		t.Errorf("full=%d notModified=%d; want 1 and 2", full.Load(), notModified.Load())
	}
}

func TestRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	clock := &fakeClock{now: time.Unix(1e9, 0)}
	c := loopbackClient(clock, Options{})
	_, err := c.Get(context.Background(), srv.URL+"/a", Validators{})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 429 || se.RetryAfter != 2*time.Minute {
		t.Fatalf("error = %v; want a 429 with Retry-After 2m", err)
	}
	_, err = c.Get(context.Background(), srv.URL+"/b", Validators{})
	var we *WaitError
	if !errors.As(err, &we) {
		t.Fatalf("second Get error = %v; want a WaitError", err)
	}
	if hits.Load() != 1 {
		t.Errorf("the host got %d requests during its Retry-After; want 1", hits.Load())
	}
	clock.advance(2 * time.Minute)
	if r, err := c.Get(context.Background(), srv.URL+"/b", Validators{}); err != nil || string(r.Body) != "ok" {
		t.Errorf("after the wait: %v, %v", r, err)
	}
	// An HTTP-date Retry-After.
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if d := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now); d != 90*time.Second {
		t.Errorf("retryAfter(date) = %s; want 1m30s", d)
	}
	if d := retryAfter("soon", now); d != 0 {
		t.Errorf("retryAfter(soon) = %s; want 0", d)
	}
}

func TestSlowAndHanging(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hang": // never answers
			select {
			case <-r.Context().Done():
			case <-release:
			}
		case "/drip": // headers at once, then the body never ends
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}
	}))
	defer srv.Close()
	defer close(release)
	c := loopbackClient(nil, Options{Timeout: 200 * time.Millisecond, IgnoreRobots: true, HostDelay: -1})
	for _, p := range []string{"/hang", "/drip"} {
		_, err := c.Get(context.Background(), srv.URL+p, Validators{})
		if err == nil || !strings.Contains(err.Error(), "no complete response within 200ms") {
			t.Errorf("%s: error = %v; want the timeout named", p, err)
		}
	}
}

func TestSizeCaps(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 20<<20)) // 20 MiB of zeros, about 20 KiB compressed
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/huge": // no Content-Length: streamed
			for range 3 << 10 {
				w.Write(bytes.Repeat([]byte("<li><a href=/x>Menu</a></li>"), 40))
			}
		case "/declared":
			w.Header().Set("Content-Length", "99999999")
			w.WriteHeader(200)
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			fmt.Fprint(zw, "small and fine")
			zw.Close()
		}
	}))
	defer srv.Close()
	c := loopbackClient(nil, Options{MaxBytes: 1 << 20, IgnoreRobots: true, HostDelay: -1})
	for _, p := range []string{"/huge", "/declared", "/bomb"} {
		if _, err := c.Get(context.Background(), srv.URL+p, Validators{}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: error = %v; want ErrTooLarge", p, err)
		}
	}
	if r, err := c.Get(context.Background(), srv.URL+"/gzip", Validators{}); err != nil || string(r.Body) != "small and fine" {
		t.Errorf("/gzip = %v, %v", r, err)
	}
}

func TestRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case "/loop2":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/final", http.StatusMovedPermanently)
		case "/final":
			fmt.Fprint(w, "here")
		default:
			var n int
			fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
		}
	}))
	defer srv.Close()
	c := loopbackClient(nil, Options{IgnoreRobots: true, HostDelay: -1})
	if _, err := c.Get(context.Background(), srv.URL+"/loop", Validators{}); err == nil || !strings.Contains(err.Error(), "redirect loop") {
		t.Errorf("/loop: error = %v", err)
	}
	if _, err := c.Get(context.Background(), srv.URL+"/chain/0", Validators{}); err == nil || !strings.Contains(err.Error(), "more than 5 redirects") {
		t.Errorf("/chain: error = %v", err)
	}
	r, err := c.Get(context.Background(), srv.URL+"/moved", Validators{})
	if err != nil || r.URL != srv.URL+"/final" {
		t.Errorf("/moved = %+v, %v; want the final URL", r, err)
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: newsbot\nDisallow: /private/\nAllow: /private/press\nDisallow: /*.pdf$\n")
			return
		}
		fmt.Fprint(w, "page")
	}))
	defer srv.Close()
	c := loopbackClient(&fakeClock{now: time.Unix(1e9, 0)}, Options{})
	for path, ok := range map[string]bool{
		"/news/1":             true,
		"/private/x":          false,
		"/private/press/1":    true,
		"/report.pdf":         false,
		"/report.pdf?page=2":  true,
		"/":                   true,
		"/private":            true,
		"/private/x?utm=feed": false,
	} {
		_, err := c.Get(context.Background(), srv.URL+path, Validators{})
		if ok != (err == nil) || !ok && !errors.Is(err, ErrRobots) {
			t.Errorf("%s: error = %v; want allowed=%v", path, err, ok)
		}
	}
	if robotsHits.Load() != 1 {
		t.Errorf("robots.txt fetched %d times; want once", robotsHits.Load())
	}
}

// TestRedirectHopsAreChecked: a redirect to another host is held to that
// host's robots.txt, as the first request is to its own.
func TestRedirectHopsAreChecked(t *testing.T) {
	strict := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: newsbot\nDisallow: /members/\n")
			return
		}
		fmt.Fprint(w, "members only")
	}))
	defer strict.Close()
	open := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/go":
			http.Redirect(w, r, strict.URL+"/members/story", http.StatusFound)
		case "/ok":
			http.Redirect(w, r, strict.URL+"/public/story", http.StatusMovedPermanently)
		}
	}))
	defer open.Close()
	c := loopbackClient(&fakeClock{now: time.Unix(1e9, 0)}, Options{})
	_, err := c.Get(context.Background(), open.URL+"/go", Validators{})
	if !errors.Is(err, ErrRobots) || !strings.Contains(err.Error(), "redirected to "+strict.URL+"/members/story") {
		t.Errorf("redirect into a disallowed path: %v", err)
	}
	r, err := c.Get(context.Background(), open.URL+"/ok", Validators{})
	if err != nil || r.URL != strict.URL+"/public/story" || string(r.Body) != "members only" {
		t.Errorf("allowed redirect: %+v, %v", r, err)
	}
}

func TestParseRobotsStarGroup(t *testing.T) {
	r := parseRobots([]byte("User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /search\n"), "newsbot")
	if !r.allowed("/news") || r.allowed("/search?q=x") {
		t.Errorf("the * group was not applied: %+v", r)
	}
	if r := parseRobots([]byte("garbage\n\x00\xff"), "newsbot"); !r.allowed("/x") {
		t.Error("garbage robots.txt should allow")
	}
}

// TestOneRequestPerHost checks politeness: concurrent Gets to one host run
// one at a time, with the host delay between them.
func TestOneRequestPerHost(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // give another request the chance to overlap
		fmt.Fprint(w, "x")
	}))
	defer srv.Close()
	clock := &fakeClock{now: time.Unix(1e9, 0)}
	c := loopbackClient(clock, Options{HostDelay: 2 * time.Second, IgnoreRobots: true})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), fmt.Sprintf("%s/%d", srv.URL, i), Validators{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d requests to one host at once; want 1", most.Load())
	}
	if len(clock.slept) != 3 {
		t.Errorf("slept %v; want the host delay before each of the 3 later requests", clock.slept)
	}
	for _, d := range clock.slept {
		if d != 2*time.Second {
			t.Errorf("slept %s; want 2s", d)
		}
	}
}
