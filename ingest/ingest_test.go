package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/extract"
)

func TestParseArticle(t *testing.T) {
	tests := []struct {
		name, raw           string
		wantErr             string
		title, outlet, text string
		hasDate, hasURL     bool
	}{
		{name: "plain text", raw: "Headline\n\nBody.", title: "Headline", text: "Headline\n\nBody."},
		{name: "leading blank lines", raw: "\n\n  Headline  \nBody", title: "Headline", text: "\n\n  Headline  \nBody"},
		{name: "front matter", raw: "---\noutlet: The Times\ndate: 2025-10-16\nurl: https://example.com/a\nauthor: A. B.\n---\nHeadline\nBody",
			title: "Headline", outlet: "The Times", text: "Headline\nBody", hasDate: true, hasURL: true},
		{name: "front matter title wins", raw: "---\ntitle: \"Given\"\n---\nFirst line\n", title: "Given", text: "First line\n"},
		{name: "RFC 3339 date", raw: "---\ndate: 2025-10-16T09:30:00Z\n---\nH\n", title: "H", text: "H\n", hasDate: true},
		{name: "bad date", raw: "---\ndate: yesterday\n---\nH\n", wantErr: "not a date"},
		{name: "unknown key", raw: "---\ncolour: red\n---\nH\n", wantErr: "unknown key"},
		{name: "unclosed front matter", raw: "---\noutlet: X\nH\n", wantErr: "never closed"},
		{name: "no text", raw: "---\noutlet: X\n---\n  \n", wantErr: "no article text"},
		{name: "not UTF-8", raw: "\xff\xfe", wantErr: "not UTF-8"},
		{name: "NUL", raw: "a\x00b", wantErr: "NUL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArticle(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tt.title || got.Outlet != tt.outlet || got.Text != tt.text {
				t.Errorf("got title %q outlet %q text %q", got.Title, got.Outlet, got.Text)
			}
			if (got.PublishedAt != nil) != tt.hasDate || (got.URL != nil) != tt.hasURL {
				t.Errorf("date %v url %v", got.PublishedAt, got.URL)
			}
		})
	}
}

// FuzzParseArticle: never panics; what it accepts is valid text whose body
// is a suffix of the input, verbatim.
func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{"H\nB", "---\ndate: 2025-01-01\n---\nH", "---\n---\n", "---\nx\n---\nH", "\ufeff---\ntitle: t\n---\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		in, err := ParseArticle(raw)
		if err != nil {
			return
		}
		if !utf8.ValidString(in.Text) || !strings.HasSuffix(raw, in.Text) || in.Title == "" {
			t.Fatalf("accepted %q as title %q text %q", raw, in.Title, in.Text)
		}
	})
}

// A name the article wrote with an invisible formatting character (here a
// bidi override) is stored without it, so the article is not refused for
// a name; the quotation keeps its speaker.
func TestNamesLoseHiddenCharacters(t *testing.T) {
	res := extract.Result{
		Quotes:   []extract.Quote{{Text: "We will win", Speaker: "Tom\u202eHale", SpeakerKind: "person", Kind: extract.KindDirect, Continues: -1}},
		Speakers: []extract.Speaker{{Name: "Tom\u202eHale", Kind: "person", Aliases: []string{"Mr\u200e Hale"}}},
	}
	sp := Speakers(res)
	if len(sp) != 1 || sp[0].Name != "Tom Hale" || sp[0].Aliases[0] != "Mr Hale" {
		t.Fatalf("speakers %+v", sp)
	}
	text := "x “We will win”"
	res.Quotes[0].Start = strings.Index(text, "We")
	res.Quotes[0].End = res.Quotes[0].Start + len("We will win")
	if qs := Quotes(text, res); len(qs) != 1 || qs[0].Speaker != "Tom Hale" {
		t.Fatalf("quotes %+v", qs)
	}
}
