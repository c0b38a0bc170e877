package store

import (
	"html"
	"strings"
)

// Snippet marks. Every path that makes a search snippet (FTS5's snippet(),
// PostgreSQL's ts_headline and fts5Highlight in Go) wraps each match in
// these two noncharacters, U+FDD0 and U+FDD1, which Unicode keeps for a
// program's internal use, rather than in "<mark>" and "</mark>", which an
// article may contain as text. snippetHTML turns them into the tags.
const (
	markOpen  = "\uFDD0"
	markClose = "\uFDD1"
)

// snippetHTML makes a snippet as a search path wrote it (with markOpen
// and markClose) from a quote's text into what QuoteHit.Snippet holds:
// HTML in which the text is escaped (&, <, >, " and ' as entities) and
// each match is in <mark>…</mark>, the only tags, balanced (a stray close
// is dropped, an open mark is closed at the end). It is the one place a
// snippet is escaped, so that every path escapes alike. When the quote's
// own text holds one of the noncharacters (which no article should), its
// marks cannot be told from the text's, so the snippet is the escaped
// text without any of them: no highlight, but nothing of the text's made
// into markup.
func snippetHTML(raw, text string) string {
	if strings.ContainsAny(text, markOpen+markClose) {
		return html.EscapeString(strings.NewReplacer(markOpen, "", markClose, "").Replace(raw))
	}
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	open := false
	for s := raw; s != ""; {
		i := strings.IndexAny(s, markOpen+markClose)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		switch {
		case strings.HasPrefix(s[i:], markOpen):
			if !open {
				b.WriteString("<mark>")
			}
			open = true
			s = s[i+len(markOpen):]
		default:
			if open {
				b.WriteString("</mark>")
			}
			open = false
			s = s[i+len(markClose):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
