package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/telemetry"
)

// fakeDiscord answers every REST call with status (0: 503) and records
// what it got.
type fakeDiscord struct {
	status int
	mu     sync.Mutex
	paths  []string
}

func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	status := f.status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"message":"%s","code":0}`, http.StatusText(status))
}

// serveEnv is the environment for serve against a Discord at apiBase,
// with a free loopback address for the HTTP listener.
func serveEnv(t *testing.T, apiBase, token string) (env, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return env{
		"NEWSBOT_DATA_DIR":        t.TempDir(),
		"DISCORD_TOKEN":           token,
		"NEWSBOT_DISCORD_API_URL": apiBase,
		"NEWSBOT_HTTP_ADDR":       addr,
		"NEWSBOT_LOG_FORMAT":      "json",
	}, addr
}

// TestServeDiscordDownAtStartUp runs serve against a Discord that is down
// (503 on GET gateway) or unreachable (nothing listening): serve syncs the
// index, answers /healthz, and keeps retrying; /readyz answers 503 with
// the reason, naming the URL actually used (under NEWSBOT_DISCORD_API_URL,
// not discord.com); stopping it (SIGTERM) is a clean stop that closes the
// listener. The token never appears in the output.
func TestServeDiscordDownAtStartUp(t *testing.T) {
	down := httptest.NewServer(&fakeDiscord{})
	defer down.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nobody := "http://" + closed.Addr().String() + "/api/v10/"
	closed.Close()
	for _, tt := range []struct {
		name, base, reason string
	}{
		{"503 on GET gateway", down.URL + "/api/v10/", "GET " + down.URL + "/api/v10/gateway: HTTP 503"},
		{"nothing listening", nobody, nobody + "gateway"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const token = "secret-bot-token-xyz"
			e, addr := serveEnv(t, tt.base, token)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out, errOut lockedBuffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"serve"}, e.get, &out, &errOut) }()
			var body string
			for !strings.Contains(body, "cannot reach Discord") { // the test's own timeout bounds it
				select {
				case err := <-done:
					t.Fatalf("serve ended while Discord was down: %v\n%s", err, errOut.String())
				case <-time.After(20 * time.Millisecond):
				}
				resp, err := http.Get("http://" + addr + "/readyz")
				if err != nil {
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if body = string(b); strings.Contains(body, "cannot reach Discord") && resp.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("/readyz %d with %q; want 503", resp.StatusCode, body)
				}
			}
			if !strings.Contains(body, tt.reason) || strings.Contains(body, "discord.com") {
				t.Errorf("/readyz says %q; want the reason with %q", body, tt.reason)
			}
			cancel() // SIGTERM
			if err := <-done; err != nil {
				t.Errorf("serve after cancel = %v; want a clean stop\n%s", err, errOut.String())
			}
			logs := errOut.String()
			if strings.Contains(out.String()+logs, token) {
				t.Error("serve output shows the Discord token")
			}
			for _, want := range []string{`"msg":"index synced"`, `"msg":"http listening"`, `"discord_token":"***"`,
				`"msg":"cannot reach discord; retrying"`} {
				if !strings.Contains(logs, want) {
					t.Errorf("serve log lacks %s:\n%s", want, logs)
				}
			}
			if strings.Contains(logs, "discord.com/api") {
				t.Errorf("serve log names discord.com though NEWSBOT_DISCORD_API_URL is set:\n%s", logs)
			}
			if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
				t.Error("HTTP listener still open after serve returned")
			}
		})
	}
}

// TestServeBadToken: Discord rejects the token (401): serve stops at once
// with an error that names DISCORD_TOKEN, without retrying, and never shows
// the token.
func TestServeBadToken(t *testing.T) {
	discord := &fakeDiscord{status: http.StatusUnauthorized}
	srv := httptest.NewServer(discord)
	defer srv.Close()
	const token = "secret-bot-token-xyz"
	e, _ := serveEnv(t, srv.URL+"/api/v10/", token)
	r := invoke(t, e, "serve")
	if r.err == nil || !strings.Contains(r.err.Error(), "DISCORD_TOKEN") || r.code == 0 {
		t.Fatalf("serve = %v (exit %d); want an error naming DISCORD_TOKEN\n%s", r.err, r.code, r.stderr)
	}
	if strings.Contains(r.err.Error(), "discord.com") || !strings.Contains(r.err.Error(), srv.URL) {
		t.Errorf("error %q; want the URL actually used", r.err)
	}
	if strings.Contains(r.stdout+r.stderr, token) {
		t.Error("serve output shows the Discord token")
	}
	if strings.Contains(r.stderr, "retrying") {
		t.Errorf("serve retried a rejected token:\n%s", r.stderr)
	}
}

func TestServeNeedsToken(t *testing.T) {
	r := invoke(t, env{"NEWSBOT_DATA_DIR": t.TempDir()}, "serve")
	want := `newsbot: DISCORD_TOKEN="" (from default): serve needs the bot token from the Discord developer portal` + "\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("serve without a token: exit %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
}

func TestHealthcheckCommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	health := telemetry.NewHealth(telemetry.CondIndex)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- telemetry.ServeListener(ctx, ln, telemetry.Handler(telemetry.New(telemetry.BuildInfo{}), health), time.Second, slog.New(slog.DiscardHandler))
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	e := env{"NEWSBOT_HTTP_ADDR": ":" + port}
	if r := invoke(t, e, "healthcheck"); r.code != 0 {
		t.Errorf("healthcheck: exit %d, %s", r.code, r.stderr)
	}
	r := invoke(t, e, "healthcheck", "--path", "/readyz")
	if r.code != 1 || !strings.Contains(r.stderr, "503 Service Unavailable: not ready: index: starting") {
		t.Errorf("healthcheck /readyz before ready: exit %d, %q", r.code, r.stderr)
	}
	health.Ready(telemetry.CondIndex)
	if r := invoke(t, e, "healthcheck", "--path", "/readyz"); r.code != 0 {
		t.Errorf("healthcheck /readyz after ready: exit %d, %s", r.code, r.stderr)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r := invoke(t, e, "healthcheck"); r.code != 1 {
		t.Errorf("healthcheck with nothing listening: exit %d; want 1", r.code)
	}
}

func TestRatePer(t *testing.T) {
	for _, tt := range []struct {
		perMinute float64
		want      time.Duration
	}{
		{6, 10 * time.Second},
		{0.5, 2 * time.Minute},
		{0, 0}, // no limit
	} {
		if got := ratePer(tt.perMinute); got != tt.want {
			t.Errorf("ratePer(%v) = %v; want %v", tt.perMinute, got, tt.want)
		}
	}
}

// scrape returns the /metrics text of m.
func scrape(t *testing.T, m *telemetry.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	telemetry.Handler(m, telemetry.NewHealth()).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

func wantMetrics(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, l+"\n") {
			t.Errorf("/metrics lacks %q", l)
		}
	}
}

type fakeEmbedder struct{ err error }

func (f fakeEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	if f.err != nil {
		return nil, f.err
	}
	return make([][]float32, len(texts)), nil
}

type fakeChat struct{}

func (fakeChat) Stream(_ context.Context, req answer.ChatRequest, fn func(string) error) error {
	if err := fn("a "); err != nil {
		return err
	}
	if req.OnUsage != nil {
		req.OnUsage(answer.Usage{PromptTokens: 100, CompletionTokens: 2})
	}
	return fn("b")
}

type fakeAsker struct {
	ans *answer.Answer
	err error
}

func (f fakeAsker) Ask(context.Context, answer.Request) (*answer.Answer, error) { return f.ans, f.err }

// TestMeteredWrappers checks that the wrappers report what passes through
// them, under the metric names of the golden list.
func TestMeteredWrappers(t *testing.T) {
	m := telemetry.New(telemetry.BuildInfo{})
	ctx := context.Background()

	emb := &meteredEmbedder{inner: fakeEmbedder{}, kind: "openai", m: m}
	emb.Embed(ctx, []string{"a", "b", "c"})
	(&meteredEmbedder{inner: fakeEmbedder{err: errors.New("429")}, kind: "openai", m: m}).Embed(ctx, []string{"a"})

	var usage answer.Usage
	var got strings.Builder
	clock := time.Unix(0, 0)
	chat := &meteredChat{inner: fakeChat{}, m: m, now: func() time.Time { clock = clock.Add(300 * time.Millisecond); return clock }}
	err := chat.Stream(ctx, answer.ChatRequest{OnUsage: func(u answer.Usage) { usage = u }}, func(d string) error {
		got.WriteString(d)
		return nil
	})
	if err != nil || got.String() != "a b" || usage.PromptTokens != 100 {
		t.Errorf("meteredChat passed %q, usage %+v, err %v", got.String(), usage, err)
	}

	ans := &answer.Answer{Mode: "llm", Unsupported: []string{"x", "y"}, Fallback: "",
		Timings: answer.Timings{Retrieve: 4 * time.Millisecond, Total: 3 * time.Second}}
	metered(m, fakeAsker{ans: ans}.Ask)(ctx, answer.Request{})
	metered(m, fakeAsker{err: &answer.ModelError{Err: errors.New("boom")}}.Ask)(ctx, answer.Request{})
	metered(m, fakeAsker{err: fmt.Errorf("ask: %w", context.DeadlineExceeded)}.Ask)(ctx, answer.Request{})
	metered(m, fakeAsker{err: &retrieval.EmbedError{Err: errors.New("down")}}.Ask)(ctx, answer.Request{})
	metered(m, fakeAsker{ans: &answer.Answer{Mode: "extractive", Fallback: "status 500"}}.Ask)(ctx, answer.Request{})

	obs := botObserver{m}
	obs.Answered("ask", "ok", time.Second)
	obs.Answered("mention", "refused", time.Second)
	obs.Rejected("channel", "rate_limited")
	obs.Queue(4, 7)

	var rt restErrors
	rt.m = m
	rt.next = roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 429, Body: http.NoBody}, nil
	})
	req := httptest.NewRequest("GET", "https://discord.com/api/v9/gateway", nil)
	rt.RoundTrip(req)

	wantMetrics(t, scrape(t, m),
		`newsbot_embedding_calls_total{embedder="openai",result="ok"} 1`,
		`newsbot_embedding_calls_total{embedder="openai",result="error"} 1`,
		`newsbot_embedded_texts_total 3`,
		`newsbot_model_tokens_total{direction="in"} 100`,
		`newsbot_model_tokens_total{direction="out"} 2`,
		`newsbot_model_first_token_seconds_sum 0.3`,
		`newsbot_retrieval_seconds_count 1`,
		`newsbot_answer_seconds_sum{mode="llm"} 3`,
		`newsbot_unsupported_sentences_total 2`,
		`newsbot_answer_errors_total{kind="model"} 1`,
		`newsbot_answer_errors_total{kind="timeout"} 1`,
		`newsbot_answer_errors_total{kind="retrieval"} 1`,
		`newsbot_answer_errors_total{kind="model_fallback"} 1`,
		`newsbot_questions_total{entry="ask",outcome="answered"} 1`,
		`newsbot_questions_total{entry="mention",outcome="refused"} 1`,
		`newsbot_questions_total{entry="channel",outcome="rate_limited"} 1`,
		`newsbot_queue_depth 7`,
		`newsbot_answers_running 4`,
		`newsbot_discord_rest_errors_total{status="429"} 1`,
	)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fakeGateway is a Discord with a REST API under /api/v10/ and a websocket
// gateway that says HELLO, reads IDENTIFY and answers READY.
type fakeGateway struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	rest     []string
	identify int
	posted   []string // bodies of channel messages
}

func newFakeGateway(t *testing.T) *fakeGateway {
	g := &fakeGateway{t: t}
	up := websocket.Upgrader{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v10/gateway", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		fmt.Fprintf(w, `{"url":"ws://%s/ws"}`, r.Host)
	})
	mux.HandleFunc("PUT /api/v10/applications/{app}/commands", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		io.WriteString(w, "[]")
	})
	mux.HandleFunc("POST /api/v10/channels/{ch}/messages", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		g.rest = append(g.rest, r.Method+" "+r.URL.Path)
		g.posted = append(g.posted, string(body))
		g.mu.Unlock()
		fmt.Fprintf(w, `{"id":"9%d","channel_id":%q}`, len(g.posted), r.PathValue("ch"))
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		g.record(r)
		http.Error(w, `{"message":"not in the fake","code":0}`, http.StatusNotFound)
	})
	mux.HandleFunc("GET /ws/", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		var hello struct {
			Op int `json:"op"`
		}
		if err := c.ReadJSON(&hello); err != nil || hello.Op != 2 {
			return
		}
		g.mu.Lock()
		g.identify++
		g.mu.Unlock()
		c.WriteJSON(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{
			"v": 9, "session_id": "s1", "user": map[string]any{"id": "42", "username": "newsbot", "bot": true},
			"guilds": []any{}, "application": map[string]any{"id": "42"},
		}})
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	})
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *fakeGateway) record(r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.rest = append(g.rest, r.Method+" "+r.URL.Path)
}

// TestServeLifecycle runs serve against the fake Discord: /readyz turns 200
// once the index is synced and the gateway is READY, the commands are
// registered under the configured REST base, /metrics shows the index, and
// cancelling the context (what SIGTERM does) ends serve cleanly and closes
// the listener.
func TestServeLifecycle(t *testing.T) {
	g := newFakeGateway(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := env{
		"NEWSBOT_DATA_DIR":        t.TempDir(),
		"DISCORD_TOKEN":           "secret-bot-token-xyz",
		"NEWSBOT_DISCORD_API_URL": g.srv.URL + "/api/v10/",
		"NEWSBOT_HTTP_ADDR":       addr,
		"NEWSBOT_LOG_FORMAT":      "json",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, e.get, &out, &errOut) }()

	base := "http://" + addr
	var ready error
	for range 500 { // wait for readiness; the test's own timeout bounds it
		if ready = telemetry.Probe(context.Background(), base+"/readyz"); ready == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended before ready: %v\n%s", err, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if ready != nil {
		t.Fatalf("never ready: %v\n%s", ready, errOut.String())
	}
	rec, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rec.Body)
	rec.Body.Close()
	for _, want := range []string{"newsbot_index_passages ", `newsbot_index_syncs_total{result="ok"} 1`, `newsbot_build_info{`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	g.mu.Lock()
	rest, identify := append([]string(nil), g.rest...), g.identify
	g.mu.Unlock()
	if identify != 1 || !slicesContains(rest, "PUT /api/v10/applications/42/commands") {
		t.Errorf("fake Discord saw %d identifies and REST %v; want 1 and the command registration", identify, rest)
	}

	cancel() // SIGTERM
	if err := <-done; err != nil {
		t.Errorf("serve after cancel = %v; want a clean stop\n%s", err, errOut.String())
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("HTTP listener still open after serve returned")
	}
	if strings.Contains(errOut.String(), "secret-bot-token-xyz") {
		t.Error("serve logged the token")
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a
// running serve and the test's reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
