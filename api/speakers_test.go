package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
)

func TestSpeakerReads(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ken := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum")
	if ken.Name != "Ken McCallum" || ken.QuoteCount < 10 || len(ken.Aliases) == 0 {
		t.Fatalf("ken = %+v", ken)
	}
	speakers := func(each func(t *testing.T, sp handlers.Speaker), wantMin int) func(*testing.T, *httptest.ResponseRecorder) {
		return func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			l := decode[handlers.SpeakerList](t, w)
			if len(l.Data) < wantMin {
				t.Fatalf("got %d speakers, want at least %d", len(l.Data), wantMin)
			}
			for _, sp := range l.Data {
				each(t, sp)
			}
		}
	}
	s.run(t, []apiCase{
		{name: "list", url: "/api/v1/speakers?limit=100", wantStatus: 200, check: speakers(func(t *testing.T, sp handlers.Speaker) {
			if sp.Slug == "" || sp.Aliases == nil || sp.Kind == "" {
				t.Errorf("speaker %+v: want slug, kind and aliases", sp)
			}
		}, 5)},
		{name: "q matches a name start, honorific-insensitively", url: "/api/v1/speakers?q=sir%20ken", wantStatus: 200, check: speakers(func(t *testing.T, sp handlers.Speaker) {
			if sp.Slug != "ken-mccallum" {
				t.Errorf("q=sir ken found %s", sp.Slug)
			}
		}, 1)},
		{name: "kind", url: "/api/v1/speakers?kind=organization", wantStatus: 200, check: speakers(func(t *testing.T, sp handlers.Speaker) {
			if sp.Kind != "organization" {
				t.Errorf("speaker %s is a %s", sp.Slug, sp.Kind)
			}
		}, 1)},
		{name: "by id", url: fmt.Sprintf("/api/v1/speakers/%d", ken.ID), wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			if sp := decode[handlers.Speaker](t, w); sp.Slug != "ken-mccallum" {
				t.Errorf("got %+v", sp)
			}
		}},
		{name: "quotes by slug", url: "/api/v1/speakers/ken-mccallum/quotes?limit=100", wantStatus: 200, check: func(t *testing.T, w *httptest.ResponseRecorder) {
			l := decode[handlers.QuoteList](t, w)
			if l.Total != ken.QuoteCount {
				t.Errorf("total %d, quote_count %d", l.Total, ken.QuoteCount)
			}
			for _, q := range l.Data {
				if q.Speaker == nil || q.Speaker.ID != ken.ID {
					t.Errorf("quote %d by %+v", q.ID, q.Speaker)
				}
			}
		}},
		{name: "quotes with a filter", url: fmt.Sprintf("/api/v1/speakers/%d/quotes?q=threat", ken.ID), wantStatus: 200, check: quotes(func(t *testing.T, q handlers.Quote) {
			if q.Speaker.ID != ken.ID || !strings.Contains(q.Snippet, "<mark>") {
				t.Errorf("quote %+v", q)
			}
		}, 1)},
		{name: "quotes: speaker is not a filter here", url: "/api/v1/speakers/ken-mccallum/quotes?speaker=x", wantStatus: 400, check: wantFields("speaker")},
		{name: "quotes of unknown speaker", url: "/api/v1/speakers/nobody-at-all/quotes", wantStatus: 404},
		{name: "unknown slug", url: "/api/v1/speakers/nobody-at-all", wantStatus: 404},
		{name: "unknown id", url: "/api/v1/speakers/999999", wantStatus: 404},
		{name: "id out of range", url: "/api/v1/speakers/99999999999999999999", wantStatus: 400, check: wantFields("id")},
		{name: "ref invalid UTF-8", url: "/api/v1/speakers/%FF", wantStatus: 400, check: wantFields("id")},
		{name: "bad kind", url: "/api/v1/speakers?kind=robot", wantStatus: 400, check: wantFields("kind")},
		{name: "unknown parameter", url: "/api/v1/speakers?name=ken", wantStatus: 400, check: wantFields("name")},
		{name: "bad limit", url: "/api/v1/speakers?limit=-1", wantStatus: 400, check: wantFields("limit")},
		{name: "bad URL encoding", url: "/api/v1/speakers?cursor=%%%", wantStatus: 400, check: wantFields("query")},
		{name: "bad cursor value", url: "/api/v1/speakers?cursor=AAAA", wantStatus: 400, check: wantFields("cursor")},
	})
}

func TestSpeakerPagination(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	var ids []int64
	seen := map[int64]bool{}
	u := "/api/v1/speakers?limit=3"
	var total int64
	for i := 0; u != ""; i++ {
		if i > 100 {
			t.Fatal("the cursor does not advance")
		}
		l := get[handlers.SpeakerList](t, s, u)
		total = l.Total
		for _, sp := range l.Data {
			if seen[sp.ID] {
				t.Errorf("speaker %d on two pages", sp.ID)
			}
			seen[sp.ID] = true
			ids = append(ids, sp.ID)
		}
		u = ""
		if l.Links.Next != nil {
			u = strings.TrimPrefix(*l.Links.Next, "http://example.com")
		}
	}
	if int64(len(ids)) != total || total < 5 {
		t.Errorf("walked %d speakers, total %d", len(ids), total)
	}
}

func TestSpeakerWrites(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	w := send(t, s, http.MethodPost, "/api/v1/speakers",
		`{"name": "Ada Lovelace", "kind": "person", "description": "Mathematician", "wikidata_qid": "Q7259", "aliases": ["Countess of Lovelace"]}`, http.StatusCreated)
	ada := decode[handlers.Speaker](t, w)
	if ada.Slug != "ada-lovelace" || ada.WikidataQID == nil || *ada.WikidataQID != "Q7259" || ada.QuoteCount != 0 {
		t.Fatalf("created %+v", ada)
	}
	path := fmt.Sprintf("/api/v1/speakers/%d", ada.ID)
	if got := w.Header().Get("Location"); got != path {
		t.Errorf("Location = %q", got)
	}
	if got := get[handlers.Speaker](t, s, "/api/v1/speakers/ada-lovelace"); got.ID != ada.ID {
		t.Errorf("by slug: %+v", got)
	}
	found := get[handlers.SpeakerList](t, s, "/api/v1/speakers?q=countess")
	if len(found.Data) != 1 || found.Data[0].ID != ada.ID {
		t.Errorf("q=countess found %+v", found.Data)
	}

	// A Wikidata id names one speaker.
	send(t, s, http.MethodPost, "/api/v1/speakers", `{"name": "Ada King", "wikidata_qid": "Q7259"}`, http.StatusConflict)

	w = send(t, s, http.MethodPatch, path, `{"description": "Mathematician and writer", "wikidata_qid": null}`, http.StatusOK)
	if got := decode[handlers.Speaker](t, w); got.Description != "Mathematician and writer" || (got.WikidataQID != nil && *got.WikidataQID != "") || got.Name != "Ada Lovelace" {
		t.Errorf("patched %+v", got)
	}

	w = send(t, s, http.MethodPost, path+"/aliases", `{"name": "Augusta Ada King"}`, http.StatusCreated)
	alias := decode[handlers.Alias](t, w)
	if alias.Name != "Augusta Ada King" || alias.ID == 0 {
		t.Errorf("alias %+v", alias)
	}
	if got := get[handlers.SpeakerList](t, s, "/api/v1/speakers?q=augusta"); len(got.Data) != 1 || got.Data[0].ID != ada.ID {
		t.Errorf("q=augusta found %+v", got.Data)
	}
	aliasPath := fmt.Sprintf("%s/aliases/%d", path, alias.ID)
	send(t, s, http.MethodDelete, aliasPath, "", http.StatusNoContent)
	send(t, s, http.MethodDelete, aliasPath, "", http.StatusNotFound)
	if got := get[handlers.SpeakerList](t, s, "/api/v1/speakers?q=augusta"); len(got.Data) != 0 {
		t.Errorf("removed alias still found: %+v", got.Data)
	}

	send(t, s, http.MethodDelete, path, "", http.StatusNoContent)
	send(t, s, http.MethodGet, path, "", http.StatusNotFound)
	send(t, s, http.MethodDelete, path, "", http.StatusNotFound)

	// A speaker with quotes cannot go, and the refusal changes nothing.
	ken := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum")
	send(t, s, http.MethodDelete, fmt.Sprintf("/api/v1/speakers/%d", ken.ID), "", http.StatusConflict)
	if after := get[handlers.Speaker](t, s, "/api/v1/speakers/ken-mccallum"); after.QuoteCount != ken.QuoteCount || len(after.Aliases) != len(ken.Aliases) {
		t.Errorf("after a refused delete: %+v, before %+v", after, ken)
	}

	// Two people may share a name: the second gets a slug of its own.
	w = send(t, s, http.MethodPost, "/api/v1/speakers", `{"name": "Ken McCallum"}`, http.StatusCreated)
	if other := decode[handlers.Speaker](t, w); other.ID == ken.ID || other.Slug == ken.Slug {
		t.Errorf("namesake %+v clashes with %+v", other, ken)
	}
	// Several speakers may share an alias ("the minister").
	send(t, s, http.MethodPost, "/api/v1/speakers", `{"name": "Someone Else", "aliases": ["MI5 chief"]}`, http.StatusCreated)
	// A speaker's own name is not removable, and not addable twice.
	var nameAlias int64
	for _, a := range ken.Aliases {
		if a.Name == ken.Name {
			nameAlias = a.ID
		}
	}
	send(t, s, http.MethodDelete, fmt.Sprintf("/api/v1/speakers/%d/aliases/%d", ken.ID, nameAlias), "", http.StatusConflict)
	send(t, s, http.MethodPost, fmt.Sprintf("/api/v1/speakers/%d/aliases", ken.ID), `{"name": "sir ken mccallum"}`, http.StatusConflict)

	kenPath := fmt.Sprintf("/api/v1/speakers/%d", ken.ID)
	s.run(t, []apiCase{
		{name: "create: no name", method: "POST", url: "/api/v1/speakers", body: `{"kind": "person"}`, wantStatus: 400, check: wantFields("name")},
		{name: "create: blank name", method: "POST", url: "/api/v1/speakers", body: `{"name": "   "}`, wantStatus: 400, check: wantFields("name")},
		{name: "create: name too long", method: "POST", url: "/api/v1/speakers", body: `{"name": "` + strings.Repeat("x", 201) + `"}`, wantStatus: 400, check: wantFields("name")},
		{name: "create: bad kind and qid", method: "POST", url: "/api/v1/speakers", body: `{"name": "X", "kind": "robot", "wikidata_qid": "42"}`, wantStatus: 400, check: wantFields("kind", "wikidata_qid")},
		{name: "create: aliases wrong type", method: "POST", url: "/api/v1/speakers", body: `{"name": "X", "aliases": "Y"}`, wantStatus: 400, check: all(wantFields("aliases"), wantFieldMessage("aliases", "array"))},
		{name: "create: duplicate key", method: "POST", url: "/api/v1/speakers", body: `{"name": "Jane Roe", "kind": "person", "name": "John Roe"}`, wantStatus: 400, check: all(wantFields("name"), wantFieldMessage("name", "more than once"))},
		{name: "create: alias with NUL", method: "POST", url: "/api/v1/speakers", body: `{"name": "X", "aliases": ["ok", "a\u0000"]}`, wantStatus: 400, check: wantFields("aliases[1]")},
		{name: "create: invalid UTF-8 in an alias", method: "POST", url: "/api/v1/speakers", body: "{\"name\": \"X\", \"aliases\": [\"\xff\"]}", wantStatus: 400, check: wantFields("aliases")},
		{name: "create: unknown field", method: "POST", url: "/api/v1/speakers", body: `{"name": "X", "slug": "x"}`, wantStatus: 400, check: wantFields("slug")},
		{name: "patch: null name", method: "PATCH", url: kenPath, body: `{"name": null}`, wantStatus: 400, check: wantFields("name")},
		{name: "patch: bad kind", method: "PATCH", url: kenPath, body: `{"kind": "robot"}`, wantStatus: 400, check: wantFields("kind")},
		{name: "patch: unknown", method: "PATCH", url: "/api/v1/speakers/999999", body: `{"description": "x"}`, wantStatus: 404},
		{name: "patch: slug is not an id", method: "PATCH", url: "/api/v1/speakers/ken-mccallum", body: `{"description": "x"}`, wantStatus: 400, check: wantFields("id")},
		{name: "delete: slug is not an id", method: "DELETE", url: "/api/v1/speakers/ken-mccallum", wantStatus: 400, check: wantFields("id")},
		{name: "alias: empty name", method: "POST", url: kenPath + "/aliases", body: `{"name": ""}`, wantStatus: 400, check: wantFields("name")},
		{name: "alias: wrong type", method: "POST", url: kenPath + "/aliases", body: `{"name": 5}`, wantStatus: 400, check: wantFields("name")},
		{name: "alias: unknown speaker", method: "POST", url: "/api/v1/speakers/999999/aliases", body: `{"name": "Someone"}`, wantStatus: 404},
		{name: "alias: a title is not a name", method: "POST", url: kenPath + "/aliases", body: `{"name": "the head of MI5"}`, wantStatus: 400, check: all(wantFields("name"), wantFieldMessage("name", "not a name"))},
		{name: "create: a pronoun is not an alias", method: "POST", url: "/api/v1/speakers", body: `{"name": "X Y", "aliases": ["Mr Y", "he"]}`, wantStatus: 400, check: wantFields("aliases[1]")},
		{name: "alias: bad alias id", method: "DELETE", url: kenPath + "/aliases/x", wantStatus: 400, check: wantFields("alias_id")},
		{name: "alias: unknown alias", method: "DELETE", url: kenPath + "/aliases/999999", wantStatus: 404},
	})
}
