// Package fakediscord is a local stand-in for Discord in tests: REST routes
// mounted under a path prefix (any request outside it fails the test) and a
// websocket gateway (Hello, Identify, READY, heartbeat ACKs, dispatches).
// The real discordgo.Session talks to it. It checks what Discord would
// reject (message limits) and what the bot promises (allowed_mentions parses
// nothing on every message), failing the test on either.
package fakediscord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Drop, returned by Fail, closes the connection without a response, as a
// network failure between the bot and Discord would.
const Drop = -1

// Silent, returned by Fail for the gateway ("GET ws"), accepts the
// websocket but never says Hello: a gateway that does not answer.
const Silent = -2

// Prefix is where the REST API is mounted, as a proxy base would be.
const Prefix = "/api/v10/"

// Ids of the bot in READY.
const (
	BotID = "100000000000000001"
	AppID = "100000000000000001"
)

// Call is one REST request the fake received.
type Call struct {
	Method string
	Path   string // below Prefix, e.g. "channels/1/messages"
	Body   []byte
	Status int // what the fake answered
}

// JSON decodes the body into a map.
func (c Call) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(c.Body, &m)
	return m
}

// Message is what the fake keeps of a message the bot sent.
type Message struct {
	ID, ChannelID, Content string
	Embeds                 []map[string]any
	Components             []any
	Reference              string // id of the message it replies to
	AuthorID               string
	Edits                  int
}

// Server is a fake Discord.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	// Fail, when set, may answer a REST call with an error status instead
	// (return 0 to handle it normally). The body is what Discord sends for
	// that status: 429 carries retry_after (RetryAfter seconds), 404 is
	// "Unknown Webhook" (code 10015, an expired interaction token), 502 is
	// an HTML page from the edge, anything else a JSON error. Drop (-1)
	// closes the connection without any response.
	Fail func(c Call) int
	// RetryAfter is the retry_after of an injected 429, in seconds.
	RetryAfter float64
	// BadToken, when set, makes the fake treat the bot's token as Discord
	// treats a revoked one: REST calls get 401 and IDENTIFY a close 4004,
	// instead of failing the test.
	BadToken bool
	// Discard, when set before any request, keeps neither calls nor
	// message contents (for soak tests, whose memory is measured): only
	// counts, see Counts. Calls and WaitFor then see nothing.
	Discard bool

	mu       sync.Mutex
	calls    []Call
	messages map[string]*Message // by id
	original map[string]string   // interaction token -> message id of @original
	nextID   int64
	changed  chan struct{} // closed and replaced on every call
	conns    []*gwConn
	seq      int64
	identify []map[string]any
	resumes  int
	beat     time.Duration // heartbeat interval sent in Hello
	counts   map[int]int   // calls by status, when Discard
	channels map[string]Channel
}

// Channel is a channel or thread the fake describes on GET channels/{id}.
type Channel struct {
	ID       string
	Type     int    // Discord's channel type: 0 text, 11 public thread, 12 private thread, 15 forum
	ParentID string // for a thread, the channel it is under
}

// SetChannel tells the fake about a channel or thread. A channel it was not
// told about is described as a text channel in guild 300.
func (s *Server) SetChannel(ch Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.channels == nil {
		s.channels = map[string]Channel{}
	}
	s.channels[ch.ID] = ch
}

type gwConn struct {
	mu     sync.Mutex
	c      *websocket.Conn
	silent atomic.Bool // heartbeats no longer acknowledged (a zombie connection)
}

func (g *gwConn) write(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.c.WriteJSON(v)
}

// New starts a fake Discord, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, messages: map[string]*Message{}, original: map[string]string{}, nextID: 900000000000000000,
		changed: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.mu.Lock()
		for _, c := range s.conns {
			c.c.Close()
		}
		s.mu.Unlock()
		s.srv.Close()
	})
	return s
}

// APIBase is the REST base to give the bot (NEWSBOT_DISCORD_API_URL).
func (s *Server) APIBase() string { return s.srv.URL + Prefix }

// Calls returns a copy of every REST call so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Message returns a message the bot sent, by id.
func (s *Server) Message(id string) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.messages[id]; m != nil {
		c := *m
		return &c
	}
	return nil
}

// Identifies returns the IDENTIFY payloads received.
func (s *Server) Identifies() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.identify...)
}

// WaitFor waits until cond holds for the calls so far, failing the test
// after d.
func (s *Server) WaitFor(d time.Duration, what string, cond func([]Call) bool) []Call {
	s.t.Helper()
	deadline := time.After(d)
	for {
		s.mu.Lock()
		calls := append([]Call(nil), s.calls...)
		ch := s.changed
		s.mu.Unlock()
		if cond(calls) {
			return calls
		}
		select {
		case <-ch:
		case <-deadline:
			s.t.Fatalf("fake discord: timed out after %v waiting for %s; calls:\n%s", d, what, Dump(calls))
			return nil
		}
	}
}

// Dump formats calls for a failure message.
func Dump(calls []Call) string {
	var b strings.Builder
	for _, c := range calls {
		body := string(c.Body)
		if len(body) > 300 {
			body = body[:300] + "…"
		}
		fmt.Fprintf(&b, "  %s %s -> %d %s\n", c.Method, c.Path, c.Status, body)
	}
	return b.String()
}

func (s *Server) id() string {
	s.nextID++
	return fmt.Sprint(s.nextID)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, Prefix) {
		s.t.Errorf("fake discord: request outside %s: %s %s", Prefix, r.Method, r.URL)
		http.Error(w, "outside the API prefix", http.StatusNotFound)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, Prefix)
	if path == "ws" || path == "ws/" {
		st := 0
		if s.Fail != nil {
			st = s.Fail(Call{Method: "GET", Path: "ws"})
		}
		switch st {
		case 0:
			s.gateway(w, r, false)
		case Silent:
			s.gateway(w, r, true)
		case Drop:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
				}
			}
		default:
			http.Error(w, "gateway unavailable", st)
		}
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: r.Method, Path: path, Body: body}
	status, resp := s.route(&c, r)
	c.Status = status
	s.mu.Lock()
	if s.Discard {
		if s.counts == nil {
			s.counts = map[int]int{}
		}
		s.counts[status]++
	} else {
		s.calls = append(s.calls, c)
	}
	s.notify()
	s.mu.Unlock()
	if status == Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		status = http.StatusServiceUnavailable
	}
	if html, ok := resp.(htmlBody); ok {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, string(html))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if resp != nil {
		_ = json.NewEncoder(w).Encode(resp)
	}
}

// htmlBody is a response body sent as text/html, as Discord's edge sends
// for a 502.
type htmlBody string

// notify wakes WaitFor; s.mu is held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// failure is the body Discord sends with an injected error status.
func (s *Server) failure(status int) any {
	switch status {
	case http.StatusTooManyRequests:
		return map[string]any{"message": "You are being rate limited.", "retry_after": s.RetryAfter, "global": false}
	case http.StatusNotFound:
		return map[string]any{"message": "Unknown Webhook", "code": 10015}
	case http.StatusBadGateway:
		return htmlBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>")
	}
	return map[string]any{"message": "injected failure", "code": 0}
}

func (s *Server) route(c *Call, r *http.Request) (int, any) {
	if s.Fail != nil {
		if st := s.Fail(*c); st != 0 {
			return st, s.failure(st)
		}
	}
	seg := strings.Split(strings.TrimSuffix(c.Path, "/"), "/")
	if s.BadToken && seg[0] != "gateway" {
		return 401, map[string]any{"message": "401: Unauthorized", "code": 0}
	}
	if r.Header.Get("Authorization") != "Bot test-token" && seg[0] != "gateway" {
		s.t.Errorf("fake discord: %s %s with Authorization %q", c.Method, c.Path, r.Header.Get("Authorization"))
		return 401, map[string]any{"message": "401: Unauthorized", "code": 0}
	}
	switch {
	case c.Method == "GET" && (c.Path == "gateway" || c.Path == "gateway/bot"):
		ws := "ws" + strings.TrimPrefix(s.srv.URL, "http") + Prefix + "ws"
		return 200, map[string]any{"url": ws, "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}

	case c.Method == "POST" && len(seg) == 4 && seg[0] == "interactions" && seg[3] == "callback":
		var resp struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(c.Body, &resp); err != nil {
			return s.bad(c, "callback body: %v", err)
		}
		if resp.Type == 4 || resp.Type == 7 {
			if msg := s.checkMessage(c, resp.Data, true); msg != "" {
				return s.bad(c, "%s", msg)
			}
			s.mu.Lock()
			id := s.id()
			if !s.Discard {
				s.original[seg[2]] = id
			}
			s.store(id, "", resp.Data)
			s.mu.Unlock()
		}
		if resp.Type == 8 {
			var d struct {
				Choices []struct{ Name, Value any } `json:"choices"`
			}
			_ = json.Unmarshal(resp.Data, &d)
			if len(d.Choices) > 25 {
				return s.bad(c, "%d autocomplete choices > 25", len(d.Choices))
			}
		}
		return 204, nil

	case (c.Method == "PATCH" || c.Method == "GET") && len(seg) == 5 && seg[0] == "webhooks" && seg[3] == "messages":
		s.mu.Lock()
		id := seg[4]
		if id == "@original" {
			if s.Discard {
				id = s.id()
			} else {
				if s.original[seg[2]] == "" {
					s.original[seg[2]] = s.id()
				}
				id = s.original[seg[2]]
			}
		}
		s.mu.Unlock()
		if c.Method == "PATCH" {
			if msg := s.checkMessage(c, c.Body, true); msg != "" {
				return s.bad(c, "%s", msg)
			}
			s.mu.Lock()
			s.store(id, "", c.Body)
			s.mu.Unlock()
		}
		return 200, s.messageJSON(id)

	case c.Method == "POST" && len(seg) == 3 && seg[0] == "webhooks":
		if msg := s.checkMessage(c, c.Body, false); msg != "" {
			return s.bad(c, "%s", msg)
		}
		s.mu.Lock()
		id := s.id()
		s.store(id, "", c.Body)
		s.mu.Unlock()
		return 200, s.messageJSON(id)

	case c.Method == "POST" && len(seg) == 3 && seg[0] == "channels" && seg[2] == "messages":
		if msg := s.checkMessage(c, c.Body, false); msg != "" {
			return s.bad(c, "%s", msg)
		}
		s.mu.Lock()
		id := s.id()
		s.store(id, seg[1], c.Body)
		s.mu.Unlock()
		return 200, s.messageJSON(id)

	case c.Method == "PATCH" && len(seg) == 4 && seg[0] == "channels" && seg[2] == "messages":
		if msg := s.checkMessage(c, c.Body, true); msg != "" {
			return s.bad(c, "%s", msg)
		}
		s.mu.Lock()
		s.store(seg[3], seg[1], c.Body)
		s.mu.Unlock()
		return 200, s.messageJSON(seg[3])

	case c.Method == "GET" && len(seg) == 4 && seg[0] == "channels" && seg[2] == "messages":
		if s.Message(seg[3]) == nil {
			return 404, map[string]any{"message": "Unknown Message", "code": 10008}
		}
		return 200, s.messageJSON(seg[3])

	case c.Method == "GET" && len(seg) == 2 && seg[0] == "channels":
		s.mu.Lock()
		ch, ok := s.channels[seg[1]]
		s.mu.Unlock()
		if !ok {
			ch = Channel{ID: seg[1]}
		}
		out := map[string]any{"id": ch.ID, "type": ch.Type, "guild_id": "300", "name": "channel-" + ch.ID}
		if ch.ParentID != "" {
			out["parent_id"] = ch.ParentID
		}
		if ch.Type == 11 || ch.Type == 12 {
			out["thread_metadata"] = map[string]any{"archived": false, "auto_archive_duration": 1440, "locked": false}
		}
		return 200, out

	case c.Method == "POST" && len(seg) == 3 && seg[0] == "channels" && seg[2] == "typing":
		return 204, nil

	case c.Method == "PUT" && seg[0] == "applications" && seg[len(seg)-1] == "commands":
		var cmds []map[string]any
		if err := json.Unmarshal(c.Body, &cmds); err != nil {
			return s.bad(c, "commands body: %v", err)
		}
		for n, cmd := range cmds {
			cmd["id"] = fmt.Sprint(700000000000000000 + n)
			cmd["application_id"] = seg[1]
		}
		return 200, cmds
	}
	s.t.Errorf("fake discord: no route for %s %s", c.Method, c.Path)
	return 404, map[string]any{"message": "404: Not Found", "code": 0}
}

func (s *Server) bad(c *Call, format string, args ...any) (int, any) {
	msg := fmt.Sprintf(format, args...)
	s.t.Errorf("fake discord: %s %s rejected: %s", c.Method, c.Path, msg)
	return 400, map[string]any{"message": "Invalid Form Body: " + msg, "code": 50035}
}

// Counts returns the number of REST calls by status, when Discard is set.
func (s *Server) Counts() map[int]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]int{}
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// store records a sent or edited message; s.mu is held.
func (s *Server) store(id, channel string, body []byte) {
	if s.Discard {
		return
	}
	var d struct {
		Content    *string          `json:"content"`
		Embeds     []map[string]any `json:"embeds"`
		Components []any            `json:"components"`
		Reference  *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	_ = json.Unmarshal(body, &d)
	m := s.messages[id]
	if m == nil {
		m = &Message{ID: id, ChannelID: channel, AuthorID: BotID}
		s.messages[id] = m
	} else {
		m.Edits++
	}
	if d.Content != nil {
		m.Content = *d.Content
	}
	if d.Embeds != nil {
		m.Embeds = d.Embeds
	}
	if d.Components != nil {
		m.Components = d.Components
	}
	if d.Reference != nil {
		m.Reference = d.Reference.MessageID
	}
}

func (s *Server) messageJSON(id string) map[string]any {
	m := s.Message(id)
	out := map[string]any{"id": id, "type": 0, "author": map[string]any{"id": BotID, "username": "newsbot", "bot": true},
		"timestamp": time.Now().UTC().Format(time.RFC3339)}
	if m != nil {
		out["content"], out["channel_id"] = m.Content, m.ChannelID
		if m.Reference != "" {
			out["type"] = 19
			out["message_reference"] = map[string]any{"message_id": m.Reference, "channel_id": m.ChannelID}
		}
	}
	return out
}

// checkMessage returns why Discord would reject a message body, or why the
// bot broke its promise never to ping, or "".
func (s *Server) checkMessage(c *Call, body []byte, edit bool) string {
	var d struct {
		Content         *string          `json:"content"`
		Embeds          []map[string]any `json:"embeds"`
		Components      []any            `json:"components"`
		AllowedMentions *struct {
			Parse       *[]string `json:"parse"`
			Users       []string  `json:"users"`
			Roles       []string  `json:"roles"`
			RepliedUser bool      `json:"replied_user"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(body, &d); err != nil {
		return "body: " + err.Error()
	}
	am := d.AllowedMentions
	if am == nil || am.Parse == nil || len(*am.Parse) != 0 || len(am.Users) > 0 || len(am.Roles) > 0 || am.RepliedUser {
		return "allowed_mentions must parse nothing: " + string(body)
	}
	content := ""
	if d.Content != nil {
		content = *d.Content
	}
	if n := utf8.RuneCountInString(content); n > 2000 {
		return fmt.Sprintf("content %d characters > 2000", n)
	}
	if !edit && content == "" && len(d.Embeds) == 0 {
		return "empty message"
	}
	if len(d.Embeds) > 10 {
		return fmt.Sprintf("%d embeds > 10", len(d.Embeds))
	}
	if len(d.Components) > 5 {
		return fmt.Sprintf("%d component rows > 5", len(d.Components))
	}
	total := 0
	str := func(m map[string]any, k string) int {
		v, _ := m[k].(string)
		return utf8.RuneCountInString(v)
	}
	for n, e := range d.Embeds {
		if str(e, "title") > 256 || str(e, "description") > 4096 {
			return fmt.Sprintf("embed %d title or description too long", n)
		}
		total += str(e, "title") + str(e, "description")
		if f, ok := e["footer"].(map[string]any); ok {
			if str(f, "text") > 2048 {
				return fmt.Sprintf("embed %d footer too long", n)
			}
			total += str(f, "text")
		}
		if a, ok := e["author"].(map[string]any); ok {
			total += str(a, "name")
		}
		fields, _ := e["fields"].([]any)
		if len(fields) > 25 {
			return fmt.Sprintf("embed %d has %d fields", n, len(fields))
		}
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			if str(fm, "name") > 256 || str(fm, "value") > 1024 {
				return fmt.Sprintf("embed %d field too long", n)
			}
			total += str(fm, "name") + str(fm, "value")
		}
		if u, ok := e["url"].(string); ok && u != "" && !strings.HasPrefix(u, "http") {
			return fmt.Sprintf("embed %d url %q not http", n, u)
		}
	}
	if total > 6000 {
		return fmt.Sprintf("embeds total %d > 6000", total)
	}
	return ""
}

// gateway speaks enough of Discord's gateway for discordgo: Hello,
// Identify, READY, heartbeat ACKs; Dispatch sends events. A silent gateway
// accepts the connection and says nothing.
func (s *Server) gateway(w http.ResponseWriter, r *http.Request, silent bool) {
	up := websocket.Upgrader{}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.t.Errorf("fake discord: gateway upgrade: %v", err)
		return
	}
	g := &gwConn{c: c}
	defer c.Close()
	if silent {
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}
	s.mu.Lock()
	beat := s.beat
	s.mu.Unlock()
	if beat == 0 {
		beat = 41250 * time.Millisecond
	}
	if err := g.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": beat.Milliseconds()}}); err != nil {
		return
	}
	for {
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := c.ReadJSON(&p); err != nil {
			return
		}
		switch p.Op {
		case 1: // heartbeat
			if !g.silent.Load() {
				_ = g.write(map[string]any{"op": 11})
			}
		case 2: // identify
			var id map[string]any
			_ = json.Unmarshal(p.D, &id)
			if s.BadToken {
				g.mu.Lock()
				_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				g.mu.Unlock()
				return
			}
			s.mu.Lock()
			s.identify = append(s.identify, id)
			s.conns = append(s.conns, g)
			s.seq++
			seq := s.seq
			s.mu.Unlock()
			_ = g.write(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 10, "session_id": "fake-session", "resume_gateway_url": "ws://unused",
				"user":        map[string]any{"id": BotID, "username": "newsbot", "discriminator": "0", "bot": true},
				"application": map[string]any{"id": AppID, "flags": 0},
				"guilds":      []any{}, "private_channels": []any{},
			}})
			s.mu.Lock()
			s.notify()
			s.mu.Unlock()
		case 6: // resume after a dropped connection
			var rp struct {
				SessionID string `json:"session_id"`
			}
			_ = json.Unmarshal(p.D, &rp)
			if rp.SessionID != "fake-session" {
				_ = g.write(map[string]any{"op": 9, "d": false}) // invalid session: identify again
				continue
			}
			s.mu.Lock()
			s.resumes++
			s.conns = append(s.conns, g)
			s.seq++
			seq := s.seq
			s.mu.Unlock()
			_ = g.write(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
			s.mu.Lock()
			s.notify()
			s.mu.Unlock()
		}
	}
}

// Dispatch sends an event (e.g. "INTERACTION_CREATE", "MESSAGE_CREATE")
// to every connected session.
func (s *Server) Dispatch(event string, data any) {
	s.mu.Lock()
	s.seq++
	seq := s.seq
	conns := append([]*gwConn(nil), s.conns...)
	s.mu.Unlock()
	if len(conns) == 0 {
		s.t.Errorf("fake discord: dispatch %s with no session connected", event)
	}
	for _, g := range conns {
		if err := g.write(map[string]any{"op": 0, "t": event, "s": seq, "d": data}); err != nil {
			s.t.Errorf("fake discord: dispatch %s: %v", event, err)
		}
	}
}

// DropGateway cuts every gateway connection without a close frame, as a
// network failure or a Discord restart would; the session is expected to
// reconnect and resume.
func (s *Server) DropGateway() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, g := range conns {
		_ = g.c.UnderlyingConn().Close()
	}
}

// RequestReconnect sends op 7 (Reconnect) on every gateway connection, as
// Discord does before moving a session; the session should reconnect and
// resume.
func (s *Server) RequestReconnect() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, g := range conns {
		_ = g.write(map[string]any{"op": 7, "d": nil})
	}
}

// Resumes returns how many times a session resumed.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// WaitConnected waits until a session is connected (identified or
// resumed), failing the test after d.
func (s *Server) WaitConnected(d time.Duration) {
	s.t.Helper()
	deadline := time.After(d)
	for {
		s.mu.Lock()
		n, ch := len(s.conns), s.changed
		s.mu.Unlock()
		if n > 0 {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			s.t.Fatalf("fake discord: no gateway session after %v", d)
			return
		}
	}
}

// SetHeartbeat sets the heartbeat interval that connections made from now
// on are told in Hello (0: Discord's usual 41.25 s).
func (s *Server) SetHeartbeat(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beat = d
}

// StopAcking stops acknowledging heartbeats on the connections open now:
// the connection is alive but Discord no longer answers (a zombie), which
// the session must notice and replace. Connections made later are normal.
func (s *Server) StopAcking() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, g := range conns {
		g.silent.Store(true)
	}
}
