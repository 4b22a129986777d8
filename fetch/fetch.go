// Package fetch is newsbot's HTTP client for the open web: feeds and
// article pages. It is a door into the operator's network, so every
// connection goes through a guard that refuses loopback, private,
// link-local and cloud-metadata addresses (redirects included) unless
// AllowPrivate is set, and only http and https are fetched. It is polite:
// one request at a time per host with a delay between them, robots.txt
// obeyed, a User-Agent naming newsbot, Retry-After honoured. Every response
// has a timeout and caps on its size, compressed and decompressed, and on
// redirects. Conditional requests (ETag, Last-Modified) make an unchanged
// feed cost a 304.
package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Client. Zero values mean the defaults named.
type Options struct {
	UserAgent    string        // "" means "newsbot/dev (+https://github.com/newsbot/newsbot)"
	Timeout      time.Duration // whole request, body included; 0 means 20s
	MaxBytes     int64         // body cap, after decompression; 0 means 5 MiB
	MaxRedirects int           // 0 means 5
	HostDelay    time.Duration // pause between two requests to one host; 0 means 1s, <0 none
	MaxWait      time.Duration // longest Retry-After honoured by waiting; 0 means 0 (fail at once)
	AllowPrivate bool          // allow loopback, private and link-local addresses (intranets, tests)
	IgnoreRobots bool          // skip robots.txt (tests of other things only)
	Resolver     Resolver      // nil means net.DefaultResolver
	Dialer       Dialer        // nil means a net.Dialer with a 10s timeout
	Now          func() time.Time
	Sleep        func(ctx context.Context, d time.Duration) error // nil means a timer
}

// Client fetches pages and feeds. It is safe for concurrent use; requests
// to one host wait for each other.
type Client struct {
	opts  Options
	http  *http.Client
	mu    sync.Mutex
	hosts map[string]*hostState
}

// hostState is what the client remembers about one host.
type hostState struct {
	sync.Mutex           // held for the whole of one request to the host
	last       time.Time // when the last request to the host ended
	notBefore  time.Time // Retry-After: no request before this
	robots     *robots   // nil until fetched
	robotsAt   time.Time
}

// New returns a Client with opts' defaults filled in.
func New(opts Options) *Client {
	if opts.UserAgent == "" {
		opts.UserAgent = "newsbot/dev (+https://github.com/newsbot/newsbot)"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 5 << 20
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 5
	}
	if opts.HostDelay == 0 {
		opts.HostDelay = time.Second
	}
	if opts.Resolver == nil {
		opts.Resolver = net.DefaultResolver
	}
	if opts.Dialer == nil {
		opts.Dialer = &net.Dialer{Timeout: 10 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	c := &Client{opts: opts, hosts: map[string]*hostState{}}
	tr := &http.Transport{
		Proxy:               nil, // a proxy would connect where the guard cannot see
		DialContext:         guardedDial(opts.Resolver, opts.Dialer, opts.AllowPrivate),
		DisableCompression:  true, // decompressed here, under the cap
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 1,
		IdleConnTimeout:     30 * time.Second,
		ForceAttemptHTTP2:   true,
	}
	c.http = &http.Client{
		Transport: tr,
		// Redirects are followed by Get, one hop at a time, so that each
		// hop's host gets its politeness and robots.txt like the first.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrScheme is returned for a URL whose scheme is not http or https.
var ErrScheme = errors.New("only http and https URLs are fetched")

// ErrRobots is returned when robots.txt disallows a URL for newsbot.
var ErrRobots = errors.New("disallowed by robots.txt")

// ErrTooLarge is returned when a body passes the size cap.
var ErrTooLarge = errors.New("response too large")

func checkScheme(u *url.URL) error {
	switch u.Scheme {
	case "http", "https":
	default:
		return fmt.Errorf("%w (got %q)", ErrScheme, u.Scheme)
	}
	if u.Host == "" {
		return errors.New("URL has no host")
	}
	if u.User != nil {
		return errors.New("URL carries a user name or password")
	}
	return nil
}

// Validators are the conditional-request values of an earlier response.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Response is a fetched body, or a 304.
type Response struct {
	URL         string // the final URL, after redirects
	Status      int
	NotModified bool   // 304: Body is empty, the earlier copy still holds
	ContentType string // the Content-Type header (charset included)
	Body        []byte // decompressed, at most Options.MaxBytes
	Validators  Validators

	location string // a redirect's Location, followed by Get
}

// StatusError is a response that was neither 2xx nor 304.
type StatusError struct {
	URL        string
	Status     int
	RetryAfter time.Duration // from a 429 or 503, 0 when not given
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// WaitError is returned without any request when a host asked newsbot to
// come back later (Retry-After) and that time has not come.
type WaitError struct {
	Host  string
	Until time.Time
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("%s asked to wait until %s (Retry-After)", e.Host, e.Until.UTC().Format(time.RFC3339))
}

// Get fetches rawURL. With non-empty validators it is a conditional request
// and a 304 comes back as NotModified. Errors name the URL and the cause:
// a refused address (*BlockedError), a bad scheme, robots.txt, a status
// (*StatusError), a host still in its Retry-After (*WaitError), a timeout,
// a body too large.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	u.Fragment = ""
	first := u.Redacted()
	seen := map[string]bool{u.String(): true}
	for hop := 0; ; hop++ {
		resp, next, err := c.hop(ctx, u, v)
		if err != nil {
			if hop > 0 {
				return nil, fmt.Errorf("fetch %s: redirected to %s: %w", first, u.Redacted(), err)
			}
			return nil, fmt.Errorf("fetch %s: %w", first, err)
		}
		if next == nil {
			return resp, nil
		}
		switch {
		case hop+1 > c.opts.MaxRedirects:
			return nil, fmt.Errorf("fetch %s: more than %d redirects (last to %s)", first, c.opts.MaxRedirects, next.Redacted())
		case checkScheme(next) != nil:
			return nil, fmt.Errorf("fetch %s: redirect to %s: %w", first, next.Redacted(), checkScheme(next))
		case seen[next.String()]:
			return nil, fmt.Errorf("fetch %s: redirect loop at %s", first, next.Redacted())
		}
		seen[next.String()] = true
		u = next
	}
}

// accept is the Accept header of every request but robots.txt.
const accept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,application/xml;q=0.9,*/*;q=0.5"

// hop sends one request to u under its host's rules (one at a time, the
// delay, Retry-After, robots.txt) and returns the response, or the URL a
// redirect points to.
func (c *Client) hop(ctx context.Context, u *url.URL, v Validators) (*Response, *url.URL, error) {
	h := c.host(u.Host)
	h.Lock()
	defer h.Unlock()
	if err := c.polite(ctx, h, u.Host); err != nil {
		return nil, nil, err
	}
	if !c.opts.IgnoreRobots {
		if err := c.checkRobots(ctx, h, u); err != nil {
			return nil, nil, err
		}
	}
	resp, err := c.do(ctx, h, u.String(), v, accept)
	if err != nil {
		return nil, nil, err
	}
	if resp.location == "" {
		return resp, nil, nil
	}
	next, err := u.Parse(resp.location)
	if err != nil {
		return nil, nil, fmt.Errorf("redirect to %q: %w", resp.location, err)
	}
	next.Fragment = ""
	return nil, next, nil
}

func (c *Client) host(name string) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[name]
	if h == nil {
		h = &hostState{}
		c.hosts[name] = h
	}
	return h
}

// polite waits out the delay since the host's last request, and refuses
// while a Retry-After the host gave is running (waiting for it when it is
// no longer than MaxWait).
func (c *Client) polite(ctx context.Context, h *hostState, host string) error {
	now := c.opts.Now()
	if h.notBefore.After(now) {
		wait := h.notBefore.Sub(now)
		if wait > c.opts.MaxWait {
			return &WaitError{Host: host, Until: h.notBefore}
		}
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return err
		}
		now = c.opts.Now()
	}
	if c.opts.HostDelay > 0 && !h.last.IsZero() {
		if wait := h.last.Add(c.opts.HostDelay).Sub(now); wait > 0 {
			if err := c.opts.Sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
	return nil
}

// robotsTTL is how long a host's robots.txt is trusted.
const robotsTTL = 12 * time.Hour

func (c *Client) checkRobots(ctx context.Context, h *hostState, u *url.URL) error {
	if h.robots == nil || c.opts.Now().Sub(h.robotsAt) > robotsTTL {
		r := robots{}
		ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
		resp, err := c.do(ctx, h, ru.String(), Validators{}, "text/plain")
		var se *StatusError
		switch {
		case err == nil && resp.location != "":
			// A redirected robots.txt (often http to https) is read as
			// unavailable; the page's own redirect leads to the other
			// host, whose robots.txt is checked there.
		case err == nil:
			r = parseRobots(resp.Body, "newsbot")
		case errors.As(err, &se) && se.Status >= 400 && se.Status < 500 && se.Status != http.StatusTooManyRequests:
			// RFC 9309: an unavailable robots.txt allows everything.
		case errors.Is(err, ErrBlockedAddress):
			return err // the host itself is refused: say that, not robots.txt
		default:
			// Unreachable: RFC 9309 says assume complete disallow; the
			// next call tries again.
			return fmt.Errorf("robots.txt: %w", err)
		}
		h.robots, h.robotsAt = &r, c.opts.Now()
		if err := c.polite(ctx, h, u.Host); err != nil {
			return err
		}
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if !h.robots.allowed(p) {
		return ErrRobots
	}
	return nil
}

// do sends one GET and reads its body under the caps.
func (c *Client) do(ctx context.Context, h *hostState, rawURL string, v Validators, accept string) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	defer func() { h.last = c.opts.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Encoding", "gzip")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ne net.Error
		if ctx.Err() == context.DeadlineExceeded || errors.As(err, &ne) && ne.Timeout() {
			return nil, fmt.Errorf("no complete response within %s", c.opts.Timeout)
		}
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:         resp.Request.URL.String(),
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Validators:  Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode <= 399 && resp.StatusCode != http.StatusNotModified && resp.Header.Get("Location") != "":
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		out.location = resp.Header.Get("Location")
		return out, nil
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.Validators == (Validators{}) {
			out.Validators = v
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		se := &StatusError{URL: out.URL, Status: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), c.opts.Now())
			wait := se.RetryAfter
			if wait <= 0 {
				wait = time.Minute
			}
			h.notBefore = c.opts.Now().Add(min(wait, 6*time.Hour))
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, se
	}
	body, err := c.read(resp)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("no complete response within %s", c.opts.Timeout)
		}
		return nil, err
	}
	out.Body = body
	return out, nil
}

// read returns the body, decompressed, refusing one whose compressed or
// decompressed size passes MaxBytes.
func (c *Client) read(resp *http.Response) ([]byte, error) {
	limit := c.opts.MaxBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d passes the cap of %d bytes", ErrTooLarge, resp.ContentLength, limit)
	}
	var r io.Reader = &capReader{r: resp.Body, left: limit, what: "compressed body"}
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	body, err := io.ReadAll(&capReader{r: r, left: limit, what: "body"})
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

// capReader fails with ErrTooLarge once more than left bytes were read.
type capReader struct {
	r    io.Reader
	left int64
	what string
	max  int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.max == 0 {
		c.max = c.left
	}
	if c.left < 0 {
		return 0, fmt.Errorf("%w: %s passes the cap of %d bytes", ErrTooLarge, c.what, c.max)
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, fmt.Errorf("%w: %s passes the cap of %d bytes", ErrTooLarge, c.what, c.max)
	}
	return n, err
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// unwrapURLError drops *url.Error's "Get \"URL\":" prefix: callers name the
// URL themselves.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
