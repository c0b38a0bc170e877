package api

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/handlers"
)

func TestRouterBasics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.run(t, []apiCase{
		{name: "healthz", url: "/healthz", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if h := decode[handlers.HealthStatus](t, w); h.Status != "ok" || h.Version != "test" {
				t.Errorf("healthz %+v", h)
			}
		}},
		{name: "readyz", url: "/readyz", wantStatus: 200},
		{name: "no route", url: "/api/v1/nothing", wantStatus: 404},
		{name: "no route at the root", url: "/favicon.ico", wantStatus: 404},
		{name: "trailing slash is not redirected", url: "/api/v1/quotes/", wantStatus: 404},
		{name: "method not allowed", method: "PUT", url: "/api/v1/quotes/1", body: `{}`, wantStatus: 405, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			allow := w.Header().Get("Allow")
			for _, m := range []string{"GET", "PATCH", "DELETE"} {
				if !strings.Contains(allow, m) {
					t.Errorf("Allow = %q, want it to list %s", allow, m)
				}
			}
		}},
		{name: "method not allowed on a list", method: "DELETE", url: "/api/v1/quotes", wantStatus: 405},
		{name: "client request id is echoed", url: "/api/v1/nothing", header: map[string]string{RequestIDHeader: "abc-123.x:y_z"}, wantStatus: 404, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if p := decode[Problem](t, w); p.RequestID != "abc-123.x:y_z" || p.Instance != "/api/v1/nothing" {
				t.Errorf("problem %+v", p)
			}
		}},
		{name: "insane request id is replaced", url: "/healthz", header: map[string]string{RequestIDHeader: "<script>"}, wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if id := w.Header().Get(RequestIDHeader); id == "<script>" || len(id) != 32 {
				t.Errorf("request id %q", id)
			}
		}},
		{name: "request id generated", url: "/healthz", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if id := w.Header().Get(RequestIDHeader); len(id) != 32 {
				t.Errorf("request id %q", id)
			}
		}},
		{name: "swagger UI", url: "/swagger/index.html", wantStatus: 200, wantContentType: "text/html", check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if !strings.Contains(w.Body.String(), "swagger-ui") {
				t.Error("index.html is not the Swagger UI")
			}
		}},
		{name: "swagger spec", url: "/swagger/doc.json", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			var spec struct {
				Info  struct{ Title string }
				Paths map[string]any
			}
			if err := json.Unmarshal(w.Body.Bytes(), &spec); err != nil {
				t.Fatal(err)
			}
			if spec.Info.Title != "whosaid API" || spec.Paths["/api/v1/quotes"] == nil || spec.Paths["/healthz"] == nil {
				t.Errorf("spec: title %q, %d paths", spec.Info.Title, len(spec.Paths))
			}
		}},
		{name: "root is the fact-checker's page", url: "/", wantStatus: 200, wantContentType: "text/html", check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if body := w.Body.String(); !strings.Contains(body, `href="/swagger/index.html"`) || !strings.Contains(body, `<form method="get" action="/"`) {
				t.Error("/ is not the search page linking to Swagger UI")
			}
		}},
	})
}

func TestReadyzWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	if err := s.st.Close(); err != nil {
		t.Fatal(err)
	}
	s.run(t, []apiCase{
		{name: "readyz", url: "/readyz", wantStatus: 503},
		{name: "healthz still answers", url: "/healthz", wantStatus: 200},
		{name: "a read says nothing of the cause", url: "/api/v1/quotes", wantStatus: 500, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if p := decode[Problem](t, w); p.Detail != "Internal error." || len(p.Errors) != 0 {
				t.Errorf("internal problem reveals %+v", p)
			}
		}},
	})
}

// A panic, an internal error and every error kind go through the same
// problem writer as the real routes, behind the same middleware.
func TestProblems(t *testing.T) {
	t.Parallel()
	r := newEngine(testLogger(t))
	ps := problems{log: testLogger(t)}
	r.GET("/panic", func(c *gin.Context) { panic("boom: secret detail") })
	r.GET("/panic-error", func(c *gin.Context) { panic(errors.New("db password is hunter2")) })
	r.GET("/internal", ps.handle(func(c *gin.Context) error { return errors.New("sql: connection refused at 10.0.0.1") }))
	r.GET("/internal-kind", ps.handle(func(c *gin.Context) error {
		return &errs.Error{Kind: errs.Internal, Message: "store broke", Err: errors.New("disk full")}
	}))
	kinds := map[string]errs.Kind{
		"invalid": errs.Invalid, "notfound": errs.NotFound, "conflict": errs.Conflict, "unauthorized": errs.Unauthorized,
		"forbidden": errs.Forbidden, "toolarge": errs.TooLarge, "ratelimited": errs.RateLimited, "unavailable": errs.Unavailable,
		"unprocessable": errs.Unprocessable,
	}
	for name, k := range kinds {
		r.GET("/kind/"+name, ps.handle(func(c *gin.Context) error {
			return errs.E(k, "a %s failure", name)
		}))
	}
	r.GET("/wrapped", ps.handle(func(c *gin.Context) error {
		return errors.Join(errors.New("while listing"), errs.Invalidf("limit", "must be between 1 and 100"))
	}))
	s := &testServer{h: r}

	secret := func(t *testing.T, w *httptest.ResponseRecorder) {
		p := decode[Problem](t, w)
		if p.Detail != "Internal error." || strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "hunter2") ||
			strings.Contains(w.Body.String(), "10.0.0.1") || strings.Contains(w.Body.String(), "disk") {
			t.Errorf("internal problem reveals: %s", w.Body)
		}
	}
	cases := []apiCase{
		{name: "panic", url: "/panic", wantStatus: 500, check: secret},
		{name: "panic with an error", url: "/panic-error", wantStatus: 500, check: secret},
		{name: "plain error", url: "/internal", wantStatus: 500, check: secret},
		{name: "internal kind", url: "/internal-kind", wantStatus: 500, check: secret},
		{name: "wrapped invalid", url: "/wrapped", wantStatus: 400, check: wantFields("limit")},
		{name: "no route", url: "/nope", wantStatus: 404},
		{name: "no method", method: "POST", url: "/panic", wantStatus: 405},
	}
	for name, status := range map[string]int{
		"invalid": 400, "notfound": 404, "conflict": 409, "unauthorized": 401, "forbidden": 403,
		"toolarge": 413, "ratelimited": 429, "unavailable": 503, "unprocessable": 422,
	} {
		cases = append(cases, apiCase{name: name, url: "/kind/" + name, wantStatus: status, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if p := decode[Problem](t, w); p.Detail != "a "+name+" failure" {
				t.Errorf("detail %q", p.Detail)
			}
		}})
	}
	s.run(t, cases)
}

func TestServeShutsDownWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeListener(ctx, ln, NewRouter(Deps{Log: testLogger(t)}), testLogger(t)) }()

	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz over TCP: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if _, err := client.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestNewServerHasTimeouts(t *testing.T) {
	t.Parallel()
	srv := NewServer(":0", http.NotFoundHandler(), testLogger(t))
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("server without limits: %+v", srv)
	}
}
