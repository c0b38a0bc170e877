package api

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
)

// linkRequest sends a request from remote with a Host header and other
// headers, with the test server's key.
func (s *testServer) linkRequest(method, target, body, remote, host string, header map[string]string) *httptest.ResponseRecorder {
	h := map[string]string{"Host": host}
	for k, v := range header {
		h[k] = v
	}
	return s.do(method, target, body, remote, h, true)
}

// TestLinksUseThePublicURLOrTrustedProxies checks what links (links.self,
// links.next, Location, JSON-LD ids) start with: the configured public
// URL; else the scheme and host a trusted proxy forwarded; else nothing
// (relative links). The Host header, and forwarded headers from anyone
// but a trusted proxy, never make a link: they used to, with the scheme
// always http.
func TestLinksUseThePublicURLOrTrustedProxies(t *testing.T) {
	t.Parallel()
	const client, proxy = "192.0.2.9:4000", "10.0.0.1:5555"
	forwarded := map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "desk.example.org"}
	for _, tc := range []struct {
		name         string
		public       string
		proxies      []string
		remote, host string
		header       map[string]string
		want         string // what every link starts with before /api/v1/
	}{
		{name: "nothing configured: relative, Host ignored", remote: client, host: "evil.example", header: forwarded, want: ""},
		{name: "public URL", public: "https://quotes.example.org/ws", remote: client, host: "evil.example", header: forwarded, want: "https://quotes.example.org/ws"},
		{name: "public URL over a trusted proxy", public: "https://quotes.example.org", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", header: forwarded, want: "https://quotes.example.org"},
		{name: "trusted proxy", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", header: forwarded, want: "https://desk.example.org"},
		{name: "trusted proxy by CIDR", proxies: []string{"10.0.0.0/8"}, remote: proxy, host: "internal:8080", header: forwarded, want: "https://desk.example.org"},
		{name: "trusted proxy, scheme only", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", header: map[string]string{"X-Forwarded-Proto": "https"}, want: "https://internal:8080"},
		{name: "trusted proxy, host only", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", header: map[string]string{"X-Forwarded-Host": "desk.example.org:8443"}, want: "http://desk.example.org:8443"},
		{name: "trusted proxies' lists: the first", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal", header: map[string]string{"X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "a.example, b.example"}, want: "https://a.example"},
		{name: "trusted proxy, nothing forwarded", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", want: ""},
		{name: "trusted proxy, junk forwarded", proxies: []string{"10.0.0.1"}, remote: proxy, host: "internal:8080", header: map[string]string{"X-Forwarded-Proto": "javascript", "X-Forwarded-Host": "evil.example/x?@y"}, want: ""},
		{name: "untrusted peer's forwarded headers", proxies: []string{"10.0.0.1"}, remote: client, host: "evil.example", header: forwarded, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, func(d *Deps) {
				pu, err := ParsePublicURL(tc.public)
				if err != nil {
					t.Fatal(err)
				}
				d.PublicURL, d.TrustedProxies = pu, tc.proxies
			})
			w := s.linkRequest("POST", "/api/v1/speakers", `{"name":"Link Person"}`, tc.remote, tc.host, tc.header)
			checkResponse(t, w, http.StatusCreated, "")
			id := decode[handlers.Speaker](t, w).ID
			if got, want := w.Header().Get("Location"), tc.want+"/api/v1/speakers/"+strconv.FormatInt(id, 10); got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
			w = s.linkRequest("GET", "/api/v1/quotes?limit=1", "", tc.remote, tc.host, tc.header)
			checkResponse(t, w, http.StatusOK, "")
			l := decode[handlers.QuoteList](t, w)
			if l.Links.Self != tc.want+"/api/v1/quotes?limit=1" || l.Links.Next == nil || !strings.HasPrefix(*l.Links.Next, tc.want+"/api/v1/quotes?cursor=") {
				t.Errorf("links = %q, %v; want them under %q", l.Links.Self, l.Links.Next, tc.want)
			}
			w = s.linkRequest("GET", "/api/v1/quotes?limit=1&format=jsonld", "", tc.remote, tc.host, tc.header)
			checkResponse(t, w, http.StatusOK, "application/ld+json")
			if !strings.Contains(w.Body.String(), `"@id":"`+tc.want+`/api/v1/quotes/`) {
				t.Errorf("JSON-LD ids not under %q: %s", tc.want, w.Body)
			}
		})
	}
}

// TestCachedListsKeepTheirLinks: two clients of one trusted proxy that
// forwards different hosts get each its own links, even from the read
// cache.
func TestCachedListsKeepTheirLinks(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, func(d *Deps) { d.TrustedProxies = []string{"10.0.0.1"} })
	for _, host := range []string{"a.example", "b.example", "a.example"} {
		w := s.linkRequest("GET", "/api/v1/quotes?limit=1", "", "10.0.0.1:1", "internal", map[string]string{"X-Forwarded-Host": host})
		checkResponse(t, w, http.StatusOK, "")
		if got := decode[handlers.QuoteList](t, w).Links.Self; got != "http://"+host+"/api/v1/quotes?limit=1" {
			t.Errorf("forwarded host %s: links.self = %q", host, got)
		}
	}
}
