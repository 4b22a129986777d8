package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Readiness conditions serve waits for.
const (
	CondIndex   = "index"   // corpus loaded and index synced
	CondDiscord = "discord" // gateway session connected
)

// Health tracks the conditions /readyz reports. Each condition starts not
// ready; the process is ready when every condition is. Safe for concurrent use.
type Health struct {
	mu      sync.Mutex
	reasons map[string]string // condition -> why it is not ready; absent when ready
	order   []string
}

// NewHealth returns a Health with the named conditions, each not ready
// with the reason "starting".
func NewHealth(conditions ...string) *Health {
	h := &Health{reasons: map[string]string{}}
	for _, c := range conditions {
		h.reasons[c] = "starting"
		h.order = append(h.order, c)
	}
	return h
}

// Ready marks a condition ready.
func (h *Health) Ready(condition string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.add(condition)
	delete(h.reasons, condition)
}

// NotReady marks a condition not ready, with the reason /readyz shows.
func (h *Health) NotReady(condition, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.add(condition)
	h.reasons[condition] = reason
}

func (h *Health) add(condition string) {
	if !slices.Contains(h.order, condition) {
		h.order = append(h.order, condition)
	}
}

// Status reports whether every condition is ready and, if not, why, as
// "index: starting; discord: disconnected".
func (h *Health) Status() (ready bool, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var parts []string
	for _, c := range h.order {
		if r, bad := h.reasons[c]; bad {
			parts = append(parts, c+": "+r)
		}
	}
	return len(parts) == 0, strings.Join(parts, "; ")
}

// Handler serves GET /healthz (200 while the process runs), /readyz (200
// when h is ready, else 503 with the reasons) and /metrics (m's registry in
// the Prometheus text format).
func Handler(m *Metrics, h *Health) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if ready, reason := h.Status(); !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "not ready: %s\n", reason)
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	return mux
}

// Serve listens on addr and serves handler until ctx is done, then shuts
// down, giving requests in flight up to grace to finish. It returns nil
// after a clean shutdown.
func Serve(ctx context.Context, addr string, handler http.Handler, grace time.Duration, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ServeListener(ctx, ln, handler, grace, log)
}

// ServeListener is Serve on a listener already open (tests use port 0).
func ServeListener(ctx context.Context, ln net.Listener, handler http.Handler, grace time.Duration, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("http listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve http on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down http on %s: %w", ln.Addr(), err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http on %s: %w", ln.Addr(), err)
	}
	return nil
}

// Probe asks url (e.g. http://127.0.0.1:8080/healthz) and returns nil on a
// 200 answer: the container HEALTHCHECK, since minimal images have no curl.
func Probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
