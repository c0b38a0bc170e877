package store

import (
	"strings"
	"testing"
)

// TestSnippetHTML checks the one escaper of snippets: the text is
// escaped, the marks become the only tags, and they balance.
func TestSnippetHTML(t *testing.T) {
	t.Parallel()
	o, c := markOpen, markClose
	for _, tc := range []struct{ name, raw, want string }{
		{"plain", "a threat to us", "a threat to us"},
		{"marks", "a " + o + "threat" + c + " to " + o + "us" + c, "a <mark>threat</mark> to <mark>us</mark>"},
		{"text escaped", `<b>"x" & 'y'</b> ` + o + "z" + c, "&lt;b&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/b&gt; <mark>z</mark>"},
		{"script", o + "<script>alert(1)</script>" + c, "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>"},
		{"the text's own mark tags are text", "<mark>not a mark</mark> " + o + "mark" + c, "&lt;mark&gt;not a mark&lt;/mark&gt; <mark>mark</mark>"},
		{"entity stays text", "&lt;b&gt; " + o + "x" + c, "&amp;lt;b&amp;gt; <mark>x</mark>"},
		{"unclosed mark closed", o + "threat", "<mark>threat</mark>"},
		{"stray close dropped", "threat" + c + " here", "threat here"},
		{"nested open ignored", o + "a" + o + "b" + c + "c", "<mark>ab</mark>c"},
		{"ellipsis", "…the " + o + "zebra" + c + " ran…", "…the <mark>zebra</mark> ran…"},
		{"unicode", "«" + o + "menace" + c + "» — ok", "«<mark>menace</mark>» — ok"},
		{"empty", "", ""},
	} {
		if got := snippetHTML(tc.raw, "the quote"); got != tc.want {
			t.Errorf("%s: snippetHTML(%q) = %q, want %q", tc.name, tc.raw, got, tc.want)
		}
	}
}

// FuzzSnippetHTML checks that no text makes snippetHTML give markup other
// than balanced <mark> and </mark>.
func FuzzSnippetHTML(f *testing.F) {
	for _, s := range []string{"a " + markOpen + "b" + markClose, "<script>", markClose + markOpen, "<" + markOpen + ">", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := snippetHTML(raw, "")
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got)
		if strings.ContainsAny(rest, `<>"'`) {
			t.Errorf("snippetHTML(%q) = %q has markup besides the marks", raw, got)
		}
		if strings.Count(got, "<mark>") != strings.Count(got, "</mark>") {
			t.Errorf("snippetHTML(%q) = %q: unbalanced marks", raw, got)
		}
	})
}

// TestSnippetHTMLOfTextWithMarks: when the quote itself holds the
// noncharacters the marks are made of, they cannot be told apart, so
// the snippet is the escaped text with neither and no highlight.
func TestSnippetHTMLOfTextWithMarks(t *testing.T) {
	t.Parallel()
	text := "a " + markOpen + "<b>" + markClose + " zebra"
	raw := "a " + markOpen + "<b>" + markClose + " " + markOpen + "zebra" + markClose
	if got, want := snippetHTML(raw, text), "a &lt;b&gt; zebra"; got != want {
		t.Errorf("snippetHTML = %q, want %q", got, want)
	}
}
