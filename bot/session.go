package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// NewSession returns a discordgo session for the bot token (with or without
// its "Bot " prefix) that asks for intents. When apiBase is set (the
// NEWSBOT_DISCORD_API_URL setting, e.g. a REST proxy's
// "http://proxy:8080/api/v10/"), every REST call goes under it with the rest
// of its path and query kept: discordgo's ".../api/v9/channels/1/messages"
// becomes apiBase+"channels/1/messages". The gateway address still comes
// from GET gateway (through apiBase), as usual. discordgo's endpoint
// variables are fixed at start-up, so the redirection is done by the
// session's HTTP transport.
func NewSession(token, apiBase string, intents discordgo.Intent) (*discordgo.Session, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("new discord session: no bot token")
	}
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("new discord session: %w", err)
	}
	s.Identify.Intents = intents
	// discordgo's defaults, relied on and so stated: a dropped gateway
	// connection is reopened and the session resumed; a REST 429 is waited
	// out for its retry_after and retried; a 502 from Discord's edge is
	// retried up to 3 times. Other errors reach the bot, which logs them
	// and ends the answer with a message where it still can.
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	s.MaxRestRetries = 3
	// discordgo waits for the gateway's Hello and READY with no deadline,
	// holding the session's lock: a gateway that accepts the connection
	// and says nothing would hang start-up (and reconnects) for good. The
	// handshake, Hello and READY included, must now finish within
	// s.Dialer.HandshakeTimeout; the deadline is lifted once connected.
	hd := &helloDeadline{dialer: &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 30 * time.Second}}
	hd.dialer.NetDialContext = hd.dial
	s.Dialer = hd.dialer
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { hd.lift() })
	if apiBase != "" {
		rt, err := newRewriter(apiBase, http.DefaultTransport)
		if err != nil {
			return nil, fmt.Errorf("new discord session: %w", err)
		}
		s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	}
	return s, nil
}

// helloDeadline bounds the reads of each new gateway connection until the
// session is connected, so that discordgo's wait for Hello and READY ends;
// the websocket library clears a deadline set at dial time after its own
// handshake, so the connection sets it again before each read.
type helloDeadline struct {
	dialer *websocket.Dialer

	mu   sync.Mutex
	conn *helloConn // the latest connection
}

func (h *helloDeadline) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	hc := &helloConn{Conn: c}
	if t := h.dialer.HandshakeTimeout; t > 0 {
		hc.until = time.Now().Add(t)
	} else {
		hc.lifted = true
	}
	h.mu.Lock()
	h.conn = hc
	h.mu.Unlock()
	return hc, nil
}

// lift ends the bound on the latest connection: it is connected.
func (h *helloDeadline) lift() {
	h.mu.Lock()
	c := h.conn
	h.mu.Unlock()
	if c != nil {
		c.lift()
	}
}

// helloConn is a gateway connection whose reads end at until, until lifted.
type helloConn struct {
	net.Conn
	until time.Time

	mu     sync.Mutex
	lifted bool
}

func (c *helloConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if !c.lifted {
		_ = c.Conn.SetReadDeadline(c.until)
	}
	c.mu.Unlock()
	return c.Conn.Read(p)
}

func (c *helloConn) lift() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.lifted {
		c.lifted = true
		_ = c.Conn.SetReadDeadline(time.Time{})
	}
}

// urlOp is the HTTP client's spelling of a method in a *url.Error.
func urlOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}

// rewriter sends requests under discordgo.EndpointAPI to base instead.
type rewriter struct {
	from string // discordgo's API prefix, escaped path form
	host string // discordgo's API host
	base *url.URL
	next http.RoundTripper
}

func newRewriter(base string, next http.RoundTripper) (*rewriter, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord API URL %q: want an absolute http(s) URL", base)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	from, err := url.Parse(discordgo.EndpointAPI)
	if err != nil {
		return nil, fmt.Errorf("discordgo API endpoint %q: %w", discordgo.EndpointAPI, err)
	}
	return &rewriter{from: from.EscapedPath(), host: from.Host, base: u, next: next}, nil
}

// RoundTrip implements http.RoundTripper.
func (r *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	p := req.URL.EscapedPath()
	if req.URL.Host != r.host || !strings.HasPrefix(p, r.from) {
		return r.next.RoundTrip(req)
	}
	target, err := url.Parse(r.base.Scheme + "://" + r.base.Host + r.base.EscapedPath() + strings.TrimPrefix(p, r.from))
	if err != nil {
		return nil, fmt.Errorf("rewrite %s: %w", req.URL.Path, err)
	}
	target.RawQuery = req.URL.RawQuery
	target.User = r.base.User
	req = req.Clone(req.Context())
	req.URL = target
	req.Host = target.Host
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		// The HTTP client will quote discordgo's URL; keep the real one
		// underneath for errors to name (see actualURL).
		return nil, &url.Error{Op: urlOp(req.Method), URL: target.String(), Err: err}
	}
	return resp, nil
}
