package handlers

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
)

func testContext(method, target, body string) *gin.Context {
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest(method, target, strings.NewReader(body))
	return c
}

// fieldsOf returns the kind and the fields an error names.
func fieldsOf(err error) (errs.Kind, string) {
	e, ok := errs.As(err)
	if !ok {
		return errs.Internal, ""
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Field)
	}
	return e.Kind, strings.Join(names, ",")
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	type nested struct {
		N int `json:"n"`
	}
	type body struct {
		Name  string      `json:"name"`
		Limit int         `json:"limit"`
		Tags  []string    `json:"tags"`
		Inner nested      `json:"inner"`
		Opt   Opt[string] `json:"opt"`
	}
	for _, tc := range []struct {
		name, body string
		limit      int64
		wantKind   errs.Kind
		wantFields string
		wantMsg    string
	}{
		{name: "ok", body: `{"name": "a", "limit": 3, "opt": null}`, wantKind: -1},
		{name: "ok with spaces after", body: "{\"name\": \"a\"}\n  \n", wantKind: -1},
		{name: "empty", body: "", wantKind: errs.Invalid, wantFields: "body"},
		{name: "blank", body: "  \n", wantKind: errs.Invalid, wantFields: "body"},
		{name: "null", body: "null", wantKind: errs.Invalid, wantFields: "body"},
		{name: "NUL in a value", body: `{"name": "a\u0000b"}`, wantKind: errs.Invalid, wantFields: "name", wantMsg: "NUL"},
		{name: "NUL deep in a value", body: `{"inner": {"n": 1}, "tags": ["x", "\u0000"]}`, wantKind: errs.Invalid, wantFields: "tags[1]", wantMsg: "NUL"},
		{name: "NUL nested", body: `{"inner": {"n": "\u0000"}}`, wantKind: errs.Invalid, wantFields: "inner.n", wantMsg: "NUL"},
		{name: "duplicate key", body: `{"name": "a", "limit": 1, "name": "b"}`, wantKind: errs.Invalid, wantFields: "name", wantMsg: "more than once"},
		{name: "duplicate key escaped", body: `{"name": "a", "n\u0061me": "b"}`, wantKind: errs.Invalid, wantFields: "name", wantMsg: "more than once"},
		{name: "duplicate nested key", body: `{"inner": {"n": 1, "n": 2}}`, wantKind: errs.Invalid, wantFields: "inner.n", wantMsg: "more than once"},
		{name: "duplicate key after an array", body: `{"tags": ["a", "b"], "inner": {"n": 1}, "tags": []}`, wantKind: errs.Invalid, wantFields: "tags", wantMsg: "more than once"},
		{name: "same key in two objects", body: `{"inner": {"n": 1}, "opt": "x", "name": "{\"n\": 2, \"n\": 3}"}`, wantKind: -1},
		{name: "escaped backslash then u0000 is text", body: `{"name": "a\\u0000b"}`, wantKind: -1},
		{name: "string", body: `"x"`, wantKind: errs.Invalid, wantFields: "body"},
		{name: "syntax", body: `{"name": }`, wantKind: errs.Invalid, wantFields: "body", wantMsg: "not valid JSON"},
		{name: "truncated", body: `{"name": "a"`, wantKind: errs.Invalid, wantFields: "body"},
		{name: "unknown field", body: `{"nmae": "a"}`, wantKind: errs.Invalid, wantFields: "nmae"},
		{name: "unknown nested field", body: `{"inner": {"m": 1}}`, wantKind: errs.Invalid, wantFields: "m"},
		{name: "int as string", body: `{"limit": "3"}`, wantKind: errs.Invalid, wantFields: "limit", wantMsg: "must be an integer"},
		{name: "int as float", body: `{"limit": 3.5}`, wantKind: errs.Invalid, wantFields: "limit", wantMsg: "must be an integer"},
		{name: "string as number", body: `{"name": 3}`, wantKind: errs.Invalid, wantFields: "name", wantMsg: "must be a string"},
		{name: "array as string", body: `{"tags": "a"}`, wantKind: errs.Invalid, wantFields: "tags", wantMsg: "must be an array"},
		{name: "nested type", body: `{"inner": {"n": "x"}}`, wantKind: errs.Invalid, wantFields: "inner.n", wantMsg: "must be an integer"},
		{name: "opt type", body: `{"opt": 5}`, wantKind: errs.Invalid, wantFields: "opt", wantMsg: "must be a string"},
		{name: "trailing value", body: `{} {}`, wantKind: errs.Invalid, wantFields: "body", wantMsg: "single JSON value"},
		{name: "trailing garbage", body: `{}x`, wantKind: errs.Invalid, wantFields: "body"},
		{name: "invalid UTF-8 in a value", body: "{\"name\": \"\xff\"}", wantKind: errs.Invalid, wantFields: "name"},
		{name: "invalid UTF-8 in a key", body: "{\"\xff\": 1}", wantKind: errs.Invalid, wantFields: "body"},
		{name: "too large", body: `{"name": "` + strings.Repeat("a", 100) + `"}`, limit: 50, wantKind: errs.TooLarge, wantFields: "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			limit := tc.limit
			if limit == 0 {
				limit = maxBody
			}
			var b body
			err := decodeJSON(testContext(http.MethodPost, "/", tc.body), limit, &b)
			if tc.wantKind == -1 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			kind, fields := fieldsOf(err)
			if kind != tc.wantKind || fields != tc.wantFields {
				t.Fatalf("err = %v (%s naming %q), want %s naming %q", err, kind, fields, tc.wantKind, tc.wantFields)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("err = %q, want it to say %q", err, tc.wantMsg)
			}
		})
	}
}

func TestOpt(t *testing.T) {
	t.Parallel()
	var v struct {
		A Opt[int64]  `json:"a"`
		B Opt[string] `json:"b"`
		C Opt[string] `json:"c"`
	}
	if err := decodeJSON(testContext(http.MethodPatch, "/", `{"a": 5, "b": null}`), maxBody, &v); err != nil {
		t.Fatal(err)
	}
	if !v.A.Set || v.A.Null || v.A.Value != 5 || !v.B.Set || !v.B.Null || v.C.Set {
		t.Errorf("decoded %+v", v)
	}
	var fs errs.Fields
	if p := v.B.ptr(&fs, "b"); p != nil || len(fs) != 1 || fs[0].Field != "b" {
		t.Errorf("null for a non-nullable field: %v, %v", p, fs)
	}
	if p := v.C.ptr(&fs, "c"); p != nil {
		t.Errorf("absent field gave %v", p)
	}
}

func TestQueryParsing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, target string
		wantFields   string
		check        func(t *testing.T, q *query)
	}{
		{name: "defaults", target: "/", check: func(t *testing.T, q *query) {
			if p := q.page(); p.Limit != 20 || p.Cursor != "" {
				t.Errorf("page %+v", p)
			}
		}},
		{name: "date is the start of the day", target: "/?from=2024-02-29", check: func(t *testing.T, q *query) {
			if d := q.date("from", false); d == nil || !d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("from = %v", d)
			}
		}},
		{name: "to date is the end of the day", target: "/?to=2024-02-29", check: func(t *testing.T, q *query) {
			if d := q.date("to", true); d == nil || !d.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)) {
				t.Errorf("to = %v", d)
			}
		}},
		{name: "RFC 3339 with offset", target: "/?to=2024-02-29T10:00:00%2B02:00", check: func(t *testing.T, q *query) {
			if d := q.date("to", true); d == nil || !d.Equal(time.Date(2024, 2, 29, 8, 0, 0, 0, time.UTC)) {
				t.Errorf("to = %v", d)
			}
		}},
		{name: "limit bounds", target: "/?limit=100", check: func(t *testing.T, q *query) {
			if p := q.page(); p.Limit != 100 {
				t.Errorf("limit %d", p.Limit)
			}
		}},
		{name: "limit over", target: "/?limit=101", wantFields: "limit", check: func(t *testing.T, q *query) { q.page() }},
		{name: "limit float", target: "/?limit=1.5", wantFields: "limit", check: func(t *testing.T, q *query) { q.page() }},
		{name: "bad date", target: "/?from=2024-02-30", wantFields: "from", check: func(t *testing.T, q *query) { q.date("from", false) }},
		{name: "enum", target: "/?kind=x", wantFields: "kind", check: func(t *testing.T, q *query) { q.enum("kind", "a", "b") }},
		{name: "id", target: "/?source=-3", wantFields: "source", check: func(t *testing.T, q *query) { q.id("source") }},
		{name: "unknown, sorted", target: "/?zz=1&aa=2&kind=a", wantFields: "aa,zz"},
		{name: "repeated", target: "/?kind=a&kind=b", wantFields: "kind"},
		{name: "bad escape", target: "/?kind=%zz", wantFields: "query"},
		{name: "NUL", target: "/?kind=%00", wantFields: "kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q := newQuery(testContext(http.MethodGet, tc.target, ""), "kind", "from", "to", "limit", "cursor", "source")
			if tc.check != nil {
				tc.check(t, q)
			}
			_, fields := fieldsOf(q.err())
			if fields != tc.wantFields {
				t.Errorf("bad fields %q, want %q (err %v)", fields, tc.wantFields, q.err())
			}
		})
	}
}

func TestPathID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"1": 1, "42": 42, "007": 7, "9223372036854775807": 9223372036854775807,
		"0": 0, "-1": 0, "+1": 0, "1e3": 0, "abc": 0, "": 0, "9223372036854775808": 0, "1 ": 0, "١": 0,
	} {
		c := testContext(http.MethodGet, "/", "")
		c.Params = gin.Params{{Key: "id", Value: in}}
		got, err := pathID(c, "id", "id")
		if got != want || (want == 0) != (err != nil) {
			t.Errorf("pathID(%q) = %d, %v; want %d", in, got, err, want)
		}
		if err != nil {
			if _, fields := fieldsOf(err); fields != "id" {
				t.Errorf("pathID(%q) names %q", in, fields)
			}
		}
	}
}

func TestCheckString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s        string
		required bool
		max      int
		bad      bool
	}{
		{s: "ok", max: 2},
		{s: "éé", max: 2}, // characters, not bytes
		{s: "abc", max: 2, bad: true},
		{s: "", required: true, max: 5, bad: true},
		{s: "  ", required: true, max: 5, bad: true},
		{s: "", max: 5},
		{s: "a\x00", max: 5, bad: true},
		{s: "a\xff", max: 5, bad: true},
	} {
		var fs errs.Fields
		checkString(&fs, "f", tc.s, tc.required, tc.max)
		if (len(fs) > 0) != tc.bad {
			t.Errorf("checkString(%q, %v, %d) = %v, want bad %v", tc.s, tc.required, tc.max, fs, tc.bad)
		}
	}
}

// TestDecodeJSONDeepNesting: a body of nothing but brackets is refused
// without checkBody keeping a frame for each (it stops at encoding/json's
// depth limit), in bounded memory.
func TestDecodeJSONDeepNesting(t *testing.T) {
	t.Parallel()
	body := `{"tags":` + strings.Repeat("[", 3<<20) + strings.Repeat("]", 3<<20) + `}`
	var v struct {
		Tags []any `json:"tags"`
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := decodeJSON(testContext(http.MethodPost, "/", body), maxSourceBody, &v)
	runtime.ReadMemStats(&after)
	if kind, _ := fieldsOf(err); kind != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("decoding allocated %d MB", grew>>20)
	}
}
