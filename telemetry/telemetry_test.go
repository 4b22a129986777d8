package telemetry_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/telemetry"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestReadyz(t *testing.T) {
	h := telemetry.NewHealth(telemetry.CondIndex, telemetry.CondDiscord)
	srv := telemetry.Handler(telemetry.New(telemetry.BuildInfo{}), h)

	steps := []struct {
		name     string
		do       func()
		code     int
		body     string
		healthOK bool
	}{
		{"starting", func() {}, 503, "not ready: index: starting; discord: starting\n", true},
		{"index loaded", func() { h.Ready(telemetry.CondIndex) }, 503, "not ready: discord: starting\n", true},
		{"discord connected", func() { h.Ready(telemetry.CondDiscord) }, 200, "ready\n", true},
		{"discord lost", func() { h.NotReady(telemetry.CondDiscord, "disconnected") }, 503, "not ready: discord: disconnected\n", true},
		{"discord back", func() { h.Ready(telemetry.CondDiscord) }, 200, "ready\n", true},
	}
	for _, s := range steps {
		s.do()
		code, body := get(t, srv, "/readyz")
		if code != s.code || body != s.body {
			t.Errorf("%s: /readyz = %d %q; want %d %q", s.name, code, body, s.code, s.body)
		}
		if code, body := get(t, srv, "/healthz"); code != 200 || body != "ok\n" {
			t.Errorf("%s: /healthz = %d %q; want 200 ok", s.name, code, body)
		}
	}
}

func TestMethodsAndPaths(t *testing.T) {
	srv := telemetry.Handler(telemetry.New(telemetry.BuildInfo{}), telemetry.NewHealth())
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/healthz", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d; want 405", rec.Code)
	}
	if code, _ := get(t, srv, "/nope"); code != 404 {
		t.Errorf("GET /nope = %d; want 404", code)
	}
	if code, body := get(t, srv, "/readyz"); code != 200 {
		t.Errorf("/readyz with no conditions = %d %q; want 200", code, body)
	}
}

// TestMetricNames keeps the list of newsbot metrics, their types and label
// names (documented in README.md) in testdata/metrics.golden.
func TestMetricNames(t *testing.T) {
	m := telemetry.New(telemetry.BuildInfo{Version: "v1.2.3", Commit: "abc"})
	// Touch every metric so that each vector shows its labels.
	m.Question(telemetry.EntryAsk, telemetry.OutcomeAnswered)
	m.AnswerError(telemetry.ErrorModelFallback)
	m.Retrieval(3 * time.Millisecond)
	m.FirstToken(time.Second)
	m.Answer("llm", 2*time.Second)
	m.Tokens(1200, 80)
	m.EmbeddingCall("openai", 16, nil)
	m.EmbeddingCall("openai", 1, errors.New("429"))
	m.Queue(1, 2)
	m.QueueWait(time.Second)
	m.IndexSize(5, 64)
	m.Sync(3, 1, 0, 60, nil)
	m.DiscordError(429)
	m.Unsupported(2)

	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), "newsbot_") {
			continue
		}
		var labels []string
		if len(f.GetMetric()) > 0 {
			for _, l := range f.GetMetric()[0].GetLabel() {
				labels = append(labels, l.GetName())
			}
		}
		lines = append(lines, fmt.Sprintf("%s %s {%s}", f.GetName(), strings.ToLower(f.GetType().String()), strings.Join(labels, ",")))
	}
	slices.Sort(lines)
	golden.Check(t, "metrics", []byte(strings.Join(lines, "\n")+"\n"))
}

func TestMetricsEndpoint(t *testing.T) {
	m := telemetry.New(telemetry.BuildInfo{Version: "v1", Commit: "c0ffee"})
	m.Question(telemetry.EntryMention, telemetry.OutcomeRateLimited)
	m.Question(telemetry.EntryMention, telemetry.OutcomeRateLimited)
	m.DiscordError(0)
	code, body := get(t, telemetry.Handler(m, telemetry.NewHealth()), "/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`newsbot_questions_total{entry="mention",outcome="rate_limited"} 2`,
		`newsbot_questions_total{entry="ask",outcome="timeout"} 0`, // pre-created series
		`newsbot_discord_rest_errors_total{status="0"} 1`,
		`newsbot_build_info{commit="c0ffee",goversion="go`,
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestNilMetricsIgnoresCalls(t *testing.T) {
	var m *telemetry.Metrics
	m.Question("x", "y")
	m.AnswerError("model")
	m.Retrieval(time.Second)
	m.FirstToken(time.Second)
	m.Answer("llm", time.Second)
	m.Tokens(1, 2)
	m.EmbeddingCall("local", 1, nil)
	m.Queue(1, 1)
	m.QueueWait(time.Second)
	m.IndexSize(1, 2)
	m.Sync(1, 1, 1, 1, nil)
	m.DiscordError(500)
	m.Unsupported(1)
}

func TestServeAndProbe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := telemetry.NewHealth(telemetry.CondIndex)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- telemetry.ServeListener(ctx, ln, telemetry.Handler(telemetry.New(telemetry.BuildInfo{}), h), 5*time.Second, nil)
	}()
	base := "http://" + ln.Addr().String()
	if err := telemetry.Probe(context.Background(), base+"/healthz"); err != nil {
		t.Errorf("Probe /healthz: %v", err)
	}
	err = telemetry.Probe(context.Background(), base+"/readyz")
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "index: starting") {
		t.Errorf("Probe /readyz before ready = %v; want 503 with the reason", err)
	}
	h.Ready(telemetry.CondIndex)
	if err := telemetry.Probe(context.Background(), base+"/readyz"); err != nil {
		t.Errorf("Probe /readyz after ready: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ServeListener after cancel = %v; want nil", err)
	}
	if err := telemetry.Probe(context.Background(), base+"/healthz"); err == nil {
		t.Error("Probe after shutdown succeeded")
	}
}

func TestServeBadAddress(t *testing.T) {
	err := telemetry.Serve(context.Background(), "256.0.0.1:http-x", http.NotFoundHandler(), time.Second, nil)
	if err == nil || !strings.Contains(err.Error(), "listen on 256.0.0.1:http-x") {
		t.Errorf("Serve(bad addr) = %v", err)
	}
}
