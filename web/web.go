// Package web is whosaid's page for people: a fact-checker opens the
// service in a browser and gets a search form, results with their context
// and sources, a page per quote and a form that checks a claimed quote.
//
// Pages are rendered on the server with html/template from the store's
// domain methods, so searching works without JavaScript; one small script
// (static/app.js) adds speaker suggestions, the quote check (through POST
// /api/v1/verify) and the other reports of a quote (from GET
// /api/v1/quotes/{id}). Templates, styles and script are embedded in the
// binary: no build step, no CDN. Every page is sent with a
// Content-Security-Policy that allows only the service itself.
package web

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

//go:embed templates static
var files embed.FS

// Store is what the pages read from storage; *store.Store implements it.
// Methods return errs.Invalid naming the bad field for a bad filter and
// errs.NotFound for an unknown id; any other error is internal.
type Store interface {
	// ListQuotes returns one page of quotes matching f, each with its
	// speaker and source; searched quotes carry a <mark>ed snippet.
	ListQuotes(ctx context.Context, f store.QuoteFilter) (store.QuotePage, error)
	// ListSpeakers returns one page of speakers with their aliases.
	ListSpeakers(ctx context.Context, f store.SpeakerFilter) (store.SpeakerPage, error)
	// ListSources returns one page of sources without their text.
	ListSources(ctx context.Context, f store.SourceFilter) (store.SourcePage, error)
	// GetQuote returns one quote with its speaker (and aliases) and source.
	GetQuote(ctx context.Context, id int64) (models.Quote, error)
	// GetSource returns a source with its text and its quotes.
	GetSource(ctx context.Context, id int64) (models.Source, []models.Quote, error)
}

var _ Store = (*store.Store)(nil)

// ContentSecurityPolicy is sent with every page and asset: scripts,
// styles, images and fetches from this origin only, no inline code, no
// plugins, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

// Search limits.
const (
	pageSize     = 20
	maxParamLen  = 200  // characters of a speaker or outlet filter
	maxQueryLen  = 500  // characters of a word search
	contextChars = 320  // characters of source text shown before and after a quote
	listLimit    = 100  // speakers and sources read for the suggestions
	cursorMax    = 2000 // bytes of a cursor
)

// Pages serves the fact-checker's page. Store is required; Log may be nil.
type Pages struct {
	Store Store
	Log   *slog.Logger

	home, quote, failure *template.Template
	assets               http.Handler // the embedded static files
}

// New returns the pages with their templates parsed. It panics if an
// embedded template does not parse, which a test would catch first.
func New(st Store, log *slog.Logger) *Pages {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	parse := func(page string) *template.Template {
		return template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+page))
	}
	static, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return &Pages{Store: st, Log: log, home: parse("home.html"), quote: parse("quote.html"), failure: parse("error.html"),
		assets: http.StripPrefix("/assets/", http.FileServerFS(static))}
}

// Register adds the page's routes: / (search), /quotes/:id (one quote in
// its source) and /assets/* (the embedded style sheet and script).
func (p *Pages) Register(r gin.IRoutes) {
	r.GET("/", p.Home)
	r.GET("/quotes/:id", p.Quote)
	r.GET("/assets/*file", p.Assets)
}

// Assets serves /assets/*file: the embedded style sheet and script.
func (p *Pages) Assets(c *gin.Context) {
	secure(c)
	c.Header("Cache-Control", "public, max-age=3600")
	p.assets.ServeHTTP(c.Writer, c.Request)
}

// secure sets the headers every page and asset carries.
func secure(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

// searchForm is the search as the form sent it, echoed back into the form.
type searchForm struct {
	Q, Speaker, Outlet, From, To, Sort, Cursor string
}

// Active reports whether any filter is set.
func (f searchForm) Active() bool {
	return f.Q != "" || f.Speaker != "" || f.Outlet != "" || f.From != "" || f.To != ""
}

// homeView is what home.html renders.
type homeView struct {
	Title    string
	Form     searchForm
	Problems []errs.FieldError
	Searched bool // a search ran (with or without results)
	Results  []quoteView
	Total    int64
	Next     string // URL of the next page, "" on the last
	APIURL   string // the same search in the JSON API
	Speakers []suggestion
	Outlets  []string
}

// suggestion is one option of the speaker list: a name or alias, and the
// speaker it stands for.
type suggestion struct {
	Value, Label string
}

// Home renders the search page and, when the query asks for one, the
// search's results. Bad filters are named next to the form with status
// 400; everything else about the page still works.
func (p *Pages) Home(c *gin.Context) {
	ctx := c.Request.Context()
	vals, _ := url.ParseQuery(c.Request.URL.RawQuery) // keeps what it can decode
	form := searchForm{
		Q:       clean(vals.Get("q")),
		Speaker: clean(vals.Get("speaker")),
		Outlet:  clean(vals.Get("outlet")),
		From:    clean(vals.Get("from")),
		To:      clean(vals.Get("to")),
		Sort:    clean(vals.Get("sort")),
		Cursor:  clean(vals.Get("cursor")),
	}
	v := homeView{Title: "Find who said what", Form: form}
	f, bad := filterOf(form)
	status := http.StatusOK
	if bad != nil {
		v.Problems, status = bad, http.StatusBadRequest
	} else {
		page, err := p.Store.ListQuotes(ctx, f)
		switch {
		case errs.KindOf(err) == errs.Invalid:
			v.Problems, status = problemsOf(err), http.StatusBadRequest
		case err != nil:
			p.fail(c, err)
			return
		default:
			v.Searched = form.Active()
			v.Total = page.Total
			for _, h := range page.Quotes {
				v.Results = append(v.Results, toQuoteView(h.Quote, h.Snippet))
			}
			if page.NextCursor != "" {
				v.Next = "/?" + form.query(page.NextCursor).Encode()
			}
			v.APIURL = "/api/v1/quotes?" + form.apiQuery().Encode()
		}
	}
	var err error
	if v.Speakers, err = p.speakerSuggestions(ctx); err != nil {
		p.fail(c, err)
		return
	}
	if v.Outlets, err = p.outlets(ctx); err != nil {
		p.fail(c, err)
		return
	}
	p.render(c, status, p.home, v)
}

// filterOf turns the form into the store's filter, or names the bad
// fields. Dates are the YYYY-MM-DD an <input type=date> sends.
func filterOf(form searchForm) (store.QuoteFilter, []errs.FieldError) {
	var fs errs.Fields
	f := store.QuoteFilter{Q: form.Q, Speaker: form.Speaker, Outlet: form.Outlet, Page: store.Page{Limit: pageSize, Cursor: form.Cursor}}
	for _, c := range []struct{ name, v string }{{"q", form.Q}} {
		if utf8.RuneCountInString(c.v) > maxQueryLen {
			fs.Add(c.name, "must be at most %d characters", maxQueryLen)
		}
	}
	for _, c := range []struct{ name, v string }{{"speaker", form.Speaker}, {"outlet", form.Outlet}} {
		if utf8.RuneCountInString(c.v) > maxParamLen {
			fs.Add(c.name, "must be at most %d characters", maxParamLen)
		}
	}
	if len(form.Cursor) > cursorMax {
		fs.Add("cursor", "is not one this page made; start the search again")
	}
	var ok bool
	if f.From, ok = date(form.From, false); !ok {
		fs.Add("from", "must be a date, YYYY-MM-DD")
	}
	if f.To, ok = date(form.To, true); !ok {
		fs.Add("to", "must be a date, YYYY-MM-DD")
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		fs.Add("to", "must not be before from")
	}
	switch form.Sort {
	case "":
		f.Sort = store.SortNewest
		if f.Q != "" {
			f.Sort = store.SortRelevance
		}
	case store.SortNewest, store.SortOldest:
		f.Sort = form.Sort
	case store.SortRelevance:
		if f.Q == "" {
			fs.Add("sort", "relevance needs words to search for")
		}
		f.Sort = form.Sort
	default:
		fs.Add("sort", "must be newest, oldest or relevance")
	}
	return f, fs
}

// date parses a YYYY-MM-DD date; end gives the day's last instant, so
// that "to" includes the whole day. Empty is no date, and fine.
func date(s string, end bool) (*time.Time, bool) {
	if s == "" {
		return nil, true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, false
	}
	if end {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return &t, true
}

// query is the form's search as page query parameters, at cursor.
func (f searchForm) query(cursor string) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"speaker", f.Speaker}, {"outlet", f.Outlet}, {"from", f.From}, {"to", f.To}, {"sort", f.Sort}, {"cursor", cursor}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

// apiQuery is the same search in the JSON API's parameters.
func (f searchForm) apiQuery() url.Values {
	v := f.query(f.Cursor)
	v.Set("limit", strconv.Itoa(pageSize))
	return v
}

// clean trims a parameter and drops invalid UTF-8 and NULs, which no
// form sends.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\x00", "")
	return strings.TrimSpace(s)
}

// problemsOf returns the fields an errs.Invalid names, or its message.
func problemsOf(err error) []errs.FieldError {
	e, _ := errs.As(err)
	if len(e.Fields) > 0 {
		return e.Fields
	}
	return []errs.FieldError{{Field: "search", Message: e.Message}}
}

// speakerSuggestions lists every name and alias of the first speakers,
// each labelled with the speaker's name, for the speaker field's list.
// The script refines the list from the API as the user types.
func (p *Pages) speakerSuggestions(ctx context.Context) ([]suggestion, error) {
	page, err := p.Store.ListSpeakers(ctx, store.SpeakerFilter{Page: store.Page{Limit: listLimit}})
	if err != nil {
		return nil, err
	}
	var out []suggestion
	seen := map[string]bool{}
	for _, s := range page.Speakers {
		names := []string{s.Name}
		for _, a := range s.Aliases {
			names = append(names, a.Name)
		}
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, suggestion{Value: n, Label: s.Name})
			}
		}
	}
	return out, nil
}

// outlets lists the distinct outlets of the first sources.
func (p *Pages) outlets(ctx context.Context) ([]string, error) {
	page, err := p.Store.ListSources(ctx, store.SourceFilter{Page: store.Page{Limit: listLimit}})
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range page.Sources {
		if s.Outlet != "" && !seen[s.Outlet] {
			seen[s.Outlet] = true
			out = append(out, s.Outlet)
		}
	}
	return out, nil
}

// quotePageView is what quote.html renders.
type quotePageView struct {
	Title  string
	Quote  quoteView
	Before string // source text just before the quote
	After  string // and just after it
	Source sourceView
}

// Quote renders one quote in its source's text, with what is known about
// it; the script adds the other reports of it when the API gives them.
func (p *Pages) Quote(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		p.fail(c, errs.NotFoundf("no quote has the id %q", c.Param("id")))
		return
	}
	q, err := p.Store.GetQuote(ctx, id)
	if err != nil {
		p.fail(c, err)
		return
	}
	src, _, err := p.Store.GetSource(ctx, q.SourceID)
	if err != nil {
		p.fail(c, err)
		return
	}
	v := quotePageView{Quote: toQuoteView(q, ""), Source: toSourceView(src)}
	v.Title = "“" + showHidden(truncate(q.Text, 60), false, hiddenText) + "”"
	v.Before, v.After = around([]rune(src.Text), q.Start, q.End, contextChars)
	p.render(c, http.StatusOK, p.quote, v)
}

// errorView is what error.html renders.
type errorView struct {
	Title     string
	Status    int
	Message   string
	RequestID string
}

// fail renders err as an error page: its message for a not-found or
// invalid request, nothing but the request id for anything else, which
// is logged.
func (p *Pages) fail(c *gin.Context, err error) {
	if errs.ClientGone(c.Request.Context()) {
		// Nobody reads the page: count it as the API does, as nginx's
		// 499 (client closed request), and log it below error.
		p.Log.InfoContext(c.Request.Context(), "client closed request", "path", c.Request.URL.Path, "err", err)
		c.Status(499)
		return
	}
	v := errorView{Status: http.StatusInternalServerError, Message: "Something went wrong on our side. Please try again; if it keeps happening, tell us the request id below.",
		RequestID: c.Writer.Header().Get("X-Request-ID")}
	switch e, ok := errs.As(err); {
	case ok && e.Kind == errs.NotFound:
		v.Status, v.Message = http.StatusNotFound, e.Message
	case ok && e.Kind == errs.Invalid:
		v.Status, v.Message = http.StatusBadRequest, e.Message
	default:
		p.Log.ErrorContext(c.Request.Context(), "page failed", "path", c.Request.URL.Path, "request_id", v.RequestID, "err", err)
	}
	v.Title = http.StatusText(v.Status)
	p.render(c, v.Status, p.failure, v)
}

// render executes t into a buffer first, so that a template error never
// sends half a page.
func (p *Pages) render(c *gin.Context, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		p.Log.ErrorContext(c.Request.Context(), "render page", "path", c.Request.URL.Path, "err", err)
		secure(c)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Internal error."))
		return
	}
	secure(c)
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
