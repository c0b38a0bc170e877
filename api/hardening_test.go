package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/store"
)

func withLimits(l Limits) serverOption { return func(d *Deps) { d.Limits = l } }

func withCORS(origins ...string) serverOption { return func(d *Deps) { d.CORSOrigins = origins } }

// from sends a request from a client address with optional headers.
func (s *testServer) from(addr, method, url string, header map[string]string) *httptest.ResponseRecorder {
	return s.do(method, url, "", addr, header, false)
}

func TestRateLimitsPerIPAndPerKey(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withLimits(Limits{IP: RateLimit{PerSecond: 0.01, Burst: 2}, Key: RateLimit{PerSecond: 0.01, Burst: 3}}))
	editor := s.newKey(t, "ed", store.RoleEditor)
	other := s.newKey(t, "other", store.RoleEditor)
	const a, b = "198.51.100.7:1234", "203.0.113.9:4321"
	for i := 0; i < 2; i++ {
		if w := s.from(a, "GET", "/api/v1/speakers?limit=1", nil); w.Code != 200 {
			t.Fatalf("request %d from a: %d", i, w.Code)
		}
	}
	limited := func(w *httptest.ResponseRecorder, who string) {
		t.Helper()
		checkResponse(t, w, http.StatusTooManyRequests, "")
		if n, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || n < 1 {
			t.Errorf("%s: Retry-After = %q, want whole seconds ≥ 1", who, w.Header().Get("Retry-After"))
		}
	}
	limited(s.from(a, "GET", "/api/v1/speakers?limit=1", nil), "third from a")
	// X-Forwarded-For from an untrusted client changes nothing.
	limited(s.from(a, "GET", "/api/v1/speakers?limit=1", map[string]string{"X-Forwarded-For": "192.0.2.200"}), "forged X-Forwarded-For")
	// Guessing keys spends the IP's tokens too.
	limited(s.from(a, "GET", "/api/v1/speakers?limit=1", bearer(store.KeyPrefix+strings.Repeat("x", 43))), "bad key from a")
	if w := s.from(b, "GET", "/api/v1/speakers?limit=1", nil); w.Code != 200 {
		t.Errorf("another IP is limited: %d", w.Code)
	}
	// A key has its own bucket, wherever it comes from.
	for i := 0; i < 3; i++ {
		if w := s.from(a, "GET", "/api/v1/speakers?limit=1", bearer(editor)); w.Code != 200 {
			t.Fatalf("keyed request %d: %d", i, w.Code)
		}
	}
	limited(s.from(b, "GET", "/api/v1/speakers?limit=1", bearer(editor)), "fourth with the key")
	if w := s.from(a, "GET", "/api/v1/speakers?limit=1", bearer(other)); w.Code != 200 {
		t.Errorf("another key is limited: %d", w.Code)
	}
}

func TestTrustedProxyNamesTheClient(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withLimits(Limits{IP: RateLimit{PerSecond: 0.01, Burst: 1}}), func(d *Deps) { d.TrustedProxies = []string{"10.0.0.1"} })
	const proxy = "10.0.0.1:5555"
	for _, client := range []string{"192.0.2.1", "192.0.2.2"} {
		if w := s.from(proxy, "GET", "/api/v1/speakers?limit=1", map[string]string{"X-Forwarded-For": client, "Authorization": ""}); w.Code != 200 {
			t.Errorf("first request of %s through the proxy: %d", client, w.Code)
		}
	}
	if w := s.from(proxy, "GET", "/api/v1/speakers?limit=1", map[string]string{"X-Forwarded-For": "192.0.2.1"}); w.Code != 429 {
		t.Errorf("second request of 192.0.2.1: %d, want 429", w.Code)
	}
}

func TestETagsAndCacheControl(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := s.serve("GET", "/api/v1/quotes?limit=2", "", nil)
	checkResponse(t, w, 200, "")
	tag := w.Header().Get("ETag")
	if !strings.HasPrefix(tag, `"`) || len(tag) < 10 || w.Header().Get("Cache-Control") != listCacheControl {
		t.Fatalf("list: ETag %q, Cache-Control %q", tag, w.Header().Get("Cache-Control"))
	}
	body := w.Body.String()
	for _, inm := range []string{tag, "W/" + tag, `"nope", ` + tag, "*"} {
		w = s.serve("GET", "/api/v1/quotes?limit=2", "", map[string]string{"If-None-Match": inm})
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != tag {
			t.Errorf("If-None-Match %s: %d, ETag %q, body %q", inm, w.Code, w.Header().Get("ETag"), w.Body)
		}
	}
	w = s.serve("GET", "/api/v1/quotes?limit=2", "", map[string]string{"If-None-Match": `"other"`})
	if w.Code != 200 || w.Body.String() != body {
		t.Errorf("stale If-None-Match: %d", w.Code)
	}
	id := decode[handlers.QuoteList](t, w).Data[0].ID
	u := fmt.Sprintf("/api/v1/quotes/%d", id)
	w = s.serve("GET", u, "", nil)
	item := w.Header().Get("ETag")
	if w.Code != 200 || item == "" || w.Header().Get("Cache-Control") != itemCacheControl {
		t.Fatalf("item: %d, ETag %q, Cache-Control %q", w.Code, item, w.Header().Get("Cache-Control"))
	}
	send(t, s, "PATCH", u, `{"setting":"a new setting"}`, 200)
	if w = s.serve("GET", u, "", map[string]string{"If-None-Match": item}); w.Code != 200 || w.Header().Get("ETag") == item {
		t.Errorf("after a change: %d, ETag %q (was %q)", w.Code, w.Header().Get("ETag"), item)
	}
	// Errors are never cached and carry no ETag.
	w = s.serve("GET", "/api/v1/quotes/999999", "", nil)
	checkResponse(t, w, 404, "")
	if w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("ETag") != "" {
		t.Errorf("404: Cache-Control %q, ETag %q", w.Header().Get("Cache-Control"), w.Header().Get("ETag"))
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const desk = "https://desk.example.org"
	s := newTestServer(t, withCORS(desk))
	pre := map[string]string{"Origin": desk, "Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "authorization, content-type", "Authorization": ""}
	w := s.serve("OPTIONS", "/api/v1/quotes/1", "", pre)
	h := w.Header()
	if w.Code != 204 || h.Get("Access-Control-Allow-Origin") != desk || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "PATCH") || h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("preflight: %d %v", w.Code, h)
	}
	pre["Origin"] = "https://evil.example"
	checkResponse(t, s.serve("OPTIONS", "/api/v1/quotes/1", "", pre), 403, "")

	w = s.serve("GET", "/api/v1/quotes?limit=1", "", map[string]string{"Origin": desk})
	if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != desk || !strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "ETag") ||
		!strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Origin") {
		t.Errorf("GET from the desk: %d %v", w.Code, w.Header())
	}
	if w = s.serve("GET", "/api/v1/quotes?limit=1", "", map[string]string{"Origin": "https://evil.example"}); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin may read: %v", w.Header())
	}
	closed := newTestServer(t)
	if w = closed.serve("GET", "/api/v1/quotes?limit=1", "", map[string]string{"Origin": desk}); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no origins configured, yet: %v", w.Header())
	}
	for _, bad := range []string{"desk.example.org", "https://desk.example.org/path", "ftp://x", "https://"} {
		if _, err := ParseOrigins(bad); err == nil {
			t.Errorf("ParseOrigins(%q) accepted", bad)
		}
	}
	if got, err := ParseOrigins(" https://A.example , http://localhost:3000 "); err != nil || strings.Join(got, " ") != "https://a.example http://localhost:3000" {
		t.Errorf("ParseOrigins = %v, %v", got, err)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.serve("GET", "/api/v1/quotes/1", "", nil)
	s.serve("GET", "/api/v1/quotes/2", "", nil)
	s.serve("GET", "/api/v1/quotes/999999", "", nil)
	w := s.serve("GET", "/metrics", "", nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	m := w.Body.String()
	for _, want := range []string{
		`whosaid_http_requests_total{method="GET",route="/api/v1/quotes/:id",status="200"} 2`,
		`whosaid_http_requests_total{method="GET",route="/api/v1/quotes/:id",status="404"} 1`,
		`whosaid_http_request_duration_seconds_bucket{method="GET",route="/api/v1/quotes/:id",status="200",le="+Inf"} 2`,
		`whosaid_db_open_connections{pool="reader"}`,
		`whosaid_db_max_open_connections{pool="writer"}`,
		`whosaid_db_wait_count_total{pool="reader"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(m, "/api/v1/quotes/1\"") {
		t.Errorf("/metrics labels a raw path, not the route")
	}
}

// TestEveryLogLineCarriesTheRequestID: the access log, refusals, internal
// errors and anything logged with the request's context name its id.
func TestEveryLogLineCarriesTheRequestID(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newTestServer(t, func(d *Deps) { d.Log = log })
	var ids []string
	for _, r := range []struct{ method, url, body string }{
		{"GET", "/api/v1/quotes?limit=1", ""},
		{"GET", "/api/v1/quotes?limit=0", ""},
		{"POST", "/api/v1/quotes", `{"text":1}`},
		{"GET", "/nowhere", ""},
	} {
		ids = append(ids, s.serve(r.method, r.url, r.body, nil).Header().Get(RequestIDHeader))
	}
	_ = s.st.Close() // the next request fails inside: a 500 with an error log
	ids = append(ids, s.serve("GET", "/api/v1/quotes?limit=1", "", nil).Header().Get(RequestIDHeader))
	// A layer below logging with the request's context gets the id too.
	withRequestIDs(log).InfoContext(context.WithValue(context.Background(), ctxKey{}, "from-ctx"), "store slow")
	ids = append(ids, "from-ctx")

	seen := map[string]int{}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == "serving HTTP" {
			continue
		}
		id, _ := rec["request_id"].(string)
		if id == "" {
			t.Errorf("log line without request_id: %s", line)
		}
		if strings.Count(line, `"request_id"`) != 1 {
			t.Errorf("request_id twice: %s", line)
		}
		seen[id]++
	}
	for _, id := range ids {
		if seen[id] == 0 {
			t.Errorf("no log line for request %s", id)
		}
	}
	if len(lines) < len(ids)+3 {
		t.Errorf("only %d log lines", len(lines))
	}
}
