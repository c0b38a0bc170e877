package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/store"
)

// ParseArticle reads an article file: plain text whose first non-empty
// line is the title, optionally preceded by front matter between two lines
// of "---" with "key: value" lines (title, outlet, date or published, url,
// author). The stored text is everything after the front matter, verbatim.
func ParseArticle(raw string) (store.SourceInput, error) {
	var in store.SourceInput
	if !utf8.ValidString(raw) {
		return in, fmt.Errorf("not UTF-8 text")
	}
	if strings.ContainsRune(raw, 0) {
		return in, fmt.Errorf("contains NUL bytes: not a text file")
	}
	text := raw
	if rest, ok := strings.CutPrefix(strings.TrimPrefix(raw, "\ufeff"), "---\n"); ok {
		head, body, found := strings.Cut(rest, "\n---\n")
		if !found {
			return in, fmt.Errorf("front matter opened with --- is never closed")
		}
		text = body
		for n, line := range strings.Split(head, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return in, fmt.Errorf("front matter line %d: want key: value", n+2)
			}
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "title":
				in.Title = v
			case "outlet", "publisher", "site":
				in.Outlet = v
			case "url", "link":
				u := v
				in.URL = &u
			case "author", "byline":
				in.Author = v
			case "date", "published", "published_at":
				t, err := parseDate(v)
				if err != nil {
					return in, fmt.Errorf("front matter %s: %w", k, err)
				}
				in.PublishedAt = &t
			default:
				return in, fmt.Errorf("front matter line %d: unknown key %q (title, outlet, url, author, date)", n+2, k)
			}
		}
	}
	in.Text = text
	if in.Title == "" {
		for _, line := range strings.Split(text, "\n") {
			if t := strings.TrimSpace(line); t != "" {
				in.Title = t
				break
			}
		}
	}
	if strings.TrimSpace(text) == "" {
		return in, fmt.Errorf("no article text")
	}
	if r := []rune(in.Title); len(r) > 1000 {
		in.Title = string(r[:1000])
	}
	return in, nil
}

// parseDate accepts a calendar date or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date like 2025-10-16 or 2025-10-16T09:30:00Z", s)
	}
	return t, nil
}
