// Package memhttp serves HTTP requests in memory with an http.Handler, so
// that a client under test needs no socket and can run inside a
// testing/synctest bubble, its backoffs and timeouts on the fake clock.
package memhttp

import (
	"net/http"
	"net/http/httptest"
)

// Transport is an http.RoundTripper that answers every request with
// Handler. A request whose context has ended gets the context's error, as
// from a real transport.
type Transport struct{ Handler http.Handler }

// RoundTrip serves r with the handler.
func (t Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, r)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	res := rec.Result()
	res.Request = r
	return res, nil
}
