package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/handlers"
)

// operation is one documented route with its parameters, read from the
// generated OpenAPI document so that a new route or parameter is covered
// without editing this test.
type operation struct {
	method, path  string // path in gin's :param form
	pathParams    []string
	queryParams   []string
	bodyFields    []string
	hasBody       bool
	publicOrWrite string
}

func documentedOperations(t testing.TB) []operation {
	t.Helper()
	b, err := os.ReadFile("../docs/swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				In, Name string
				Schema   struct {
					Ref string `json:"$ref"`
				}
			}
		}
		Definitions map[string]struct {
			Properties map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for p, methods := range doc.Paths {
		for m, op := range methods {
			o := operation{method: strings.ToUpper(m), path: strings.NewReplacer("{", ":", "}", "").Replace(p)}
			for _, prm := range op.Parameters {
				switch prm.In {
				case "path":
					o.pathParams = append(o.pathParams, prm.Name)
				case "query":
					o.queryParams = append(o.queryParams, prm.Name)
				case "body":
					o.hasBody = true
					def := doc.Definitions[strings.TrimPrefix(prm.Schema.Ref, "#/definitions/")]
					for f := range def.Properties {
						o.bodyFields = append(o.bodyFields, f)
					}
					sort.Strings(o.bodyFields)
				}
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].method+ops[i].path < ops[j].method+ops[j].path })
	return ops
}

// hostileStrings are what attackers and broken clients send: SQL and
// path-traversal strings, NUL bytes, invalid UTF-8, huge and odd numbers,
// markup, and long text.
var hostileStrings = []string{
	"' OR '1'='1", "1; DROP TABLE quotes;--", "1 UNION SELECT * FROM api_keys", `") OR 1=1 --`,
	"../../../../etc/passwd", `..\..\windows\win.ini`, "/etc/passwd", "%2e%2e%2f",
	"a\x00b", "\x00", "\xff\xfe\xfd", "\xc3\x28",
	"99999999999999999999999999999", "-99999999999999999999", "9223372036854775808", "-1", "0", "1e308", "NaN", "0x7fffffff",
	"<script>alert(1)</script>", "${jndi:ldap://x/a}", "*", "%", "\"", "\\", "NEAR(a b)", "a OR b NOT c",
	strings.Repeat("w", 5000), strings.Repeat("é", 600),
}

// hostileJSON are JSON values no body field accepts.
var hostileJSON = []string{
	`"a\u0000b"`, "\"\xff\xfe\"", `1e400`, `99999999999999999999999999`, `-99999999999999999999`,
	`{"$gt": ""}`, `[[[[[[[[[[[]]]]]]]]]]]`, `"` + strings.Repeat("x", 2<<20+1) + `"`,
}

// rowCounts is what the database holds, as the API reports it.
func rowCounts(t *testing.T, s *testServer) map[string]int64 {
	t.Helper()
	n := map[string]int64{
		"quotes":   get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1").Total,
		"speakers": get[handlers.SpeakerList](t, s, "/api/v1/speakers?limit=1").Total,
		"sources":  get[handlers.SourceList](t, s, "/api/v1/sources?limit=1").Total,
	}
	ks, err := s.st.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n["keys"] = int64(len(ks))
	for _, u := range []string{"/api/v1/quotes/1/history?limit=100", "/api/v1/speakers/1/history?limit=100"} {
		n[u] = int64(len(get[handlers.HistoryList](t, s, u).Data))
	}
	sp := get[handlers.Speaker](t, s, "/api/v1/speakers/1")
	n["aliases of speaker 1"] = int64(len(sp.Aliases))
	return n
}

// TestHostileInputChangesNothing throws hostile values at every
// documented route and parameter — path, query and each body field — with
// an admin key, so that only input checks stand in the way. Nothing may
// answer 5xx; every 4xx is a problem document; a hostile path parameter or
// body field is always a 4xx; and no row changes.
func TestHostileInputChangesNothing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	before := rowCounts(t, s)
	ops := documentedOperations(t)

	// Every route the router serves is documented, and so covered here.
	documented := map[string]bool{}
	for _, o := range ops {
		documented[o.method+" "+o.path] = true
	}
	for _, rt := range s.h.(*gin.Engine).Routes() {
		method := rt.Method
		if method == http.MethodHead { // HEAD is GET without the body (head_test.go)
			method = http.MethodGet
		}
		if strings.HasPrefix(rt.Path, "/api/") && !documented[method+" "+rt.Path] {
			t.Errorf("%s %s is not in docs/swagger.json, so this test does not reach it", rt.Method, rt.Path)
		}
	}

	check := func(t *testing.T, method, u, body string, must4xx bool) {
		t.Helper()
		r, err := http.NewRequest(method, "http://whosaid.test"+u, strings.NewReader(body))
		if err != nil { // not even a URL: no server would see it
			return
		}
		w := s.serve(method, r.URL.RequestURI(), body, nil)
		switch {
		case w.Code >= 500:
			t.Errorf("%s %s body %.80q: %d %s", method, u, body, w.Code, w.Body)
		case must4xx && (w.Code < 400 || w.Code >= 500):
			t.Errorf("%s %s body %.80q: %d, want 4xx", method, u, body, w.Code)
		}
		if w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), ProblemContentType) {
			t.Errorf("%s %s: %d is not a problem document", method, u, w.Code)
		}
	}
	fill := func(o operation, bad string, which string) string {
		p := o.path
		for _, name := range o.pathParams {
			v := "1"
			if name == which {
				v = url.PathEscape(bad)
			}
			p = strings.Replace(p, ":"+name, v, 1)
		}
		return p
	}
	calls := 0
	for _, o := range ops {
		t.Run(o.method+" "+o.path, func(t *testing.T) {
			baseBody := ""
			if o.hasBody {
				baseBody = "{}"
			}
			for _, name := range o.pathParams {
				for _, bad := range hostileStrings {
					if name == "id" && (bad == "1" || bad == "0x7fffffff") {
						continue
					}
					check(t, o.method, fill(o, bad, name), baseBody, true)
					calls++
				}
			}
			for _, name := range o.queryParams {
				for _, bad := range hostileStrings {
					// A hostile search term is still a search: 200 or 4xx.
					check(t, o.method, fill(o, "", "")+"?"+name+"="+url.QueryEscape(bad), baseBody, false)
					calls++
				}
				// Limits: page size and query length.
				check(t, o.method, fill(o, "", "")+"?"+name+"="+strings.Repeat("q", 501), baseBody, false)
			}
			for _, field := range o.bodyFields {
				for _, bad := range hostileJSON {
					check(t, o.method, fill(o, "", ""), fmt.Sprintf(`{%q: %s}`, field, bad), o.publicOrWrite == "")
					calls++
				}
			}
			if o.hasBody {
				for _, bad := range []string{"", "null", "[]", `{"a":1}`, "{}{}", "{\"text\":\"x\"}\x00", "\xff", `{"text":`, strings.Repeat("[", 100000)} {
					check(t, o.method, fill(o, "", ""), bad, true)
				}
				// Every body has a limit: 9 MiB is over all of them.
				w := s.serve(o.method, fill(o, "", ""), `{"text":"`+strings.Repeat("a", 9<<20)+`"}`, nil)
				checkResponse(t, w, http.StatusRequestEntityTooLarge, "")
			}
		})
	}
	if calls < 1000 {
		t.Errorf("only %d hostile requests", calls)
	}
	for _, c := range []struct{ url, field string }{
		{"/api/v1/quotes?limit=101", "limit"}, {"/api/v1/quotes?limit=0", "limit"},
		{"/api/v1/quotes?q=" + strings.Repeat("q", 501), "q"}, {"/api/v1/speakers?q=" + strings.Repeat("q", 501), "q"},
		{"/api/v1/sources?q=" + strings.Repeat("q", 501), "q"}, {"/api/v1/quotes?from=2025-13-01", "from"},
		{"/api/v1/quotes?kind=" + url.QueryEscape("' OR 1=1"), "kind"}, {"/api/v1/quotes?sort=id%3BDROP", "sort"}, {"/api/v1/quotes?sort=id;DROP", "query"}, {"/api/v1/quotes?cursor=../../x", "cursor"},
	} {
		w := s.serve("GET", c.url, "", nil)
		checkResponse(t, w, 400, "")
		wantFields(c.field)(t, w)
	}
	after := rowCounts(t, s)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after", k, v, after[k])
		}
	}
}
