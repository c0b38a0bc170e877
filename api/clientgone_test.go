package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientGoneIsNotAnOutage sends requests whose client has hung up
// (their context is cancelled, as net/http does when the connection
// closes) to a read, a search, a write and the pages. Each must be counted and
// logged as 499, below error and apart from 5xx, without a body; they
// were 503 "the request was cancelled" logged at ERROR.
func TestClientGoneIsNotAnOutage(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newTestServer(t, func(d *Deps) { d.Log = log })
	for _, tc := range []struct{ name, method, url, body string }{
		{"read", "GET", "/api/v1/quotes/2", ""},
		{"search", "GET", "/api/v1/quotes?q=threat&limit=3", ""},
		{"list", "GET", "/api/v1/speakers?q=ken", ""},
		{"write", "POST", "/api/v1/speakers", `{"name":"Gone Away","kind":"person"}`},
		{"page", "GET", "/?q=threat", ""},
		{"quote page", "GET", "/quotes/2", ""},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := httptest.NewRequest(tc.method, tc.url, strings.NewReader(tc.body)).WithContext(ctx)
		r.Header.Set("Authorization", "Bearer "+s.key)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, r)
		if w.Code != StatusClientClosedRequest || w.Body.Len() != 0 {
			t.Errorf("%s: status %d with body %q, want %d and none", tc.name, w.Code, w.Body, StatusClientClosedRequest)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Level == slog.LevelError.String() || rec.Level == slog.LevelWarn.String() {
			t.Errorf("a client that went away is logged at %s: %s", rec.Level, line)
		}
	}
	w := s.serve(http.MethodGet, "/metrics", "", nil)
	m := w.Body.String()
	for _, want := range []string{
		`whosaid_http_requests_total{method="GET",route="/api/v1/quotes/:id",status="499"} 1`,
		`whosaid_http_requests_total{method="GET",route="/api/v1/quotes",status="499"} 1`,
		`whosaid_http_requests_total{method="POST",route="/api/v1/speakers",status="499"} 1`,
		`whosaid_http_requests_total{method="GET",route="/",status="499"} 1`,
		`whosaid_http_requests_total{method="GET",route="/quotes/:id",status="499"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(m, `status="5`) {
		t.Errorf("/metrics counts a 5xx:\n%s", grepLines(m, `status="5`))
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
