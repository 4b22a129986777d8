package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
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
	if apiBase != "" {
		rt, err := newRewriter(apiBase, http.DefaultTransport)
		if err != nil {
			return nil, fmt.Errorf("new discord session: %w", err)
		}
		s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	}
	return s, nil
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
	return r.next.RoundTrip(req)
}
