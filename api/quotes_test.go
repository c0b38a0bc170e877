package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/store"
)

// addDatedSources stores two sources with publication dates and an outlet
// the seed does not use, one quote each, so that date filters have
// something to tell apart (the seed articles carry no dates).
func addDatedSources(t *testing.T, s *testServer) {
	t.Helper()
	for _, d := range []struct {
		published time.Time
		text      string
	}{
		{time.Date(2020, 1, 15, 18, 0, 0, 0, time.UTC), "Zed Tester said: “Dates matter in 2020.”"},
		{time.Date(2021, 6, 1, 9, 0, 0, 0, time.UTC), "Zed Tester said: “Dates still matter in 2021.”"},
	} {
		text := d.text
		start := strings.Index(text, "“")
		startRunes := len([]rune(text[:start])) + 1
		quote := strings.TrimSuffix(text[start+len("“"):], "”")
		published := d.published
		_, err := s.st.Ingest(context.Background(), store.IngestInput{
			Source:   store.SourceInput{Title: "Dated " + published.Format("2006"), Outlet: "Test Gazette", PublishedAt: &published, Text: text},
			Speakers: []store.IngestSpeaker{{Name: "Zed Tester", Kind: "person"}},
			Quotes:   []store.IngestQuote{{Text: quote, Start: startRunes, End: startRunes + len([]rune(quote)), Speaker: "Zed Tester", Kind: "direct", Confidence: 1}},
		})
		if err != nil {
			t.Fatalf("ingest dated source: %v", err)
		}
	}
}

// walk follows links.next from url to the last page and returns every
// quote, checking that each next link keeps the filters.
func walk(t *testing.T, s *testServer, first string) []handlers.Quote {
	t.Helper()
	var out []handlers.Quote
	u := first
	firstQuery, _ := url.Parse(first)
	var total int64 = -1
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatal("more than 200 pages: the cursor does not advance")
		}
		l := get[handlers.QuoteList](t, s, u)
		if total >= 0 && l.Total != total {
			t.Errorf("total changed from %d to %d while paging", total, l.Total)
		}
		total = l.Total
		out = append(out, l.Data...)
		if l.Links.Next == nil {
			if l.NextCursor != nil {
				t.Errorf("next_cursor %q but no links.next", *l.NextCursor)
			}
			break
		}
		next, err := url.Parse(*l.Links.Next)
		if err != nil || next.IsAbs() || next.Host != "" || !strings.HasPrefix(next.Path, "/api/v1/") {
			t.Fatalf("links.next %q is not a relative URL (no public URL is configured)", *l.Links.Next)
		}
		if l.NextCursor == nil || next.Query().Get("cursor") != *l.NextCursor {
			t.Fatalf("links.next %q does not carry next_cursor %v", *l.Links.Next, l.NextCursor)
		}
		for k, v := range firstQuery.Query() {
			if k != "cursor" && !slices.Equal(next.Query()[k], v) {
				t.Errorf("links.next %q lost filter %s=%v", *l.Links.Next, k, v)
			}
		}
		u = next.RequestURI()
	}
	if int64(len(out)) != total {
		t.Errorf("walked %d quotes, total says %d", len(out), total)
	}
	seen := map[int64]bool{}
	for _, q := range out {
		if seen[q.ID] {
			t.Errorf("quote %d on two pages", q.ID)
		}
		seen[q.ID] = true
	}
	return out
}

func TestQuoteListFilters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	addDatedSources(t, s)
	everything := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=100")
	if everything.Total < 50 {
		t.Fatalf("seed has %d quotes, want dozens", everything.Total)
	}
	totalIs := func(want int64) func(*testing.T, *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			if got := decode[handlers.QuoteList](t, w).Total; got != want {
				t.Errorf("total = %d, want %d", got, want)
			}
		}
	}
	texts := func(want ...string) func(*testing.T, *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			var got []string
			for _, q := range decode[handlers.QuoteList](t, w).Data {
				got = append(got, q.Text)
			}
			if !slices.Equal(got, want) {
				t.Errorf("quotes = %q, want %q", got, want)
			}
		}
	}
	order := func(newestFirst bool) func(*testing.T, *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			l := decode[handlers.QuoteList](t, w)
			for i := 1; i < len(l.Data); i++ {
				a, b := l.Data[i-1], l.Data[i]
				if newestFirst && a.ReportedAt.Before(b.ReportedAt) || !newestFirst && a.ReportedAt.After(b.ReportedAt) {
					t.Errorf("quote %d (%s) before %d (%s) breaks the order", a.ID, a.ReportedAt, b.ID, b.ReportedAt)
				}
			}
		}
	}
	s.run(t, []apiCase{
		{name: "no filter", url: "/api/v1/quotes", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			l := decode[handlers.QuoteList](t, w)
			if len(l.Data) != store.DefaultLimit || l.NextCursor == nil || l.Links.Next == nil {
				t.Errorf("first page has %d quotes, next %v; want %d and a next page", len(l.Data), l.NextCursor, store.DefaultLimit)
			}
			if l.Links.Self != "/api/v1/quotes" {
				t.Errorf("links.self = %q", l.Links.Self)
			}
			for _, q := range l.Data {
				if q.Snippet != "" || q.Source == nil || q.End <= q.Start || q.Status == "" || q.Kind == "" {
					t.Errorf("quote %+v: want a source, offsets, kind, status and no snippet", q)
				}
			}
		}},
		{name: "speaker by honorific and first name", url: "/api/v1/quotes?speaker=Sir%20Ken&limit=100", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Speaker == nil || q.Speaker.Name != "Ken McCallum" {
					t.Errorf("quote %d by %+v, want Ken McCallum", q.ID, q.Speaker)
				}
			}, 10)},
		{name: "speaker by slug", url: "/api/v1/quotes?speaker=ken-mccallum", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Speaker == nil || q.Speaker.Slug != "ken-mccallum" {
					t.Errorf("quote %d by %+v", q.ID, q.Speaker)
				}
			}, 10)},
		{name: "speaker by alias", url: "/api/v1/quotes?speaker=" + url.QueryEscape("MI5 chief"), wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Speaker == nil || q.Speaker.Slug != "ken-mccallum" {
					t.Errorf("quote %d by %+v", q.ID, q.Speaker)
				}
			}, 10)},
		{name: "unknown speaker", url: "/api/v1/quotes?speaker=Nobody%20Atall", wantStatus: 200, check: totalIs(0)},
		{name: "search ranks matches with snippets", url: "/api/v1/quotes?q=threat", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if !strings.Contains(strings.ToLower(q.Text), "threat") {
					t.Errorf("quote %d %q does not contain threat", q.ID, q.Text)
				}
				if !strings.Contains(strings.ToLower(q.Snippet), "<mark>threat") || !strings.Contains(q.Snippet, "</mark>") {
					t.Errorf("quote %d snippet %q does not mark threat", q.ID, q.Snippet)
				}
			}, 5)},
		{name: "search sorted newest", url: "/api/v1/quotes?q=threat&sort=newest", wantStatus: 200, check: order(true)},
		{name: "source", url: "/api/v1/quotes?source=2&limit=100", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Source == nil || q.Source.ID != 2 {
					t.Errorf("quote %d from %+v, want source 2", q.ID, q.Source)
				}
			}, 5)},
		{name: "outlet", url: "/api/v1/quotes?outlet=Daily%20Mail&limit=100", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Source == nil || q.Source.Outlet != "Daily Mail" {
					t.Errorf("quote %d from %+v, want the Daily Mail", q.ID, q.Source)
				}
			}, 5)},
		{name: "from and to as dates, to inclusive", url: "/api/v1/quotes?from=2020-01-15&to=2020-01-15", wantStatus: 200, check: texts("Dates matter in 2020.")},
		{name: "from as RFC 3339", url: "/api/v1/quotes?from=2021-06-01T00:00:00Z&to=2021-12-31", wantStatus: 200, check: texts("Dates still matter in 2021.")},
		{name: "to before anything", url: "/api/v1/quotes?to=2019-12-31", wantStatus: 200, check: totalIs(0)},
		{name: "outlet and sort oldest", url: "/api/v1/quotes?outlet=Test%20Gazette&sort=oldest", wantStatus: 200, check: texts("Dates matter in 2020.", "Dates still matter in 2021.")},
		{name: "sort newest", url: "/api/v1/quotes?outlet=Test%20Gazette&sort=newest", wantStatus: 200, check: texts("Dates still matter in 2021.", "Dates matter in 2020.")},
		{name: "sort oldest over all", url: "/api/v1/quotes?sort=oldest&limit=100", wantStatus: 200, check: order(false)},
		{name: "kind", url: "/api/v1/quotes?kind=partial&limit=100", wantStatus: 200,
			check: quotes(func(t *testing.T, q handlers.Quote) {
				if q.Kind != "partial" {
					t.Errorf("quote %d kind %q", q.ID, q.Kind)
				}
			}, 1)},
		{name: "status", url: "/api/v1/quotes?status=extracted", wantStatus: 200, check: totalIs(everything.Total)},
		{name: "status none verified", url: "/api/v1/quotes?status=verified", wantStatus: 200, check: totalIs(0)},
		{name: "limit", url: "/api/v1/quotes?limit=3", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if l := decode[handlers.QuoteList](t, w); len(l.Data) != 3 || l.Total != everything.Total {
				t.Errorf("got %d quotes of %d, want 3 of %d", len(l.Data), l.Total, everything.Total)
			}
		}},

		{name: "unknown parameter", url: "/api/v1/quotes?speakr=ken", wantStatus: 400, check: wantFields("speakr")},
		{name: "two unknown parameters", url: "/api/v1/quotes?b=1&a=2", wantStatus: 400, check: wantFields("a", "b")},
		{name: "repeated parameter", url: "/api/v1/quotes?kind=direct&kind=partial", wantStatus: 400, check: wantFields("kind")},
		{name: "limit not an integer", url: "/api/v1/quotes?limit=ten", wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "must be an integer"))},
		{name: "limit zero", url: "/api/v1/quotes?limit=0", wantStatus: 400, check: all(wantFields("limit"), wantFieldMessage("limit", "between 1 and 100"))},
		{name: "limit too big", url: "/api/v1/quotes?limit=101", wantStatus: 400, check: wantFields("limit")},
		{name: "limit huge", url: "/api/v1/quotes?limit=99999999999999999999", wantStatus: 400, check: wantFields("limit")},
		{name: "source not an integer", url: "/api/v1/quotes?source=abc", wantStatus: 400, check: wantFields("source")},
		{name: "bad from", url: "/api/v1/quotes?from=yesterday", wantStatus: 400, check: wantFields("from")},
		{name: "bad to", url: "/api/v1/quotes?to=2020-13-01", wantStatus: 400, check: wantFields("to")},
		{name: "to before from", url: "/api/v1/quotes?from=2021-01-01&to=2020-01-01", wantStatus: 400, check: wantFields("to")},
		{name: "bad kind", url: "/api/v1/quotes?kind=indirect", wantStatus: 400, check: wantFields("kind")},
		{name: "bad status", url: "/api/v1/quotes?status=true", wantStatus: 400, check: wantFields("status")},
		{name: "bad sort", url: "/api/v1/quotes?sort=best", wantStatus: 400, check: wantFields("sort")},
		{name: "relevance without q", url: "/api/v1/quotes?sort=relevance", wantStatus: 400, check: wantFields("sort")},
		{name: "every bad parameter at once", url: "/api/v1/quotes?limit=x&kind=y&from=z", wantStatus: 400, check: wantFields("from", "kind", "limit")},
		{name: "bad cursor", url: "/api/v1/quotes?cursor=not-a-cursor", wantStatus: 400, check: wantFields("cursor")},
		{name: "cursor of another sort", url: "/api/v1/quotes?sort=oldest&cursor=" + *everything.NextCursor, wantStatus: 400, check: wantFields("cursor")},
		{name: "invalid UTF-8 value", url: "/api/v1/quotes?speaker=%FF%FE", wantStatus: 400, check: wantFields("speaker")},
		{name: "NUL in value", url: "/api/v1/quotes?q=a%00b", wantStatus: 400, check: wantFields("q")},
		{name: "query too long", url: "/api/v1/quotes?q=" + strings.Repeat("a", 501), wantStatus: 400, check: wantFields("q")},
	})
}

// Sir Ken McCallum is quoted in two of the seed articles (files 003 and
// 004, loaded as sources 4 and 5); a search by the name the articles use
// must find his quotes in both.
func TestQuotesBySirKenSpanBothArticles(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	sources := map[int64]bool{}
	for _, q := range walk(t, s, "/api/v1/quotes?speaker=Sir%20Ken&limit=7") {
		if q.Speaker == nil || q.Speaker.Name != "Ken McCallum" {
			t.Errorf("quote %d by %+v", q.ID, q.Speaker)
		}
		sources[q.Source.ID] = true
	}
	if len(sources) != 2 || !sources[4] || !sources[5] {
		t.Errorf("Sir Ken's quotes come from sources %v, want 4 and 5", sources)
	}
}

func TestQuotePagination(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, u := range []string{
		"/api/v1/quotes?limit=7",
		"/api/v1/quotes?limit=11&sort=oldest",
		"/api/v1/quotes?q=threat&limit=2",
		"/api/v1/quotes?q=China&limit=3&sort=oldest",
		"/api/v1/quotes?speaker=ken-mccallum&kind=direct&limit=4",
		"/api/v1/speakers/ken-mccallum/quotes?limit=5",
	} {
		t.Run(u, func(t *testing.T) {
			t.Parallel()
			got := walk(t, s, u)
			if len(got) == 0 {
				t.Fatal("no quotes")
			}
			// One page of at most 100 must give the same rows.
			one, _ := url.Parse(u)
			q := one.Query()
			q.Set("limit", "100")
			one.RawQuery = q.Encode()
			big := get[handlers.QuoteList](t, s, one.String())
			if len(big.Data) == len(got) {
				for i := range got {
					if got[i].ID != big.Data[i].ID {
						t.Fatalf("paged order differs from one page at %d: %d vs %d", i, got[i].ID, big.Data[i].ID)
					}
				}
			}
		})
	}
}

func TestQuoteGet(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.run(t, []apiCase{
		{name: "found, with aliases and context", url: "/api/v1/quotes/1", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			q := decode[handlers.Quote](t, w)
			if q.ID != 1 || q.Text == "" || q.Context == "" || q.Source == nil {
				t.Errorf("quote = %+v", q)
			}
			if q.Speaker != nil && len(q.Speaker.Aliases) == 0 {
				t.Errorf("speaker %+v without aliases", q.Speaker)
			}
		}},
		{name: "unknown", url: "/api/v1/quotes/999999", wantStatus: 404},
		{name: "not a number", url: "/api/v1/quotes/abc", wantStatus: 400, check: wantFields("id")},
		{name: "zero", url: "/api/v1/quotes/0", wantStatus: 400, check: wantFields("id")},
		{name: "negative", url: "/api/v1/quotes/-1", wantStatus: 400, check: wantFields("id")},
		{name: "out of range", url: "/api/v1/quotes/9223372036854775808", wantStatus: 400, check: wantFields("id")},
		{name: "plus sign", url: "/api/v1/quotes/+1", wantStatus: 400, check: wantFields("id")},
		{name: "query parameters are not taken", url: "/api/v1/quotes/1?x=1", wantStatus: 200},
	})
}

func TestQuoteWrites(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	src := get[handlers.SourceDetail](t, s, "/api/v1/sources/4")
	// A stretch of the source's text that occurs once: the first 40
	// characters of its longest quote.
	var text string
	for _, q := range src.Quotes {
		if len([]rune(q.Text)) > 40 && strings.Count(src.Text, q.Text) == 1 {
			text = string([]rune(q.Text)[:40])
			break
		}
	}
	if text == "" || strings.Count(src.Text, text) != 1 {
		t.Fatal("no unique quote text in source 4")
	}
	before := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1").Total

	body := fmt.Sprintf(`{"source_id": 4, "text": %q, "speaker": "Sir Ken McCallum", "status": "verified", "confidence": 1, "said_on": "2025-10-16"}`, text)
	w := send(t, s, http.MethodPost, "/api/v1/quotes", body, http.StatusCreated)
	created := decode[handlers.Quote](t, w)
	if created.Text != text || created.Speaker == nil || created.Speaker.Slug != "ken-mccallum" || created.Status != "verified" || created.SaidOn == nil || *created.SaidOn != "2025-10-16" {
		t.Errorf("created %+v", created)
	}
	if []rune(src.Text)[created.Start] != []rune(text)[0] || created.End-created.Start != len([]rune(text)) {
		t.Errorf("offsets %d..%d do not point at the text", created.Start, created.End)
	}
	loc := fmt.Sprintf("/api/v1/quotes/%d", created.ID)
	if got := w.Header().Get("Location"); got != loc {
		t.Errorf("Location = %q, want %q", got, loc)
	}
	path := fmt.Sprintf("/api/v1/quotes/%d", created.ID)
	if got := get[handlers.Quote](t, s, path); got.ID != created.ID || got.Text != text {
		t.Errorf("GET after create = %+v", got)
	}

	w = send(t, s, http.MethodPatch, path, `{"kind": "partial", "speaker_id": null, "cue": "told", "said_on": null}`, http.StatusOK)
	patched := decode[handlers.Quote](t, w)
	if patched.Kind != "partial" || patched.Speaker != nil || patched.Cue != "told" || patched.Status != "verified" || patched.Text != text {
		t.Errorf("patched %+v", patched)
	}
	if patched.SaidOn != nil && *patched.SaidOn != "" {
		t.Errorf("said_on null left %q", *patched.SaidOn)
	}
	w = send(t, s, http.MethodPatch, path, fmt.Sprintf(`{"speaker_id": %d}`, created.Speaker.ID), http.StatusOK)
	if q := decode[handlers.Quote](t, w); q.Speaker == nil || q.Speaker.ID != created.Speaker.ID || len(q.Speaker.Aliases) == 0 {
		t.Errorf("reattributed %+v", q.Speaker)
	}

	send(t, s, http.MethodDelete, path, "", http.StatusNoContent)
	send(t, s, http.MethodGet, path, "", http.StatusNotFound)
	send(t, s, http.MethodDelete, path, "", http.StatusNotFound)
	send(t, s, http.MethodPatch, path, `{"cue": "x"}`, http.StatusNotFound)
	if after := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1").Total; after != before {
		t.Errorf("after create and delete there are %d quotes, before %d", after, before)
	}

	s.run(t, []apiCase{
		{name: "create: empty body", method: "POST", url: "/api/v1/quotes", wantStatus: 400, check: wantFields("body")},
		{name: "create: not JSON", method: "POST", url: "/api/v1/quotes", body: `source_id=4`, wantStatus: 400, check: wantFields("body")},
		{name: "create: truncated JSON", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4`, wantStatus: 400, check: wantFields("body")},
		{name: "create: array", method: "POST", url: "/api/v1/quotes", body: `[1]`, wantStatus: 400, check: wantFields("body")},
		{name: "create: unknown field", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "x", "speakr": "Ken"}`, wantStatus: 400, check: wantFields("speakr")},
		{name: "create: wrong type", method: "POST", url: "/api/v1/quotes", body: `{"source_id": "4", "text": "x"}`, wantStatus: 400, check: all(wantFields("source_id"), wantFieldMessage("source_id", "must be an integer"))},
		{name: "create: wrong type in a number", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4.5, "text": "x"}`, wantStatus: 400, check: wantFields("source_id")},
		{name: "create: trailing JSON", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "x"} {"x": 1}`, wantStatus: 400, check: wantFields("body")},
		{name: "create: trailing garbage", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "x"}]`, wantStatus: 400, check: wantFields("body")},
		{name: "create: invalid UTF-8", method: "POST", url: "/api/v1/quotes", body: "{\"source_id\": 4, \"text\": \"caf\xe9\"}", wantStatus: 400, check: wantFields("text")},
		{name: "create: NUL", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "a\u0000b"}`, wantStatus: 400, check: wantFields("text")},
		{name: "create: missing fields", method: "POST", url: "/api/v1/quotes", body: `{}`, wantStatus: 400, check: wantFields("source_id", "text")},
		{name: "create: text too long", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "` + strings.Repeat("é", 10001) + `"}`, wantStatus: 400, check: wantFields("text")},
		{name: "create: bad enums", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "x", "kind": "x", "placement": "x", "status": "x", "confidence": 2, "said_on": "16 Oct"}`, wantStatus: 400, check: wantFields("kind", "placement", "said_on", "status", "confidence")},
		{name: "create: text not in source", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 4, "text": "words nobody in this article ever said"}`, wantStatus: 400, check: wantFields("text")},
		{name: "create: unknown source", method: "POST", url: "/api/v1/quotes", body: `{"source_id": 999999, "text": "x"}`, wantStatus: 400, check: wantFields("source_id")},
		{name: "create: body too large", method: "POST", url: "/api/v1/quotes", body: `{"text": "` + strings.Repeat("a", 1<<20) + `"}`, wantStatus: 413, check: wantFields("body")},
		{name: "patch: text is immutable", method: "PATCH", url: "/api/v1/quotes/1", body: `{"text": "other"}`, wantStatus: 400, check: wantFields("text")},
		{name: "patch: null where not allowed", method: "PATCH", url: "/api/v1/quotes/1", body: `{"kind": null}`, wantStatus: 400, check: wantFields("kind")},
		{name: "patch: wrong type", method: "PATCH", url: "/api/v1/quotes/1", body: `{"speaker_id": "seven"}`, wantStatus: 400, check: all(wantFields("speaker_id"), wantFieldMessage("speaker_id", "integer"))},
		{name: "patch: bad status", method: "PATCH", url: "/api/v1/quotes/1", body: `{"status": "approved"}`, wantStatus: 400, check: wantFields("status")},
		{name: "patch: unknown speaker", method: "PATCH", url: "/api/v1/quotes/1", body: `{"speaker_id": 999999}`, wantStatus: 400, check: wantFields("speaker_id")},
		{name: "patch: bad id", method: "PATCH", url: "/api/v1/quotes/x", body: `{}`, wantStatus: 400, check: wantFields("id")},
		{name: "delete: bad id", method: "DELETE", url: "/api/v1/quotes/1.5", wantStatus: 400, check: wantFields("id")},
	})
}
