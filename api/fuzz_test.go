package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// newFuzzServer is newTestServer for fuzz targets: the real router on a
// real, seeded database, with an admin key.
func newFuzzServer(f *testing.F) *testServer {
	f.Helper()
	ctx := context.Background()
	st := storetest.Open(f)
	if _, err := seed.Load(ctx, st); err != nil {
		f.Fatal(err)
	}
	_, key, err := st.CreateKey(ctx, testKeyName, store.RoleAdmin)
	if err != nil {
		f.Fatal(err)
	}
	return &testServer{h: NewRouter(Deps{Store: st, Extract: quoteExtractor, Version: "fuzz"}), st: st, key: key}
}

// checkFuzzAnswer fails on a 5xx, and on a 4xx that is not a problem
// document with the same status.
func checkFuzzAnswer(t *testing.T, w *httptest.ResponseRecorder, what string) {
	t.Helper()
	if w.Code >= 500 {
		t.Fatalf("%s: %d %s", what, w.Code, w.Body)
	}
	if w.Code >= 400 {
		if !strings.HasPrefix(w.Header().Get("Content-Type"), ProblemContentType) {
			t.Fatalf("%s: %d with Content-Type %q", what, w.Code, w.Header().Get("Content-Type"))
		}
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Detail == "" {
			t.Fatalf("%s: %d with problem %s (%v)", what, w.Code, w.Body, err)
		}
	}
}

// fuzzDeadline is how long one fuzzed request may take: anything slower
// is a way to tie the server up.
const fuzzDeadline = 5 * time.Second

// serveWithin serves r and fails if the answer takes longer than
// fuzzDeadline.
func serveWithin(t *testing.T, h http.Handler, r *http.Request, what string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { defer close(done); h.ServeHTTP(w, r) }()
	select {
	case <-done:
		return w
	case <-time.After(fuzzDeadline):
		t.Fatalf("%s: no answer after %s", what, fuzzDeadline)
		return nil
	}
}

// fuzzReads are the GET routes whose query parameters are fuzzed.
var fuzzReads = []string{
	"/api/v1/quotes", "/api/v1/speakers", "/api/v1/sources", "/api/v1/speakers/1/quotes",
	"/api/v1/speakers/ken-mccallum/timeline", "/api/v1/quotes/1/history", "/api/v1/verify",
}

// FuzzQueryParams sends any query string to every list route: the answer
// is a 2xx or a 4xx problem, never a 5xx.
func FuzzQueryParams(f *testing.F) {
	for _, seed := range []string{
		"", "limit=5", "limit=0", "limit=99999999999999999999", "q=threat&sort=relevance", "speaker=Sir%20Ken",
		"from=2025-10-01&to=2025-09-01", "cursor=eyJ9", "q=%22%27%20OR%201%3D1--", "q=%00", "q=%ff%fe", "kind=direct&kind=partial",
		"%zz", "a;b", "q=" + strings.Repeat("x", 600), "format=csv", "claim=MI5%20said&speaker=ken", "order=desc", "q=NEAR(a%20b)*",
	} {
		f.Add(uint8(0), seed)
		f.Add(uint8(6), seed)
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, route uint8, raw string) {
		path := fuzzReads[int(route)%len(fuzzReads)]
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.URL.RawQuery = raw
		w := serveWithin(t, s.h, r, path+"?"+raw)
		checkFuzzAnswer(t, w, path+"?"+raw)
	})
}

// fuzzWrites are the routes whose bodies are fuzzed.
var fuzzWrites = []struct{ method, path string }{
	{"POST", "/api/v1/quotes"}, {"PATCH", "/api/v1/quotes/1"}, {"POST", "/api/v1/speakers"}, {"PATCH", "/api/v1/speakers/2"},
	{"POST", "/api/v1/speakers/1/aliases"}, {"POST", "/api/v1/sources"}, {"PATCH", "/api/v1/sources/1"},
	{"POST", "/api/v1/quotes/2/review"}, {"POST", "/api/v1/speakers/3/split"}, {"POST", "/api/v1/speakers/4/merge"},
	{"POST", "/api/v1/extract"}, {"POST", "/api/v1/verify"},
}

// FuzzRequestBodies sends any body to every write route with an admin
// key: the answer is a 2xx or a 4xx problem, never a 5xx.
func FuzzRequestBodies(f *testing.F) {
	for _, seed := range []string{
		`{}`, `null`, `[]`, `{"name":"Jane Doe","kind":"person"}`, `{"status":"verified","note":"ok"}`, `{"text":"He said: “Yes.”"}`,
		`{"claim":"MI5 said China is a threat"}`, `{"into":1}`, `{"alias":"the head"}`, `{"alias_id":1,"quote_ids":[1]}`,
		`{"setting":null}`, `{"text":"a\u0000b"}`, "{\"name\":\"\xff\"}", `{"speaker_id":99999999999999999999}`, `{"start":-1,"end":1e400}`,
		`{"name":"x"}{"name":"y"}`, `{"aliases":[` + strings.Repeat(`"a",`, 200) + `"a"]}`,
	} {
		for i := range fuzzWrites {
			f.Add(uint8(i), []byte(seed))
		}
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		rt := fuzzWrites[int(route)%len(fuzzWrites)]
		r := httptest.NewRequest(rt.method, rt.path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+s.key)
		w := serveWithin(t, s.h, r, rt.method+" "+rt.path)
		checkFuzzAnswer(t, w, rt.method+" "+rt.path)
	})
}
