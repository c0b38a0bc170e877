package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// testServer is the real router on a real, seeded SQLite database of its
// own, so tests run in parallel without sharing state.
type testServer struct {
	h  http.Handler
	st *store.Store
	// key is an admin API key that serve sends unless the request's
	// headers name an Authorization of their own ("" sends none).
	key string
}

// testKeyName is the name of the test server's admin key: the actor the
// history records for the tests' writes.
const testKeyName = "test-admin"

type serverOption func(*Deps)

// withExtract replaces the extractor.
func withExtract(x handlers.Extractor) serverOption {
	return func(d *Deps) { d.Extract = x }
}

// newTestServer opens a file database under t.TempDir(), migrates it,
// loads the seed corpus and builds the router the service runs.
func newTestServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	deps := Deps{Store: st, Log: testLogger(t), Extract: quoteExtractor, Version: "test"}
	for _, o := range opts {
		o(&deps)
	}
	_, key, err := st.CreateKey(ctx, testKeyName, store.RoleAdmin)
	if err != nil {
		t.Fatalf("create key: %v", err)
	}
	return &testServer{h: NewRouter(deps), st: st, key: key}
}

// testLogger logs to the test's output, shown when a test fails or with -v.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// quoteExtractor is a small stand-in for the real extractor: every “…”
// span is a direct quote with no speaker. It keeps the HTTP tests about
// HTTP, whatever the extractor's precision.
func quoteExtractor(_ context.Context, src store.SourceInput) (store.IngestInput, error) {
	in := store.IngestInput{Source: src}
	runes := []rune(src.Text)
	start := -1
	for i, r := range runes {
		switch {
		case r == '“':
			start = i + 1
		case r == '”' && start >= 0 && i > start:
			in.Quotes = append(in.Quotes, store.IngestQuote{Text: string(runes[start:i]), Start: start, End: i, Kind: "direct", Confidence: 0.5})
			start = -1
		}
	}
	return in, nil
}

// apiCase is one request and what its response must be.
type apiCase struct {
	name            string
	method          string // GET when empty
	url             string
	body            string
	header          map[string]string
	wantStatus      int
	wantContentType string // by default JSON, or problem+json for 4xx/5xx
	check           func(t *testing.T, w *httptest.ResponseRecorder)
}

// serve runs one request through the router.
func (s *testServer) serve(method, url, body string, header map[string]string) *httptest.ResponseRecorder {
	return s.do(method, url, body, "", header, true)
}

// do runs one request through the router from the client address remote
// ("" for httptest's), with the server's key when withKey, and the given
// headers ("Host" sets the request's host).
func (s *testServer) do(method, url, body, remote string, header map[string]string, withKey bool) *httptest.ResponseRecorder {
	if method == "" {
		method = http.MethodGet
	}
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, url, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, url, nil)
	}
	if remote != "" {
		r.RemoteAddr = remote
	}
	if s.key != "" && withKey {
		r.Header.Set("Authorization", "Bearer "+s.key)
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	if h, ok := header["Host"]; ok {
		r.Host = h
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

// run runs the cases as parallel subtests against s. Cases must not
// depend on each other's writes.
func (s *testServer) run(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := s.serve(tc.method, tc.url, tc.body, tc.header)
			checkResponse(t, w, tc.wantStatus, tc.wantContentType)
			if tc.check != nil {
				tc.check(t, w)
			}
		})
	}
}

// checkResponse asserts the status and content type; every 4xx and 5xx
// must be a problem document whose status matches.
func checkResponse(t *testing.T, w *httptest.ResponseRecorder, wantStatus int, wantCT string) {
	t.Helper()
	if w.Code != wantStatus {
		t.Fatalf("status = %d, want %d; body: %s", w.Code, wantStatus, w.Body)
	}
	ct := w.Header().Get("Content-Type")
	if wantCT == "" {
		switch {
		case wantStatus >= 400:
			wantCT = ProblemContentType
		case wantStatus == http.StatusNoContent:
			wantCT = "-"
		default:
			wantCT = "application/json"
		}
	}
	switch {
	case wantCT == "-":
		if w.Body.Len() != 0 {
			t.Errorf("body = %q, want none", w.Body)
		}
	case !strings.HasPrefix(ct, wantCT):
		t.Errorf("Content-Type = %q, want %q", ct, wantCT)
	}
	if wantStatus >= 400 {
		p := decode[Problem](t, w)
		if p.Status != wantStatus || p.Type != "about:blank" || p.Title != http.StatusText(wantStatus) || p.Detail == "" || p.Instance == "" || p.RequestID == "" {
			t.Errorf("problem = %+v, want status %d with type, title, detail, instance and request_id", p, wantStatus)
		}
		if got := w.Header().Get(RequestIDHeader); got != p.RequestID {
			t.Errorf("request_id = %q, header %s = %q", p.RequestID, RequestIDHeader, got)
		}
	}
}

// decode parses the response body as T, strictly.
func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(w.Body.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T: %v; body: %s", v, err, w.Body)
	}
	return v
}

// wantFields returns a check that the problem names exactly these fields.
func wantFields(fields ...string) func(t *testing.T, w *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		p := decode[Problem](t, w)
		var got []string
		for _, f := range p.Errors {
			got = append(got, f.Field)
			if f.Message == "" {
				t.Errorf("field %s has no message", f.Field)
			}
		}
		if strings.Join(got, ",") != strings.Join(fields, ",") {
			t.Errorf("problem names fields %v, want %v; problem: %s", got, fields, w.Body)
		}
	}
}

// wantFieldMessage checks that the problem's message for field contains s.
func wantFieldMessage(field, s string) func(t *testing.T, w *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		p := decode[Problem](t, w)
		for _, f := range p.Errors {
			if f.Field == field {
				if !strings.Contains(f.Message, s) {
					t.Errorf("message for %s = %q, want it to contain %q", field, f.Message, s)
				}
				return
			}
		}
		t.Errorf("problem does not name %s: %s", field, w.Body)
	}
}

// all combines checks.
func all(checks ...func(*testing.T, *httptest.ResponseRecorder)) func(*testing.T, *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		for _, c := range checks {
			c(t, w)
		}
	}
}

// quotes checks every quote of a list response.
func quotes(each func(t *testing.T, q handlers.Quote), wantMin int) func(*testing.T, *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		l := decode[handlers.QuoteList](t, w)
		if len(l.Data) < wantMin {
			t.Fatalf("got %d quotes, want at least %d", len(l.Data), wantMin)
		}
		for _, q := range l.Data {
			each(t, q)
		}
	}
}

// get fetches url and decodes a 200 response as T.
func get[T any](t *testing.T, s *testServer, url string) T {
	t.Helper()
	w := s.serve(http.MethodGet, url, "", nil)
	checkResponse(t, w, http.StatusOK, "")
	return decode[T](t, w)
}

// send sends a JSON body and checks the status; it returns the response.
func send(t *testing.T, s *testServer, method, url, body string, want int) *httptest.ResponseRecorder {
	t.Helper()
	w := s.serve(method, url, body, nil)
	checkResponse(t, w, want, "")
	return w
}

// TestMain runs every API test on SQLite and again on PostgreSQL.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
