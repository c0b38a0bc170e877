package api

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
)

// TestSnippetsAreEscapedHTML stores a quote full of markup and searches
// for it, ranked (made in Go on SQLite) and by date (FTS5's snippet() on
// SQLite, ts_headline on PostgreSQL): each snippet must be HTML whose
// only tags are the <mark>s, with the article's text escaped, and both
// orders must give the same snippet. The snippet used to carry the
// article's <script> as it was.
func TestSnippetsAreEscapedHTML(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := `{"title":"Markup","outlet":"Test","text":"Markup\n\nShe said: “<script>alert('okapi')</script> & <img src=x onerror=\"okapi()\"> a < b okapi”"}`
	send(t, s, "POST", "/api/v1/sources", body, 201)
	// A quote holding the noncharacters the store marks matches with.
	send(t, s, "POST", "/api/v1/sources", `{"title":"Marks","outlet":"Test","text":"Marks\n\nHe said: “the gnu \ufdd0<i>\ufdd1 & gnu”"}`, 201)
	for _, word := range []string{"okapi", "gnu"} {
		var snippets []string
		for _, u := range []string{"/api/v1/quotes?q=" + word, "/api/v1/quotes?sort=newest&q=" + word} {
			l := get[handlers.QuoteList](t, s, u)
			if len(l.Data) != 1 {
				t.Fatalf("%s: %d quotes, want 1", u, len(l.Data))
			}
			sn := l.Data[0].Snippet
			snippets = append(snippets, sn)
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(sn)
			if strings.ContainsAny(rest, `<>"'`) || !strings.Contains(sn, "&amp;") {
				t.Errorf("%s: snippet %q, want the text escaped with only <mark> tags", u, sn)
			}
			if word == "okapi" && !strings.Contains(sn, "<mark>okapi</mark>") {
				t.Errorf("%s: snippet %q does not mark okapi", u, sn)
			}
		}
		if snippets[0] != snippets[1] {
			t.Errorf("ranked and dated searches escape differently:\n%q\n%q", snippets[0], snippets[1])
		}
	}
}
