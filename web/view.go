package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/models"
)

// quoteView is a quote as the pages show it.
type quoteView struct {
	ID        int64
	Text      string
	Snippet   template.HTML // the search snippet, escaped, with its <mark>s; "" when not searched
	Speaker   *speakerView
	Source    *sourceView
	Context   string
	Kind      string
	Placement string
	Status    string
	Cue       string
	SaidWhen  string
	SaidOn    string
	Setting   string
	Reported  time.Time
}

// speakerView is a quote's speaker.
type speakerView struct {
	Name    string
	Slug    string
	Aliases []string
}

// sourceView is a source as the pages show it.
type sourceView struct {
	ID        int64
	Title     string
	Outlet    string
	Author    string
	URL       string
	Published *time.Time
}

// URL returns the quote's page.
func (q quoteView) URL() string { return "/quotes/" + strconv.FormatInt(q.ID, 10) }

// APIURL returns the quote's JSON in the API.
func (q quoteView) APIURL() string { return "/api/v1/quotes/" + strconv.FormatInt(q.ID, 10) }

// APIURL returns the source's JSON in the API.
func (s sourceView) APIURL() string { return "/api/v1/sources/" + strconv.FormatInt(s.ID, 10) }

// toQuoteView converts a stored quote and its search snippet.
func toQuoteView(q models.Quote, snippet string) quoteView {
	v := quoteView{
		ID: q.ID, Text: q.Text, Context: q.Context, Kind: q.Kind, Placement: q.Placement,
		Status: q.Status, Cue: q.Cue, SaidWhen: q.SaidWhen, Setting: q.Setting, Reported: q.ReportedAt,
	}
	if snippet != "" {
		// The store's snippets are HTML already: the text escaped, only
		// its <mark>s raw (store.QuoteHit.Snippet). Escaping them again
		// would show "&amp;lt;" for a "<" in the quote.
		v.Snippet = template.HTML(showHidden(snippet, false, hiddenSpan)) //nolint:gosec // escaped by the store's snippetHTML
	}
	if q.SaidOn != nil {
		v.SaidOn = *q.SaidOn
	}
	if s := q.Speaker; s != nil {
		v.Speaker = &speakerView{Name: s.Name, Slug: s.Slug}
		for _, a := range s.Aliases {
			if a.Name != s.Name {
				v.Speaker.Aliases = append(v.Speaker.Aliases, a.Name)
			}
		}
	}
	if q.Source != nil {
		s := toSourceView(*q.Source)
		v.Source = &s
	}
	return v
}

// toSourceView converts a stored source.
func toSourceView(s models.Source) sourceView {
	v := sourceView{ID: s.ID, Title: s.Title, Outlet: s.Outlet, Author: s.Author, Published: s.PublishedAt}
	if s.URL != nil {
		v.URL = *s.URL
	}
	return v
}

// visible escapes text (a quote's, or its source's around it) for HTML
// and shows each character that models.Hidden names, tab and newline
// aside, as its code point in a marked span: quote text is stored
// verbatim, and a bidi override or isolate in it would otherwise reorder
// what the reader sees, unseen.
func visible(text string) template.HTML {
	return template.HTML(showHidden(text, true, hiddenSpan)) //nolint:gosec // escaped by showHidden
}

// hiddenSpan shows a hidden character in HTML; hiddenText where markup
// cannot go (the page's title).
const (
	hiddenSpan = `<span class="hidden-char" title="an invisible character">U+%04X</span>`
	hiddenText = "[U+%04X]"
)

// showHidden writes s with each character models.Hidden names, tab and
// newline aside, as format makes of its code point. With escape, s is
// text and the rest of it is escaped for HTML; without, it is HTML that
// is escaped already (a snippet: a hidden character is never its markup)
// or text that goes where the template escapes it.
func showHidden(s string, escape bool, format string) string {
	var b strings.Builder
	last := 0
	for i, r := range s {
		if r == '\t' || r == '\n' || !models.Hidden(r) {
			continue
		}
		writeText(&b, s[last:i], escape)
		fmt.Fprintf(&b, format, r)
		last = i + utf8.RuneLen(r)
	}
	writeText(&b, s[last:], escape)
	return b.String()
}

func writeText(b *strings.Builder, s string, escape bool) {
	if escape {
		template.HTMLEscape(b, []byte(s))
		return
	}
	b.WriteString(s)
}

// around returns up to n characters of text before start and after end,
// cut at a word boundary and with an ellipsis where the text goes on.
// Offsets count characters (code points), as quotes' do; bad offsets
// give no context rather than a panic.
func around(text []rune, start, end, n int) (before, after string) {
	if start < 0 || end < start || end > len(text) {
		return "", ""
	}
	from := max(0, start-n)
	to := min(len(text), end+n)
	before, after = string(text[from:start]), string(text[end:to])
	if from > 0 {
		if i := strings.IndexAny(before, " \n"); i >= 0 {
			before = before[i+1:]
		}
		before = "…" + before
	}
	if to < len(text) {
		if i := strings.LastIndexAny(after, " \n"); i >= 0 {
			after = after[:i]
		}
		after += "…"
	}
	return before, after
}

// truncate shortens s to at most n characters, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"date": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"iso":     func(t time.Time) string { return t.Format(time.DateOnly) },
	"visible": visible,
	"join":    strings.Join,
}
