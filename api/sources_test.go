package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/store"
)

func TestSourceReads(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	addDatedSources(t, s)
	sources := func(want ...string) func(*testing.T, *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			l := decode[handlers.SourceList](t, w)
			var got []string
			for _, src := range l.Data {
				got = append(got, src.Title)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("sources %q, want %q", got, want)
			}
		}
	}
	s.run(t, []apiCase{
		{name: "list without text, with counts", url: "/api/v1/sources", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if strings.Contains(w.Body.String(), `"text"`) {
				t.Error("the list carries source text")
			}
			l := decode[handlers.SourceList](t, w)
			if l.Total != 7 || len(l.Data) != 7 {
				t.Fatalf("%d of %d sources, want 7", len(l.Data), l.Total)
			}
			for _, src := range l.Data {
				if src.QuoteCount == 0 || src.Title == "" {
					t.Errorf("source %+v", src)
				}
			}
		}},
		{name: "outlet", url: "/api/v1/sources?outlet=Test%20Gazette", wantStatus: 200, check: sources("Dated 2021", "Dated 2020")},
		{name: "from", url: "/api/v1/sources?outlet=Test%20Gazette&from=2021-01-01", wantStatus: 200, check: sources("Dated 2021")},
		{name: "to inclusive", url: "/api/v1/sources?outlet=Test%20Gazette&to=2020-01-15", wantStatus: 200, check: sources("Dated 2020")},
		{name: "q", url: "/api/v1/sources?q=matter%202021", wantStatus: 200, check: sources("Dated 2021")},
		{name: "limit and walk", url: "/api/v1/sources?limit=2", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			l := decode[handlers.SourceList](t, w)
			seen := map[int64]bool{}
			for i := 0; ; i++ {
				for _, src := range l.Data {
					if seen[src.ID] {
						t.Errorf("source %d twice", src.ID)
					}
					seen[src.ID] = true
				}
				if l.Links.Next == nil || i > 10 {
					break
				}
				l = get[handlers.SourceList](t, s, strings.TrimPrefix(*l.Links.Next, "http://example.com"))
			}
			if len(seen) != 7 {
				t.Errorf("walked %d sources, want 7", len(seen))
			}
		}},
		{name: "one with text and quotes", url: "/api/v1/sources/4", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			d := decode[handlers.SourceDetail](t, w)
			if d.ID != 4 || d.Text == "" || len(d.Quotes) == 0 || d.QuoteCount != int64(len(d.Quotes)) {
				t.Fatalf("source 4: %d quotes, count %d, %d bytes of text", len(d.Quotes), d.QuoteCount, len(d.Text))
			}
			runes := []rune(d.Text)
			for _, q := range d.Quotes {
				if q.Start < 0 || q.End > len(runes) || string(runes[q.Start:q.End]) != q.Text {
					t.Errorf("quote %d at %d..%d is not the text there", q.ID, q.Start, q.End)
				}
				if q.Source == nil || q.Source.ID != 4 {
					t.Errorf("quote %d source %+v", q.ID, q.Source)
				}
			}
		}},
		{name: "unknown", url: "/api/v1/sources/999999", wantStatus: 404},
		{name: "bad id", url: "/api/v1/sources/four", wantStatus: 400, check: wantFields("id")},
		{name: "bad from", url: "/api/v1/sources?from=2020-02-30", wantStatus: 400, check: wantFields("from")},
		{name: "not a filter here", url: "/api/v1/sources?kind=direct", wantStatus: 400, check: wantFields("kind")},
		{name: "bad cursor", url: "/api/v1/sources?cursor=eyJ4IjoxfQ", wantStatus: 400, check: wantFields("cursor")},
	})
}

func TestSourceWrites(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	before := get[handlers.SourceList](t, s, "/api/v1/sources").Total
	text := "The minister said: “We will publish everything.” Later she added: “Nothing is hidden.”"
	body, _ := json.Marshal(map[string]any{
		"title": "Minister promises openness", "outlet": "Test Times", "url": "https://example.org/openness",
		"author": "A. Reporter", "published_at": "2025-10-16", "text": text,
	})

	w := send(t, s, http.MethodPost, "/api/v1/sources", string(body), http.StatusCreated)
	first := decode[handlers.IngestedSource](t, w)
	if !first.Created || first.Text != text || len(first.Quotes) != 2 || first.Quotes[0].Text != "We will publish everything." {
		t.Fatalf("created %+v", first)
	}
	if first.PublishedAt == nil || !first.PublishedAt.Equal(time.Date(2025, 10, 16, 0, 0, 0, 0, time.UTC)) || first.URL == nil {
		t.Errorf("metadata %+v", first.Source)
	}
	path := fmt.Sprintf("/api/v1/sources/%d", first.ID)
	if got := w.Header().Get("Location"); got != path {
		t.Errorf("Location = %q", got)
	}

	// The same document again is found, not stored twice.
	w = send(t, s, http.MethodPost, "/api/v1/sources", string(body), http.StatusOK)
	if again := decode[handlers.IngestedSource](t, w); again.Created || again.ID != first.ID || len(again.Quotes) != 2 {
		t.Errorf("second POST: created %v, id %d (first %d), %d quotes", again.Created, again.ID, first.ID, len(again.Quotes))
	}
	// So is the same text under another URL.
	other := strings.Replace(string(body), "openness", "openness-copy", 1)
	w = send(t, s, http.MethodPost, "/api/v1/sources", other, http.StatusOK)
	if again := decode[handlers.IngestedSource](t, w); again.Created || again.ID != first.ID {
		t.Errorf("same text elsewhere: created %v, id %d", again.Created, again.ID)
	}
	if got := get[handlers.SourceList](t, s, "/api/v1/sources").Total; got != before+1 {
		t.Errorf("%d sources after three POSTs of one document, want %d", got, before+1)
	}

	w = send(t, s, http.MethodPatch, path, `{"title": "Minister: nothing hidden", "url": null, "published_at": "2025-10-17T08:00:00Z"}`, http.StatusOK)
	patched := decode[handlers.Source](t, w)
	if patched.Title != "Minister: nothing hidden" || patched.URL != nil || patched.Outlet != "Test Times" ||
		patched.PublishedAt == nil || !patched.PublishedAt.Equal(time.Date(2025, 10, 17, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("patched %+v", patched)
	}
	w = send(t, s, http.MethodPatch, path, `{"published_at": null}`, http.StatusOK)
	if got := decode[handlers.Source](t, w); got.PublishedAt != nil {
		t.Errorf("published_at not cleared: %v", got.PublishedAt)
	}
	send(t, s, http.MethodPatch, path, `{"text": "rewritten"}`, http.StatusBadRequest)
	if got := get[handlers.SourceDetail](t, s, path); got.Text != text {
		t.Errorf("text changed to %q", got.Text)
	}

	quoteID := first.Quotes[0].ID
	send(t, s, http.MethodDelete, path, "", http.StatusNoContent)
	send(t, s, http.MethodGet, path, "", http.StatusNotFound)
	send(t, s, http.MethodGet, fmt.Sprintf("/api/v1/quotes/%d", quoteID), "", http.StatusNotFound)
	send(t, s, http.MethodDelete, path, "", http.StatusNotFound)

	s.run(t, []apiCase{
		{name: "create: text is required", method: "POST", url: "/api/v1/sources", body: `{"title": "T"}`, wantStatus: 400, check: wantFields("text")},
		{name: "create: everything wrong", method: "POST", url: "/api/v1/sources", body: `{"title": "", "url": "ftp://x", "published_at": "Thursday", "text": " "}`, wantStatus: 400, check: wantFields("title", "url", "published_at", "text")},
		{name: "create: text too large", method: "POST", url: "/api/v1/sources", body: `{"title": "T", "text": "` + strings.Repeat("a", 2<<20+1) + `"}`, wantStatus: 413, check: wantFields("text")},
		{name: "create: body too large", method: "POST", url: "/api/v1/sources", body: `{"title": "T", "text": "` + strings.Repeat("a", 8<<20) + `"}`, wantStatus: 413},
		{name: "create: invalid UTF-8 title", method: "POST", url: "/api/v1/sources", body: "{\"title\": \"\xc3\x28\", \"text\": \"x\"}", wantStatus: 400, check: wantFields("title")},
		{name: "create: NUL in text", method: "POST", url: "/api/v1/sources", body: `{"title": "T", "text": "a\u0000"}`, wantStatus: 400, check: wantFields("text")},
		{name: "create: wrong type", method: "POST", url: "/api/v1/sources", body: `{"title": "T", "text": "x", "published_at": 20251016}`, wantStatus: 400, check: all(wantFields("published_at"), wantFieldMessage("published_at", "string"))},
		{name: "create: unknown field", method: "POST", url: "/api/v1/sources", body: `{"title": "T", "text": "x", "body": "y"}`, wantStatus: 400, check: wantFields("body")},
		{name: "patch: text is immutable", method: "PATCH", url: "/api/v1/sources/1", body: `{"text": "x", "title": "T"}`, wantStatus: 400, check: all(wantFields("text"), wantFieldMessage("text", "immutable"))},
		{name: "patch: null title", method: "PATCH", url: "/api/v1/sources/1", body: `{"title": null}`, wantStatus: 400, check: wantFields("title")},
		{name: "patch: bad url", method: "PATCH", url: "/api/v1/sources/1", body: `{"url": "not a url"}`, wantStatus: 400, check: wantFields("url")},
		{name: "patch: unknown", method: "PATCH", url: "/api/v1/sources/999999", body: `{"title": "T"}`, wantStatus: 404},
		{name: "delete: bad id", method: "DELETE", url: "/api/v1/sources/0", wantStatus: 400, check: wantFields("id")},
	})
}

// A write the store refuses must leave the database as it was: an ingest
// with a quote that is not the source's text stores neither the source nor
// its speakers.
func TestFailedIngestChangesNothing(t *testing.T) {
	t.Parallel()
	bad := func(_ context.Context, src store.SourceInput) (store.IngestInput, error) {
		return store.IngestInput{
			Source:   src,
			Speakers: []store.IngestSpeaker{{Name: "Brand New Person", Kind: "person"}},
			Quotes:   []store.IngestQuote{{Text: "not in the text", Start: 0, End: 15, Speaker: "Brand New Person"}},
		}, nil
	}
	s := newTestServer(t, withExtract(bad))
	sources := get[handlers.SourceList](t, s, "/api/v1/sources").Total
	speakers := get[handlers.SpeakerList](t, s, "/api/v1/speakers").Total
	quotes := get[handlers.QuoteList](t, s, "/api/v1/quotes").Total

	w := send(t, s, http.MethodPost, "/api/v1/sources", `{"title": "T", "text": "Some text that holds no such quote."}`, http.StatusBadRequest)
	wantFields("quotes[0].text")(t, w)

	if got := get[handlers.SourceList](t, s, "/api/v1/sources").Total; got != sources {
		t.Errorf("sources %d → %d", sources, got)
	}
	if got := get[handlers.SpeakerList](t, s, "/api/v1/speakers").Total; got != speakers {
		t.Errorf("speakers %d → %d", speakers, got)
	}
	if got := get[handlers.QuoteList](t, s, "/api/v1/quotes").Total; got != quotes {
		t.Errorf("quotes %d → %d", quotes, got)
	}
}

func TestExtractPreview(t *testing.T) {
	t.Parallel()
	// The preview needs no database: a router without a store serves it.
	h := NewRouter(Deps{Log: testLogger(t), Extract: quoteExtractor})
	s := &testServer{h: h}
	s.run(t, []apiCase{
		{name: "quotes found", method: "POST", url: "/api/v1/extract", body: `{"text": "He said: “Yes.” She said: “No.”"}`, wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			r := decode[handlers.ExtractResponse](t, w)
			if len(r.Quotes) != 2 || r.Quotes[0].Text != "Yes." || r.Quotes[0].Start != 10 || r.Quotes[0].End != 14 || r.Speakers == nil {
				t.Errorf("preview %+v", r)
			}
		}},
		{name: "nothing found", method: "POST", url: "/api/v1/extract", body: `{"text": "No quotes here."}`, wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if !strings.Contains(w.Body.String(), `"quotes":[]`) {
				t.Errorf("want an empty array, got %s", w.Body)
			}
		}},
		{name: "text required", method: "POST", url: "/api/v1/extract", body: `{"text": ""}`, wantStatus: 400, check: wantFields("text")},
		{name: "text wrong type", method: "POST", url: "/api/v1/extract", body: `{"text": ["a"]}`, wantStatus: 400, check: wantFields("text")},
		{name: "unknown field", method: "POST", url: "/api/v1/extract", body: `{"text": "a", "lang": "en"}`, wantStatus: 400, check: wantFields("lang")},
		{name: "GET not allowed", url: "/api/v1/extract", wantStatus: 405},
	})

	none := &testServer{h: NewRouter(Deps{Log: testLogger(t)})}
	none.run(t, []apiCase{
		{name: "no extractor", method: "POST", url: "/api/v1/extract", body: `{"text": "a"}`, wantStatus: 503},
	})
}
