package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// What the router costs per request beyond gin's own, without a network:
// a cached GET through every middleware (request id, access log, metrics,
// ETag, CORS, keys) against a bare gin handler with a constant 1 KB body,
// the perf suite's yardstick. go test ./api/ -run '^$' -bench Router
func BenchmarkRouter(b *testing.B) {
	s := newTestServer(b)
	s.h = NewRouter(Deps{Store: s.st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Extract: quoteExtractor, Version: "bench"})
	gin.SetMode(gin.ReleaseMode)
	bare := gin.New()
	body := []byte(`{"data":"` + strings.Repeat("x", 1024-11) + `"}`)
	bare.GET("/bare", func(c *gin.Context) { c.Data(200, "application/json; charset=utf-8", body) })

	for _, tc := range []struct {
		name string
		h    http.Handler
		path string
	}{
		{"bare", bare, "/bare"},
		{"cached_quote", s.h, "/api/v1/quotes/1"},
		{"cached_search", s.h, "/api/v1/quotes?q=security"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", tc.path, nil)
			req.Header.Set("Accept", "application/json")
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				tc.h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("%s: %d %s", tc.path, w.Code, w.Body)
				}
			}
		})
	}
}
