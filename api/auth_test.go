package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/store"
)

// newKey makes a key on s's database and returns it.
func (s *testServer) newKey(t *testing.T, name, role string) string {
	t.Helper()
	_, key, err := s.st.CreateKey(context.Background(), name, role)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func bearer(key string) map[string]string { return map[string]string{"Authorization": "Bearer " + key} }

// concrete fills a route pattern's parameters with ids that exist in the
// seed (or nowhere), so that the request reaches the route.
func concrete(route string) string {
	r := strings.NewReplacer(":alias_id", "1", ":id", "1")
	return r.Replace(route)
}

// TestEveryWriteNeedsAKeyWithItsRole walks every route the router serves,
// with the role the route table gives it: reads and the two stateless
// POSTs are public; every other write without
// a key is 401 with WWW-Authenticate: Bearer, with a revoked or made-up key
// 401, with too small a role 403 — all problem documents — and the right
// role gets past access control (to the handler's own 400 on an empty
// body, so nothing changes).
func TestEveryWriteNeedsAKeyWithItsRole(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	editor := s.newKey(t, "ed", store.RoleEditor)
	admin := s.newKey(t, "ad", store.RoleAdmin)
	revoked := s.newKey(t, "gone", store.RoleAdmin)
	ks, _ := s.st.Keys(context.Background())
	if _, err := s.st.RevokeKey(context.Background(), ks[len(ks)-1].ID); err != nil {
		t.Fatal(err)
	}
	routes := indexRoutes(testRoutes())
	// The writes anyone may call: they store nothing.
	publicWrites := map[string]bool{"POST /api/v1/extract": true, "POST /api/v1/verify": true}
	writes := 0
	for _, rt := range s.h.(*gin.Engine).Routes() {
		need, _ := routes.policy(rt.Method, rt.Path)
		url := concrete(rt.Path)
		switch {
		case rt.Method == http.MethodGet, rt.Method == http.MethodHead:
			if need != "" {
				t.Errorf("GET %s needs %s; reads are public", rt.Path, need)
			}
			continue
		case publicWrites[rt.Method+" "+rt.Path]:
			w := s.serve(rt.Method, url, `{}`, map[string]string{"Authorization": ""})
			if w.Code == 401 || w.Code == 403 {
				t.Errorf("%s %s is public but answered %d", rt.Method, rt.Path, w.Code)
			}
			continue
		}
		writes++
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			for _, c := range []struct {
				who    string
				header map[string]string
				want   int
			}{
				{"no key", map[string]string{"Authorization": ""}, 401},
				{"revoked key", bearer(revoked), 401},
				{"made-up key", bearer(store.KeyPrefix + strings.Repeat("A", 43)), 401},
				{"not bearer", map[string]string{"Authorization": "Basic " + editor}, 401},
				{"editor", bearer(editor), map[string]int{store.RoleEditor: 0, store.RoleAdmin: 403}[need]},
				{"admin", bearer(admin), 0},
			} {
				w := s.serve(rt.Method, url, `{}`, c.header)
				switch {
				case c.want == 0:
					if w.Code == 401 || w.Code == 403 || w.Code == 429 {
						t.Errorf("%s: status %d, want past access control; %s", c.who, w.Code, w.Body)
					}
				default:
					checkResponse(t, w, c.want, "")
					if c.want == 401 && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("%s: WWW-Authenticate = %q", c.who, w.Header().Get("WWW-Authenticate"))
					}
				}
			}
		})
	}
	if writes < 14 {
		t.Errorf("only %d protected write routes found", writes)
	}
	// Deletes and merges are the admin's; the rest the editor's, and a
	// write that matches no route would be too.
	for _, c := range []struct{ method, route, want string }{
		{"DELETE", "/api/v1/quotes/:id", store.RoleAdmin},
		{"DELETE", "/api/v1/speakers/:id/aliases/:alias_id", store.RoleAdmin},
		{"POST", "/api/v1/speakers/:id/merge", store.RoleAdmin},
		{"POST", "/api/v1/sources", store.RoleEditor},
		{"PATCH", "/api/v1/quotes/:id", store.RoleEditor},
		{"POST", "/api/v1/quotes/:id/review", store.RoleEditor},
		{"POST", "/api/v1/some/new/route", store.RoleEditor},
		{"GET", "/api/v1/quotes", ""},
		{"POST", "/api/v1/extract", ""},
		{"POST", "/api/v1/verify", ""},
	} {
		if got, _ := routes.policy(c.method, c.route); got != c.want {
			t.Errorf("role of %s %s = %q, want %q", c.method, c.route, got, c.want)
		}
	}
}

func TestAKeySentOnAReadMustBeValid(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.run(t, []apiCase{
		{name: "read without key", url: "/api/v1/quotes?limit=1", header: map[string]string{"Authorization": ""}, wantStatus: 200},
		{name: "read with key", url: "/api/v1/quotes?limit=1", wantStatus: 200},
		{name: "read with a bad key", url: "/api/v1/quotes?limit=1", header: bearer("nope"), wantStatus: 401},
		{name: "empty bearer", url: "/api/v1/quotes?limit=1", header: map[string]string{"Authorization": "Bearer "}, wantStatus: 401},
	})
}

// TestTheKeyNameIsWhoChanged: the history records the key's name, not the
// X-Reviewer header or a reviewer in the body.
func TestTheKeyNameIsWhoChanged(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ana := s.newKey(t, "ana@factcheck.example", store.RoleEditor)
	id := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1").Data[0].ID
	u := fmt.Sprintf("/api/v1/quotes/%d", id)
	h := bearer(ana)
	h["X-Reviewer"] = "mallory"
	w := s.serve("POST", u+"/review", `{"status":"disputed","reviewer":"eve"}`, h)
	checkResponse(t, w, 200, "")
	hist := get[handlers.HistoryList](t, s, u+"/history")
	if len(hist.Data) != 1 || hist.Data[0].Actor != "ana@factcheck.example" {
		t.Fatalf("history = %+v, want the key's name as actor", hist.Data)
	}
}

// TestAccessLogNamesTheKey: each request made with a key is logged with
// the key's id and name, so the access log is an audit trail of writes.
func TestAccessLogNamesTheKey(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	s := newTestServer(t, func(d *Deps) { d.Log = slog.New(slog.NewJSONHandler(&buf, nil)) })
	ed := s.newKey(t, "desk-7", store.RoleEditor)
	w := s.serve("POST", "/api/v1/speakers", `{"name":"Audit Person","kind":"person"}`, bearer(ed))
	checkResponse(t, w, 201, "")
	s.serve("GET", "/api/v1/speakers?limit=1", "", map[string]string{"Authorization": ""})
	var keyed, anonymous int
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct {
			Msg, Method, Route, Key string
			KeyID                   int64 `json:"key_id"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Msg != "request" {
			continue
		}
		switch {
		case rec.Method == "POST" && rec.Route == "/api/v1/speakers" && rec.Key == "desk-7" && rec.KeyID > 0:
			keyed++
		case rec.Method == "GET" && rec.Key == "":
			anonymous++
		}
	}
	if keyed != 1 || anonymous != 1 {
		t.Errorf("access log: %d keyed POST lines, %d anonymous GET lines; log:\n%s", keyed, anonymous, buf.String())
	}
}
