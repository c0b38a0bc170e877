package seed

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedsDir is where the original articles live on the build machine.
const seedsDir = "/work/shared/seeds"

func loadCorpus(t *testing.T) []Document {
	t.Helper()
	docs, err := Corpus()
	if err != nil {
		t.Fatalf("Corpus: %v", err)
	}
	if len(docs) != 5 {
		t.Fatalf("Corpus returned %d documents, want 5", len(docs))
	}
	return docs
}

// doc returns the document whose name starts with prefix ("003").
func doc(t *testing.T, docs []Document, prefix string) Document {
	t.Helper()
	for _, d := range docs {
		if strings.HasPrefix(d.Name, prefix+"_") {
			return d
		}
	}
	t.Fatalf("no document %s_*", prefix)
	return Document{}
}

func quotesWhere(d Document, keep func(Quote) bool) []int {
	var idx []int
	for i, q := range d.Quotes {
		if keep(q) {
			idx = append(idx, i)
		}
	}
	return idx
}

func TestCorpusValidates(t *testing.T) {
	for _, d := range loadCorpus(t) {
		t.Run(d.Name, func(t *testing.T) {
			if err := Validate(d); err != nil {
				t.Fatal(err)
			}
			if len(d.Quotes) == 0 {
				t.Fatal("no quotes annotated")
			}
		})
	}
}

func TestCorpusMatchesSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s does not exist; skipping the byte-for-byte comparison", seedsDir)
	}
	orig, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := fs.Glob(corpusFS, corpusDir+"/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(orig) != len(embedded) {
		t.Fatalf("%d articles in %s, %d embedded", len(orig), seedsDir, len(embedded))
	}
	for _, p := range orig {
		base := filepath.Base(p)
		t.Run(base, func(t *testing.T) {
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := corpusFS.ReadFile(corpusDir + "/" + base)
			if err != nil {
				t.Fatalf("not embedded: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("embedded %s differs from %s", base, p)
			}
		})
	}
}

func TestRuneSlice(t *testing.T) {
	tests := []struct {
		s          string
		start, end int
		want       string
		ok         bool
	}{
		{"‘threat’", 1, 7, "threat", true},
		{"‘threat’", 0, 8, "‘threat’", true},
		{"‘threat’", 8, 8, "", true},
		{"abc", 1, 1, "", true},
		{"abc", 0, 4, "", false},
		{"abc", 2, 1, "", false},
		{"abc", -1, 1, "", false},
		{"", 0, 0, "", true},
	}
	for _, tt := range tests {
		got, ok := RuneSlice(tt.s, tt.start, tt.end)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RuneSlice(%q, %d, %d) = %q, %v; want %q, %v", tt.s, tt.start, tt.end, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidateCatchesErrors(t *testing.T) {
	base := func() Document {
		one := 0
		return Document{
			Name:     "x",
			Text:     "Head\nShe said: “First.\n“Second.”",
			Title:    "Head",
			Speakers: []Speaker{{Name: "Ann Lee", Kind: SpeakerPerson, Aliases: []string{"Ann Lee"}}},
			Quotes: []Quote{
				{Text: "First.", Start: 16, End: 22, Speaker: "Ann Lee", Kind: KindDirect, Placement: PlacementBody, Context: "She said: “First."},
				{Text: "Second.", Start: 24, End: 31, Speaker: "Ann Lee", Kind: KindDirect, Placement: PlacementBody, Context: "“Second.”", Continues: &one},
			},
		}
	}
	if err := Validate(base()); err != nil {
		t.Fatalf("valid document rejected: %v", err)
	}
	two := 2
	tests := []struct {
		name   string
		mutate func(*Document)
	}{
		{"offsets", func(d *Document) { d.Quotes[0].Start++ }},
		{"empty span", func(d *Document) { d.Quotes[0].End = d.Quotes[0].Start }},
		{"kind", func(d *Document) { d.Quotes[0].Kind = "indirect" }},
		{"placement", func(d *Document) { d.Quotes[0].Placement = "footer" }},
		{"unknown speaker", func(d *Document) { d.Quotes[0].Speaker = "Bob" }},
		{"forward continues", func(d *Document) { d.Quotes[1].Continues = &two }},
		{"context lacks quote", func(d *Document) { d.Quotes[0].Context = "She said:" }},
		{"context not in article", func(d *Document) { d.Quotes[0].Context = "He said: “First." }},
		{"headline placement in body", func(d *Document) { d.Quotes[0].Placement = PlacementHeadline }},
		{"title", func(d *Document) { d.Title = "Other" }},
		{"date", func(d *Document) { d.Published = "16 Oct 2025" }},
	}
	for _, tt := range tests {
		d := base()
		tt.mutate(&d)
		if err := Validate(d); err == nil {
			t.Errorf("%s: broken document accepted", tt.name)
		}
	}
}

// TestCorpusTraps pins down the cases a careless annotation (or extractor)
// gets wrong, so the gold standard cannot silently regress.
func TestCorpusTraps(t *testing.T) {
	docs := loadCorpus(t)
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"Ken McCallum is quoted in both 003 and 004", func(t *testing.T) {
			for _, p := range []string{"003", "004"} {
				d := doc(t, docs, p)
				n := len(quotesWhere(d, func(q Quote) bool { return q.Speaker == "Ken McCallum" }))
				if n == 0 {
					t.Errorf("%s: no quotes by Ken McCallum", p)
				}
			}
		}},
		{"every occurrence of a repeated caption is annotated", func(t *testing.T) {
			cases := []struct {
				prefix, caption, text string
				want                  int
			}{
				// Once with straight marks, once with curly.
				{"001", "During her short tenure, Liz Truss", "threat", 2},
				{"001", "The previous Tory government said they would list China", "enhanced tier", 2},
				{"004", "Ken McCallum said he was ‘frustrated’", "frustrated", 2},
			}
			for _, c := range cases {
				d := doc(t, docs, c.prefix)
				idx := quotesWhere(d, func(q Quote) bool {
					return q.Placement == PlacementCaption && q.Text == c.text && strings.HasPrefix(q.Context, c.caption)
				})
				if len(idx) != c.want {
					t.Errorf("%s: %d caption quotes %q in %q, want %d", c.prefix, len(idx), c.text, c.caption, c.want)
					continue
				}
				if d.Quotes[idx[0]].Start == d.Quotes[idx[1]].Start {
					t.Errorf("%s: both caption records point at the same offset", c.prefix)
				}
			}
		}},
		{"the message in a witness statement is Cash's, embedded", func(t *testing.T) {
			d := doc(t, docs, "003")
			idx := quotesWhere(d, func(q Quote) bool { return q.Text == "You’re in spy territory now." })
			if len(idx) != 1 {
				t.Fatalf("found %d records of the message, want 1", len(idx))
			}
			q := d.Quotes[idx[0]]
			if q.Speaker != "Christopher Cash" || q.Kind != KindEmbedded {
				t.Errorf("got speaker %q kind %q, want Christopher Cash embedded", q.Speaker, q.Kind)
			}
		}},
		{"the apostrophe in Labour’s opens no quote", func(t *testing.T) {
			d := doc(t, docs, "001")
			r := []rune(d.Text)
			at := strings.Index(d.Text, "Labour’s latest")
			if at < 0 {
				t.Fatal("Labour’s latest not found")
			}
			apos := len([]rune(d.Text[:at])) + len([]rune("Labour"))
			if r[apos] != '’' {
				t.Fatalf("offset %d is %q", apos, r[apos])
			}
			for _, q := range d.Quotes {
				if q.Start <= apos+1 && apos < q.End {
					t.Errorf("quote %q [%d:%d] spans the apostrophe at %d", q.Text, q.Start, q.End, apos)
				}
			}
			idx := quotesWhere(d, func(q Quote) bool { return q.Speaker == "Iain Duncan Smith" && q.Kind == KindPartial })
			if len(idx) != 1 || d.Quotes[idx[0]].Text != "a major U-turn" {
				t.Errorf("Sir Iain's partial quote is not exactly “a major U-turn”")
			}
		}},
		{"gov’t in the 002 headline is an apostrophe", func(t *testing.T) {
			d := doc(t, docs, "002")
			var got []string
			for _, q := range d.Quotes {
				if q.Placement == PlacementHeadline {
					got = append(got, q.Text)
				}
			}
			if strings.Join(got, "|") != "prolific|headhunt" {
				t.Errorf("headline quotes %q, want prolific and headhunt", got)
			}
		}},
		{"continuation paragraphs link back", func(t *testing.T) {
			cases := []struct {
				prefix, first, last string
				paragraphs          int
			}{
				{"001", "This Government will bring", "We will improve", 3},
				{"003", "Of course I am frustrated", "So it’s frustrating", 9},
				{"003", "MI5 will keep doing", "I am MI5 born and bred", 3},
				{"003", "When it comes to China", "When lines are crossed", 5},
				// The letter's quote runs on past two photo captions.
				{"004", "I can confirm", "Furthermore", 4},
				{"000", "As I said in my first statement", "Chinese espionage operations", 2},
			}
			for _, c := range cases {
				d := doc(t, docs, c.prefix)
				last := quotesWhere(d, func(q Quote) bool { return strings.HasPrefix(q.Text, c.last) })
				if len(last) != 1 {
					t.Errorf("%s: %d quotes start %q", c.prefix, len(last), c.last)
					continue
				}
				i, n := last[0], 1
				for d.Quotes[i].Continues != nil {
					next := *d.Quotes[i].Continues
					if d.Quotes[next].Speaker != d.Quotes[i].Speaker {
						t.Errorf("%s: quote %d continues %d by another speaker", c.prefix, i, next)
					}
					i = next
					n++
				}
				if n != c.paragraphs || !strings.HasPrefix(d.Quotes[i].Text, c.first) {
					t.Errorf("%s: chain from %q has %d links ending at %q; want %d ending at %q",
						c.prefix, c.last, n, d.Quotes[i].Text, c.paragraphs, c.first)
				}
			}
		}},
		{"a quote split by its cue links back", func(t *testing.T) {
			d := doc(t, docs, "002")
			idx := quotesWhere(d, func(q Quote) bool { return strings.HasPrefix(q.Text, "Decision-makers") })
			if len(idx) != 1 || d.Quotes[idx[0]].Continues == nil ||
				!strings.HasPrefix(d.Quotes[*d.Quotes[idx[0]].Continues].Text, "In terms of espionage") {
				t.Errorf("second half of the split report quote does not continue the first")
			}
		}},
		{"odd closers and doubled words stay verbatim", func(t *testing.T) {
			want := map[string]string{
				"000": "highly capable and conduct large scale espionage operations",
				"004": "will not stand for anyone being unfairly blamed",
			}
			for p, text := range want {
				d := doc(t, docs, p)
				if len(quotesWhere(d, func(q Quote) bool { return q.Text == text })) != 1 {
					t.Errorf("%s: no single quote %q", p, text)
				}
			}
			d := doc(t, docs, "003")
			if len(quotesWhere(d, func(q Quote) bool { return strings.Contains(q.Context, "inner wokring") })) != 0 {
				t.Errorf("003: the wokring sentence has no quote marks but a quote claims it")
			}
		}},
		{"metadata comes only from the text", func(t *testing.T) {
			for _, d := range docs {
				if d.URL != "" && strings.Contains(d.URL, ".jpg") {
					t.Errorf("%s: an image URL is not the article's URL", d.Name)
				}
			}
			if got := doc(t, docs, "001").Outlet; got != "Daily Mail" {
				t.Errorf("001 outlet %q, want Daily Mail", got)
			}
		}},
		{"aliases cover the forms used for each speaker", func(t *testing.T) {
			want := map[string]map[string][]string{
				"001": {"Iain Duncan Smith": {"Sir Iain Duncan Smith"}},
				"003": {"Ken McCallum": {"Sir Ken", "the head of MI5", "the Director General of MI5"},
					"Christopher Cash": {"Mr Cash"}},
				"004": {"Ken McCallum": {"MI5 chief", "Sir Ken"},
					"Keir Starmer": {"Sir Keir Starmer", "the prime minister"}},
			}
			for p, bySpeaker := range want {
				d := doc(t, docs, p)
				for name, forms := range bySpeaker {
					var sp *Speaker
					for i := range d.Speakers {
						if d.Speakers[i].Name == name {
							sp = &d.Speakers[i]
						}
					}
					if sp == nil {
						t.Errorf("%s: %s not in speakers", p, name)
						continue
					}
					for _, f := range forms {
						if !contains(sp.Aliases, f) {
							t.Errorf("%s: %s aliases lack %q", p, name, f)
						}
					}
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}
