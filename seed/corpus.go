// Package seed holds the service's seed corpus: five real news articles,
// kept byte-for-byte, each with a hand-reviewed annotation of every
// quotation in it. The annotations are the gold standard the quote
// extractor is scored against (span F1 and speaker accuracy), so they are
// written by reading the text, not by running an extractor.
//
// Every article is a pair of files in the embedded corpus directory:
// NAME.txt (the article exactly as received) and NAME.json (its
// annotation). Quote offsets are in Unicode code points, counted from the
// start of the decoded UTF-8 text, the way Python indexes a str.
package seed

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/models"
)

//go:embed corpus
var corpusFS embed.FS

// corpusDir is the directory inside corpusFS that holds the article pairs.
const corpusDir = "corpus"

// Allowed values of Quote.Kind: the models quote kinds, named here with
// what each means in the annotation.
const (
	// KindDirect is a quoted utterance that stands as its own clause or
	// sentence(s) attributed to a speaker, including continuation
	// paragraphs and stand-alone quoted paragraphs whose speaker is clear.
	KindDirect = models.KindDirect
	// KindPartial is a fragment woven into the writer's own sentence,
	// including scare quotes and quoted single words or phrases.
	KindPartial = models.KindPartial
	// KindEmbedded is a quote inside another quoted or reported document,
	// attributed to its original speaker.
	KindEmbedded = models.KindEmbedded
)

// Allowed values of Quote.Placement: the models placements.
const (
	// PlacementHeadline marks a quote in the article's first line.
	PlacementHeadline = models.PlacementHeadline
	// PlacementCaption marks a quote in a photo caption.
	PlacementCaption = models.PlacementCaption
	// PlacementBody marks a quote anywhere else.
	PlacementBody = models.PlacementBody
)

// Allowed values of Speaker.Kind: the models speaker kinds.
const (
	// SpeakerPerson is a named individual.
	SpeakerPerson = models.SpeakerPerson
	// SpeakerOrganization is a government, agency, company or other body.
	SpeakerOrganization = models.SpeakerOrganization
)

// Document is one seed article and its gold annotation. Empty strings in
// Title, Outlet, URL, Author, Published and PublishedNote mean the value is
// unknown (null in the JSON file).
type Document struct {
	// Name is the file base name without extension, e.g.
	// "003_8e1112d3ad63902f". It is not stored in the JSON file.
	Name string `json:"name,omitempty"`
	// Text is the article exactly as stored in NAME.txt. It is not stored
	// in the JSON file.
	Text string `json:"text,omitempty"`
	// Title is the headline as the first line shows it.
	Title string `json:"title"`
	// Outlet is the publisher, only when the text itself shows it.
	Outlet string `json:"outlet"`
	// URL is the article's own address, only when the text gives it.
	URL string `json:"url"`
	// Author is the byline, only when the text gives it.
	Author string `json:"author"`
	// Published is the publication date as YYYY-MM-DD, only when the text
	// shows it.
	Published string `json:"published"`
	// PublishedNote says where the date and outlet came from, or why they
	// are unknown.
	PublishedNote string `json:"published_note"`
	// Speakers lists everyone a quote in the article is attributed to.
	Speakers []Speaker `json:"speakers"`
	// Quotes lists every quoted span in the article, in text order.
	Quotes []Quote `json:"quotes"`
}

// Speaker is a person or organisation that at least one quote in a
// Document is attributed to.
type Speaker struct {
	// Name is the canonical full name, e.g. "Ken McCallum".
	Name string `json:"name"`
	// Kind is SpeakerPerson or SpeakerOrganization.
	Kind string `json:"kind"`
	// Description is the speaker's role as the article gives it.
	Description string `json:"description"`
	// Aliases are every name form the article uses for the speaker,
	// including Name itself (pronouns excluded).
	Aliases []string `json:"aliases"`
}

// Quote is one contiguous quoted span: the text between the quote marks,
// never the marks themselves.
type Quote struct {
	// Text is the quoted content verbatim, equal to the code-point slice
	// [Start:End] of the article.
	Text string `json:"text"`
	// Start is the offset, in code points, of the first quoted character.
	Start int `json:"start"`
	// End is the offset, in code points, just past the last quoted
	// character.
	End int `json:"end"`
	// Speaker is the canonical name of who said it; empty for scare
	// quotes and words nobody is reported as saying.
	Speaker string `json:"speaker"`
	// Kind is KindDirect, KindPartial or KindEmbedded.
	Kind string `json:"kind"`
	// Placement is PlacementHeadline, PlacementCaption or PlacementBody.
	Placement string `json:"placement"`
	// Cue is the attribution cue as written ("said", "told reporters"),
	// empty if none.
	Cue string `json:"cue"`
	// Context is the whole sentence containing the quote, verbatim (the
	// paragraph for multi-sentence quotes).
	Context string `json:"context"`
	// SaidWhen is when the text says the words were said, as written,
	// if that differs from publication.
	SaidWhen string `json:"said_when"`
	// Setting is where the words were said or written, if given.
	Setting string `json:"setting"`
	// Continues is the index in Document.Quotes of the previous part of
	// the same quotation (the previous paragraph of a multi-paragraph
	// quote, or the part before the cue of a split quote), or nil.
	Continues *int `json:"continues"`
}

// Corpus reads every NAME.txt / NAME.json pair from the embedded corpus,
// in name order. A file without its partner is an error.
func Corpus() ([]Document, error) {
	entries, err := fs.ReadDir(corpusFS, corpusDir)
	if err != nil {
		return nil, fmt.Errorf("seed: read corpus dir: %w", err)
	}
	txt := map[string]bool{}
	ann := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		switch path.Ext(name) {
		case ".txt":
			txt[strings.TrimSuffix(name, ".txt")] = true
		case ".json":
			ann[strings.TrimSuffix(name, ".json")] = true
		}
	}
	var names []string
	for n := range txt {
		if !ann[n] {
			return nil, fmt.Errorf("seed: %s.txt has no %s.json", n, n)
		}
		names = append(names, n)
	}
	for n := range ann {
		if !txt[n] {
			return nil, fmt.Errorf("seed: %s.json has no %s.txt", n, n)
		}
	}
	sort.Strings(names)

	docs := make([]Document, 0, len(names))
	for _, n := range names {
		d, err := readDocument(n)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// readDocument loads one pair from the embedded corpus.
func readDocument(name string) (Document, error) {
	text, err := corpusFS.ReadFile(path.Join(corpusDir, name+".txt"))
	if err != nil {
		return Document{}, fmt.Errorf("seed: %w", err)
	}
	if !utf8.Valid(text) {
		return Document{}, fmt.Errorf("seed: %s.txt is not valid UTF-8", name)
	}
	raw, err := corpusFS.ReadFile(path.Join(corpusDir, name+".json"))
	if err != nil {
		return Document{}, fmt.Errorf("seed: %w", err)
	}
	var d Document
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Document{}, fmt.Errorf("seed: decode %s.json: %w", name, err)
	}
	if d.Name != "" || d.Text != "" {
		return Document{}, fmt.Errorf("seed: %s.json must not carry name or text", name)
	}
	d.Name = name
	d.Text = string(text)
	return d, nil
}

// RuneSlice returns the code points [start:end] of s, as Python's s[start:end]
// would for non-negative indices. ok is false when the range is not
// 0 <= start <= end <= the number of code points in s.
func RuneSlice(s string, start, end int) (sub string, ok bool) {
	if start < 0 || end < start {
		return "", false
	}
	i, bStart, bEnd := 0, -1, -1
	for b := range s {
		if i == start {
			bStart = b
		}
		if i == end {
			bEnd = b
			break
		}
		i++
	}
	if i == start && bStart < 0 {
		bStart = len(s)
	}
	if i == end && bEnd < 0 {
		bEnd = len(s)
	}
	if bStart < 0 || bEnd < 0 {
		return "", false
	}
	return s[bStart:bEnd], true
}

// Validate checks a Document's annotation against its text: every quote's
// Text equals the code-point slice of d.Text at [Start:End] with
// Start < End; kinds and placements are in the allowed sets; quotes are in
// text order and do not overlap; every non-empty speaker is listed in
// Speakers (whose aliases include the canonical name); Continues indexes
// point backwards to a quote by the same speaker; and each Context is a
// substring of the article that covers its quote's span.
func Validate(d Document) error {
	if d.Text == "" {
		return fmt.Errorf("%s: empty text", d.Name)
	}
	firstLine, _, _ := strings.Cut(d.Text, "\n")
	if d.Title != firstLine {
		return fmt.Errorf("%s: title %q is not the first line %q", d.Name, d.Title, firstLine)
	}
	if d.Published != "" {
		if _, err := time.Parse("2006-01-02", d.Published); err != nil {
			return fmt.Errorf("%s: published %q is not YYYY-MM-DD", d.Name, d.Published)
		}
	}
	speakers := map[string]bool{}
	for _, s := range d.Speakers {
		if s.Name == "" {
			return fmt.Errorf("%s: speaker with empty name", d.Name)
		}
		if speakers[s.Name] {
			return fmt.Errorf("%s: speaker %q listed twice", d.Name, s.Name)
		}
		speakers[s.Name] = true
		if s.Kind != SpeakerPerson && s.Kind != SpeakerOrganization {
			return fmt.Errorf("%s: speaker %q has kind %q", d.Name, s.Name, s.Kind)
		}
		if !contains(s.Aliases, s.Name) {
			return fmt.Errorf("%s: speaker %q aliases lack the canonical name", d.Name, s.Name)
		}
	}

	runes := []rune(d.Text)
	firstLineEnd := utf8.RuneCountInString(firstLine)
	used := map[string]bool{}
	prevEnd := -1
	for i, q := range d.Quotes {
		where := fmt.Sprintf("%s: quote %d (%q)", d.Name, i, q.Text)
		if q.Start >= q.End {
			return fmt.Errorf("%s: start %d not before end %d", where, q.Start, q.End)
		}
		got, ok := RuneSlice(d.Text, q.Start, q.End)
		if !ok {
			return fmt.Errorf("%s: [%d:%d] outside the text", where, q.Start, q.End)
		}
		if got != q.Text {
			return fmt.Errorf("%s: text at [%d:%d] is %q", where, q.Start, q.End, got)
		}
		if q.Start < prevEnd {
			return fmt.Errorf("%s: starts at %d, before the previous quote ends at %d", where, q.Start, prevEnd)
		}
		prevEnd = q.End
		switch q.Kind {
		case KindDirect, KindPartial, KindEmbedded:
		default:
			return fmt.Errorf("%s: kind %q", where, q.Kind)
		}
		switch q.Placement {
		case PlacementHeadline:
			if q.End > firstLineEnd {
				return fmt.Errorf("%s: placement headline but not in the first line", where)
			}
		case PlacementCaption, PlacementBody:
			if q.Start < firstLineEnd {
				return fmt.Errorf("%s: in the first line but placement %q", where, q.Placement)
			}
		default:
			return fmt.Errorf("%s: placement %q", where, q.Placement)
		}
		if q.Speaker != "" {
			if !speakers[q.Speaker] {
				return fmt.Errorf("%s: speaker %q not in speakers", where, q.Speaker)
			}
			used[q.Speaker] = true
		}
		if q.Continues != nil {
			c := *q.Continues
			if c < 0 || c >= i {
				return fmt.Errorf("%s: continues %d does not point backwards", where, c)
			}
			if d.Quotes[c].Speaker != q.Speaker {
				return fmt.Errorf("%s: continues quote %d by a different speaker", where, c)
			}
		}
		if !strings.Contains(q.Context, q.Text) {
			return fmt.Errorf("%s: context %q does not contain the quote", where, q.Context)
		}
		if !covers(runes, []rune(q.Context), q.Start, q.End) {
			return fmt.Errorf("%s: context %q does not occur around [%d:%d]", where, q.Context, q.Start, q.End)
		}
	}
	for _, s := range d.Speakers {
		if !used[s.Name] {
			return fmt.Errorf("%s: speaker %q has no quotes", d.Name, s.Name)
		}
	}
	return nil
}

// covers reports whether ctx occurs in text at some position that includes
// the code-point range [start:end].
func covers(text, ctx []rune, start, end int) bool {
	lo := end - len(ctx)
	if lo < 0 {
		lo = 0
	}
	for p := lo; p <= start && p+len(ctx) <= len(text); p++ {
		if string(text[p:p+len(ctx)]) == string(ctx) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
