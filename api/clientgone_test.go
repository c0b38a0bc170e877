package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
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

// TestClientHangingUpOverTCP: a real client that gives up on a slow
// request over a real connection makes net/http cancel the request's
// context; the answer is counted as 499 in /metrics and nothing is
// logged at error, whatever error the handler returns once cancelled.
func TestClientHangingUpOverTCP(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := newEngine(log)
	ps := problems{log: log}
	hardenRouter(r, Deps{Log: log}, ps)
	entered := make(chan struct{})
	r.GET("/slow", ps.handle(func(c *gin.Context) error {
		close(entered)
		<-c.Request.Context().Done() // the store would fail like this
		return &errs.Error{Kind: errs.Unavailable, Message: "the request was cancelled or timed out", Err: c.Request.Context().Err()}
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeListener(ctx, ln, r, log) }()
	defer func() { stop(); <-done }()
	base := "http://" + ln.Addr().String()

	reqCtx, hangUp := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(reqCtx, http.MethodGet, base+"/slow", nil)
	go func() { <-entered; hangUp() }()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the slow request was answered %d; want the client to give up", resp.StatusCode)
	}
	want := `whosaid_http_requests_total{method="GET",route="/slow",status="499"} 1`
	var m string
	for i := 0; i < 100 && !strings.Contains(m, want); i++ {
		time.Sleep(20 * time.Millisecond)
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m = string(b)
	}
	if !strings.Contains(m, want) || strings.Contains(m, `route="/slow",status="5`) {
		t.Errorf("/metrics lacks %s or counts a 5xx:\n%s", want, grepLines(m, "/slow"))
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) || strings.Contains(line, `"level":"WARN"`) {
			t.Errorf("logged at error or warn: %s", line)
		}
	}
}

// syncBuffer is a bytes.Buffer that the server's goroutines and the
// test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
