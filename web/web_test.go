package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"golang.org/x/net/html"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

// newTestPages serves the pages from a real, seeded SQLite file of their
// own, so tests run in parallel.
func newTestPages(t *testing.T) http.Handler {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "whosaid.db")})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	return engine(New(st, slog.New(slog.NewTextHandler(t.Output(), nil))))
}

func engine(p *Pages) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	p.Register(r)
	return r
}

func get(h http.Handler, url string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
	return w
}

// pageCase is one page request and what its answer must hold.
type pageCase struct {
	name       string
	url        string
	wantStatus int
	want       []string // substrings of the body
	notWant    []string
	check      func(t *testing.T, doc *html.Node)
}

func runPages(t *testing.T, h http.Handler, cases []pageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := get(h, tc.url)
			if w.Code != tc.wantStatus {
				t.Fatalf("GET %s: status %d, want %d; body:\n%s", tc.url, w.Code, tc.wantStatus, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if csp := w.Header().Get("Content-Security-Policy"); csp != ContentSecurityPolicy {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
			body := w.Body.String()
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(body, s) {
					t.Errorf("body holds %q", s)
				}
			}
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatalf("parse page: %v", err)
			}
			checkAccessible(t, doc)
			if tc.check != nil {
				tc.check(t, doc)
			}
		})
	}
}

func TestHome(t *testing.T) {
	t.Parallel()
	h := newTestPages(t)
	runPages(t, h, []pageCase{
		{
			name: "no search lists the latest quotes", url: "/", wantStatus: http.StatusOK,
			want: []string{"<h2 id=\"results-h\">Latest quotes</h2>", `href="/swagger/index.html"`, `<option value="Sir Ken">Ken McCallum</option>`,
				`<option value="Daily Mail">`, `href="/api/v1/quotes?limit=20"`, `rel="next"`, `id="verify-form"`},
			check: func(t *testing.T, doc *html.Node) {
				if n := len(findAll(doc, "article")); n != pageSize {
					t.Errorf("%d quotes listed, want %d", n, pageSize)
				}
			},
		},
		{
			name: "speaker by alias", url: "/?speaker=Sir+Ken", wantStatus: http.StatusOK,
			want: []string{"quotes found", `value="Sir Ken"`, `href="/api/v1/quotes?limit=20&amp;speaker=Sir&#43;Ken"`},
			check: func(t *testing.T, doc *html.Node) {
				speakers := findClass(doc, "speaker")
				if len(speakers) == 0 {
					t.Fatal("no result")
				}
				for _, s := range speakers {
					if got := text(s); got != "Ken McCallum" {
						t.Errorf("result by %q, want Ken McCallum", got)
					}
				}
			},
		},
		{
			name: "speaker by a short name", url: "/?speaker=Sir+Ken", wantStatus: http.StatusOK,
			want: []string{`<a href="/?speaker=Ken%20McCallum" class="speaker">Ken McCallum</a>`},
		},
		{
			name: "words are marked", url: "/?q=threat", wantStatus: http.StatusOK,
			want: []string{"quotes found", "<mark>"},
			check: func(t *testing.T, doc *html.Node) {
				marks := findAll(doc, "mark")
				if len(marks) == 0 {
					t.Fatal("no <mark> in the results")
				}
				for _, m := range marks {
					if !strings.Contains(strings.ToLower(text(m)), "threat") {
						t.Errorf("<mark>%s</mark> does not mark the search word", text(m))
					}
				}
			},
		},
		{
			name: "words and speaker and dates", url: "/?q=China&speaker=ken-mccallum&from=2000-01-01&to=2999-12-31&sort=oldest", wantStatus: http.StatusOK,
			want: []string{"quotes found", `value="2000-01-01"`, `<option value="oldest" selected>`},
		},
		{
			name: "nothing matches", url: "/?q=xylophonequark", wantStatus: http.StatusOK,
			want: []string{"0 quotes found", "No quotes match"},
		},
		{
			name: "unknown outlet", url: "/?outlet=Nowhere+Gazette", wantStatus: http.StatusOK,
			want: []string{"0 quotes found"},
		},
		{
			name: "bad dates are named", url: "/?from=yesterday&to=2025-13-40", wantStatus: http.StatusBadRequest,
			want: []string{"Please correct the search", "<strong>from</strong> must be a date", "<strong>to</strong> must be a date", "No search ran"},
		},
		{
			name: "to before from", url: "/?from=2025-10-02&to=2025-10-01", wantStatus: http.StatusBadRequest,
			want: []string{"<strong>to</strong> must not be before from"},
		},
		{
			name: "relevance needs words", url: "/?sort=relevance", wantStatus: http.StatusBadRequest,
			want: []string{"<strong>sort</strong> relevance needs words"},
		},
		{
			name: "a cursor the store refuses", url: "/?cursor=not-a-cursor", wantStatus: http.StatusBadRequest,
			want: []string{"Please correct the search", "cursor"},
		},
		{
			name: "markup in the form is text", url: "/?speaker=%3Cscript%3Ealert(1)%3C%2Fscript%3E&q=%22%3E%3Cimg+src%3Dx%3E", wantStatus: http.StatusOK,
			want:    []string{`value="&lt;script&gt;alert(1)&lt;/script&gt;"`},
			notWant: []string{"<script>alert", "<img src=x>"},
		},
	})
}

func TestHomeNextPage(t *testing.T) {
	t.Parallel()
	h := newTestPages(t)
	first := get(h, "/?speaker=Sir+Ken")
	doc, err := html.Parse(first.Body)
	if err != nil {
		t.Fatal(err)
	}
	var next string
	for _, a := range findAll(doc, "a") {
		if attr(a, "rel") == "next" {
			next = attr(a, "href")
		}
	}
	if !strings.Contains(next, "cursor=") || !strings.Contains(next, "speaker=Sir+Ken") {
		t.Fatalf("next page link %q, want the same search with a cursor", next)
	}
	w := get(h, next)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Ken McCallum") {
		t.Fatalf("next page: status %d", w.Code)
	}
	firstIDs, nextIDs := quoteLinks(t, first.Body.String()), quoteLinks(t, w.Body.String())
	for id := range nextIDs {
		if firstIDs[id] {
			t.Errorf("quote %s is on both pages", id)
		}
	}
}

func TestQuotePage(t *testing.T) {
	t.Parallel()
	h := newTestPages(t)
	runPages(t, h, []pageCase{
		{
			name: "a quote in its source", url: "/quotes/1", wantStatus: http.StatusOK,
			want: []string{"In its source", `href="/api/v1/quotes/1"`, `href="/api/v1/sources/`, `<p class="in-context">`, "<mark>", `data-quote="/api/v1/quotes/1"`},
			check: func(t *testing.T, doc *html.Node) {
				ctx := findClass(doc, "in-context")
				main := findClass(doc, "quote-main")
				if len(ctx) != 1 || len(main) != 1 {
					t.Fatal("no context or no quote")
				}
				quote := text(findAll(main[0], "p")[0])
				if marked := text(findAll(ctx[0], "mark")[0]); marked != quote {
					t.Errorf("context marks %q, want the quote %q", marked, quote)
				}
				if len(text(ctx[0])) <= len(quote) {
					t.Error("no source text around the quote")
				}
			},
		},
		{name: "unknown quote", url: "/quotes/999999", wantStatus: http.StatusNotFound, want: []string{"Not Found", "Back to the search"}},
		{name: "not an id", url: "/quotes/abc", wantStatus: http.StatusNotFound, want: []string{"Not Found"}},
		{name: "zero", url: "/quotes/0", wantStatus: http.StatusNotFound},
	})
}

// TestQuotePageShowsSpeakerAliases finds a McCallum quote through the
// search and checks its page names him by his other names.
func TestQuotePageShowsSpeakerAliases(t *testing.T) {
	t.Parallel()
	h := newTestPages(t)
	for id := range quoteLinks(t, get(h, "/?speaker=ken-mccallum").Body.String()) {
		w := get(h, "/quotes/"+id)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, "also called") || !strings.Contains(body, "Sir Ken") {
			t.Errorf("/quotes/%s: status %d, no aliases", id, w.Code)
		}
		return
	}
	t.Fatal("no McCallum quote")
}

func TestAssets(t *testing.T) {
	t.Parallel()
	h := engine(New(failingStore{}, nil))
	for _, tc := range []struct {
		url, wantType, want string
		wantStatus          int
	}{
		{"/assets/app.js", "text/javascript; charset=utf-8", "/api/v1/verify", http.StatusOK},
		{"/assets/style.css", "text/css; charset=utf-8", "overflow-wrap", http.StatusOK},
		{"/assets/nothing.js", "", "", http.StatusNotFound},
	} {
		t.Run(tc.url, func(t *testing.T) {
			w := get(h, tc.url)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tc.wantStatus)
			}
			if tc.wantType != "" && w.Header().Get("Content-Type") != tc.wantType {
				t.Errorf("Content-Type %q, want %q", w.Header().Get("Content-Type"), tc.wantType)
			}
			if !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
			if w.Header().Get("Content-Security-Policy") != ContentSecurityPolicy {
				t.Error("no Content-Security-Policy")
			}
		})
	}
}

// failingStore fails every call the way a broken database would.
type failingStore struct{}

var errDisk = errors.New("disk I/O error at /var/lib/secret.db")

func (failingStore) ListQuotes(context.Context, store.QuoteFilter) (store.QuotePage, error) {
	return store.QuotePage{}, errDisk
}
func (failingStore) ListSpeakers(context.Context, store.SpeakerFilter) (store.SpeakerPage, error) {
	return store.SpeakerPage{}, errDisk
}
func (failingStore) ListSources(context.Context, store.SourceFilter) (store.SourcePage, error) {
	return store.SourcePage{}, errDisk
}
func (failingStore) GetQuote(context.Context, int64) (models.Quote, error) {
	return models.Quote{}, errDisk
}
func (failingStore) GetSource(context.Context, int64) (models.Source, []models.Quote, error) {
	return models.Source{}, nil, errDisk
}

func TestInternalErrorsRevealNothing(t *testing.T) {
	t.Parallel()
	var logged strings.Builder
	h := engine(New(failingStore{}, slog.New(slog.NewTextHandler(&logged, nil))))
	for _, url := range []string{"/", "/?q=threat", "/quotes/1"} {
		w := get(h, url)
		if w.Code != http.StatusInternalServerError {
			t.Errorf("GET %s: status %d, want 500", url, w.Code)
		}
		if strings.Contains(w.Body.String(), "secret") || !strings.Contains(w.Body.String(), "Something went wrong") {
			t.Errorf("GET %s: body %s", url, w.Body)
		}
	}
	if !strings.Contains(logged.String(), "secret.db") {
		t.Errorf("the cause was not logged: %s", logged.String())
	}
}

func TestAround(t *testing.T) {
	t.Parallel()
	text := []rune("One two three. «Quoted words» said she, four five six.")
	start := strings.Index(string(text), "«") // ASCII before it: bytes = characters
	end := start + len([]rune("«Quoted words»"))
	for _, tc := range []struct {
		name              string
		start, end, n     int
		wantBefore, wantA string
	}{
		{"all", start, end, 100, "One two three. ", " said she, four five six."},
		{"cut at words", start, end, 8, "…three. ", " said…"},
		{"bad offsets", 10, 5, 10, "", ""},
		{"past the end", start, len(text) + 1, 10, "", ""},
		{"negative", -1, 3, 10, "", ""},
		{"whole text", 0, len(text), 10, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, a := around(text, tc.start, tc.end, tc.n)
			if b != tc.wantBefore || a != tc.wantA {
				t.Errorf("around = %q, %q; want %q, %q", b, a, tc.wantBefore, tc.wantA)
			}
		})
	}
}

// checkAccessible checks what a page needs for keyboard and screen-reader
// use: one h1, a label for every field, unique ids, a lang, alt text.
func checkAccessible(t *testing.T, doc *html.Node) {
	t.Helper()
	if n := len(findAll(doc, "h1")); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if h := findAll(doc, "html"); len(h) != 1 || attr(h[0], "lang") == "" {
		t.Error("no <html lang>")
	}
	ids := map[string]bool{}
	labels := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			if ids[id] {
				t.Errorf("id %q is not unique", id)
			}
			ids[id] = true
		}
		if n.Type == html.ElementNode && n.Data == "label" {
			labels[attr(n, "for")] = true
		}
		if n.Type == html.ElementNode && n.Data == "img" && !hasAttr(n, "alt") {
			t.Error("an img has no alt")
		}
	})
	for _, tag := range []string{"input", "select", "textarea"} {
		for _, n := range findAll(doc, tag) {
			if !labels[attr(n, "id")] && attr(n, "aria-label") == "" {
				t.Errorf("<%s name=%q> has no label", tag, attr(n, "name"))
			}
		}
	}
}

// quoteLinks returns the ids of the quote pages a page links to.
func quoteLinks(t *testing.T, body string) map[string]bool {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range findAll(doc, "a") {
		if id, ok := strings.CutPrefix(attr(a, "href"), "/quotes/"); ok {
			out[id] = true
		}
	}
	return out
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	walk(n, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
	})
	return out
}

func findClass(n *html.Node, class string) []*html.Node {
	var out []*html.Node
	walk(n, func(n *html.Node) {
		if n.Type == html.ElementNode && containsWord(attr(n, "class"), class) {
			out = append(out, n)
		}
	})
	return out
}

func containsWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

// pagesWithQuote serves the pages from a store holding one source with
// one quote, text, said in it.
func pagesWithQuote(t *testing.T, quote string) http.Handler {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "whosaid.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	lead := "Markup\n\nShe said: “"
	start := len([]rune(lead))
	if _, err := st.Ingest(ctx, store.IngestInput{
		Source: store.SourceInput{Title: "Markup", Outlet: "Test", Text: lead + quote + "” and left."},
		Quotes: []store.IngestQuote{{Text: quote, Start: start, End: start + len([]rune(quote)), Kind: "direct", Confidence: 1}},
	}); err != nil {
		t.Fatal(err)
	}
	return engine(New(st, slog.New(slog.NewTextHandler(t.Output(), nil))))
}

// TestSnippetShownOnceEscaped searches the page for a quote full of
// markup: the store's snippet is HTML already, so the page shows the
// quote's "<" as "&lt;" (not "&amp;lt;", escaped twice) and keeps the
// highlight, and no markup of the article's gets through.
func TestSnippetShownOnceEscaped(t *testing.T) {
	t.Parallel()
	h := pagesWithQuote(t, "<b>okapi</b> & <script>alert(1)</script> a < b")
	runPages(t, h, []pageCase{{
		name: "markup in a snippet", url: "/?q=okapi", wantStatus: http.StatusOK,
		want:    []string{"&lt;b&gt;<mark>okapi</mark>&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; a &lt; b"},
		notWant: []string{"&amp;lt;", "<script>alert", "<b>"},
	}})
}

// TestHiddenCharactersShownInQuotes: quote text is stored verbatim, so a
// bidi override, an isolate or a control character in it is shown as
// its code point, in the search results (snippet and list), the quote's
// page and its source around it, never as itself.
func TestHiddenCharactersShownInQuotes(t *testing.T) {
	t.Parallel()
	h := pagesWithQuote(t, "okapi \u202Eevil\u202C and \u2066isolated\u2069 \u0007 <tab>\tend")
	shown := func(cp string) string {
		return `<span class="hidden-char" title="an invisible character">` + cp + `</span>`
	}
	want := []string{shown("U+202E") + "evil" + shown("U+202C"), shown("U+2066") + "isolated" + shown("U+2069"), shown("U+0007") + " &lt;tab&gt;\tend"}
	notWant := []string{"\u202E", "\u202C", "\u2066", "\u2069", "\u0007"}
	runPages(t, h, []pageCase{
		{name: "search snippet", url: "/?q=okapi", wantStatus: http.StatusOK, want: want, notWant: notWant},
		{name: "list", url: "/", wantStatus: http.StatusOK, want: want, notWant: notWant},
		{name: "quote page", url: "/quotes/1", wantStatus: http.StatusOK, want: want, notWant: notWant},
	})
}

// TestScriptHidesWhatTheServerHides checks that app.js's hiddenChar class
// names exactly the characters models.Hidden does, tab and newline aside,
// so that the quote check shows quotes as the pages do.
func TestScriptHidesWhatTheServerHides(t *testing.T) {
	t.Parallel()
	js, err := files.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var hiddenChar = /\[([^\]]+)\]/;`).FindSubmatch(js)
	if m == nil {
		t.Fatal("app.js has no hiddenChar class")
	}
	class := regexp.MustCompile(`\\u([0-9A-F]{4})(?:-\\u([0-9A-F]{4}))?`)
	in := map[rune]bool{}
	for _, r := range class.FindAllStringSubmatch(string(m[1]), -1) {
		lo, _ := strconv.ParseUint(r[1], 16, 32)
		hi := lo
		if r[2] != "" {
			hi, _ = strconv.ParseUint(r[2], 16, 32)
		}
		for c := lo; c <= hi; c++ {
			in[rune(c)] = true
		}
	}
	for r := rune(0); r <= 0xFFFF; r++ {
		if want := models.Hidden(r) && r != '\t' && r != '\n'; in[r] != want {
			t.Errorf("U+%04X: app.js hides it %v, models.Hidden (tab and newline aside) %v", r, in[r], want)
		}
	}
}
