package api

import (
	"net/http"
	"strconv"
	"testing"
)

// TestHeadAnswersLikeGet checks that every kind of GET route answers HEAD
// with GET's status and headers and no body (it answered 405), and that
// every answer, error or not, carries X-Content-Type-Options: nosniff.
func TestHeadAnswersLikeGet(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, url := range []string{
		"/healthz", "/readyz", "/metrics",
		"/api/v1/quotes?limit=2", "/api/v1/quotes/1", "/api/v1/quotes/1/reports", "/api/v1/speakers", "/api/v1/speakers/ken-mccallum",
		"/api/v1/speakers/ken-mccallum/timeline", "/api/v1/sources", "/api/v1/verify?claim=threat",
		"/api/v1/quotes/999999", "/api/v1/quotes?limit=0", "/nowhere",
		"/", "/quotes/1", "/assets/style.css", "/swagger/index.html",
	} {
		t.Run(url, func(t *testing.T) {
			t.Parallel()
			get := s.serve(http.MethodGet, url, "", nil)
			head := s.serve(http.MethodHead, url, "", nil)
			if head.Code != get.Code || head.Body.Len() != 0 {
				t.Errorf("HEAD = %d with %d bytes of body; GET = %d", head.Code, head.Body.Len(), get.Code)
			}
			for _, h := range []string{"Content-Type", "Cache-Control", "ETag", "X-Content-Type-Options"} {
				if head.Header().Get(h) != get.Header().Get(h) {
					t.Errorf("HEAD %s = %q, GET %s = %q", h, head.Header().Get(h), h, get.Header().Get(h))
				}
			}
			if get.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("GET %s: X-Content-Type-Options = %q, want nosniff", url, get.Header().Get("X-Content-Type-Options"))
			}
			if cl := head.Header().Get("Content-Length"); cl != "" && cl != strconv.Itoa(get.Body.Len()) {
				t.Errorf("HEAD Content-Length = %s, GET body is %d bytes", cl, get.Body.Len())
			}
		})
	}
}

// TestNosniffOnEveryAnswer checks the header on answers that are not
// GETs: a write, a refused write and a wrong method.
func TestNosniffOnEveryAnswer(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, tc := range []struct{ method, url, body string }{
		{"POST", "/api/v1/speakers", `{"name":"Nosniff Person"}`},
		{"POST", "/api/v1/speakers", `{"name":""}`},
		{"PUT", "/api/v1/quotes", ""},
		{"HEAD", "/api/v1/extract", ""},
		{"OPTIONS", "/api/v1/quotes", ""},
	} {
		w := s.serve(tc.method, tc.url, tc.body, nil)
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s (%d): X-Content-Type-Options = %q, want nosniff", tc.method, tc.url, w.Code, w.Header().Get("X-Content-Type-Options"))
		}
	}
	if w := s.serve("HEAD", "/api/v1/extract", "", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("HEAD on a POST route = %d, want 405", w.Code)
	}
}
