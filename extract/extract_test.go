package extract

import (
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// want is one expected quotation of a pattern test.
type want struct {
	text, speaker string
	kind          Kind
	continues     int // index into the test's wants, -1 for none
	place         string
}

func findQuote(r Result, text string) int {
	for i, q := range r.Quotes {
		if q.Text == text {
			return i
		}
	}
	return -1
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		wants []want
		// notQuotes must not be reported as quotations.
		notQuotes []string
	}{
		{
			name:  "US straight quotes, cue after",
			in:    "Title line here\n\n\"We will win this fight,\" Senator Jane Miller said on Tuesday.\n",
			wants: []want{{"We will win this fight,", "Jane Miller", KindDirect, -1, "body"}},
		},
		{
			name:  "UK single curly quotes with apostrophes",
			in:    "Headline\n\nLabour’s Rachel Reeves said: ‘We didn’t take the CPS’ case lightly, and Jimmy Lai’s detention matters.’\n",
			wants: []want{{"We didn’t take the CPS’ case lightly, and Jimmy Lai’s detention matters.", "Rachel Reeves", KindDirect, -1, "body"}},
		},
		{
			name:  "inverted said X",
			in:    "Headline\n\n\"The numbers speak for themselves,\" said Mr. Tom Baker, the company's chief executive.\n",
			wants: []want{{"The numbers speak for themselves,", "Tom Baker", KindDirect, -1, "body"}},
		},
		{
			name: "split by its cue",
			in:   "Headline\n\n“First of all,” she said, “we need more nurses.”\n",
			wants: []want{
				{"First of all,", "", KindDirect, -1, "body"},
				{"we need more nurses.", "", KindDirect, 0, "body"},
			},
		},
		{
			name: "multi-paragraph continuation",
			in:   "Headline\n\nDr Anna Berg said: “The first part.\n\n“The second part.\n\n“The last part.”\n\nThe meeting ended.\n",
			wants: []want{
				{"The first part.", "Anna Berg", KindDirect, -1, "body"},
				{"The second part.", "Anna Berg", KindDirect, 0, "body"},
				{"The last part.", "Anna Berg", KindDirect, 1, "body"},
			},
		},
		{
			name: "apposition then role noun",
			in: "Headline\n\nMatt Collins, the deputy national security adviser, said the threat was real.\n\n" +
				"“China is a threat,” the deputy national security adviser said.\n",
			wants: []want{{"China is a threat,", "Matt Collins", KindDirect, -1, "body"}},
		},
		{
			name: "an age between commas is not the speaker's name, and the outlet told is not the speaker",
			in: "Headline\n\nIts chairwoman, Margaret Holt, 67, told the BBC: ‘We’ve been ignored.’\n\n" +
				"Tom Reed, aged 45, said: \"Fine.\"\n\nHolt, 67, told Sky News: \"Not over.\"\n",
			wants: []want{
				{"We’ve been ignored.", "Margaret Holt", KindDirect, -1, "body"},
				{"Fine.", "Tom Reed", KindDirect, -1, "body"},
				{"Not over.", "Margaret Holt", KindDirect, -1, "body"},
			},
		},
		{
			name: "an apposition naming the role of an organisation with its own article leaves the person the subject",
			in: "Headline\n\nMatt Collins, the head of the board, said: \"It is serious.\"\n\n" +
				"Andrea Jelinek, chair of the European Data Protection Board, said the infringement was \"very serious\".\n\n" +
				"Priya Shah, the chair of its audit committee, said it was \"not acceptable\".\n",
			wants: []want{
				{"It is serious.", "Matt Collins", KindDirect, -1, "body"},
				{"very serious", "Andrea Jelinek", KindPartial, -1, "body"},
				{"not acceptable", "Priya Shah", KindPartial, -1, "body"},
			},
		},
		{
			name: "they after two people coordinated as the subject is those people, not an organisation named before",
			in: "Headline\n\nThe Irish Data Protection Commission fined Meta on Monday. The Irish Data Protection Commission said the fine was fair.\n\n" +
				"In a blog post, Nick Clegg, Meta's president of global affairs, and Jennifer Newstead, its chief legal officer, said the company would appeal. \"This decision is flawed,\" they wrote.\n\n" +
				"Tom Baker and Sarah Lee said they would resign. \"We have no choice,\" they said.\n\n" +
				"The regulator said it would not comment. \"It is final,\" they said.\n",
			wants: []want{
				{"This decision is flawed,", "Nick Clegg", KindDirect, -1, "body"},
				{"We have no choice,", "Tom Baker", KindDirect, -1, "body"},
				{"It is final,", "Regulator", KindDirect, -1, "body"},
			},
		},
		{
			name: "pre-name title then role noun",
			in: "Headline\n\nDeputy national security adviser Matt Collins gave evidence.\n\n" +
				"“We act,” the national security adviser said.\n",
			wants: []want{{"We act,", "Matt Collins", KindDirect, -1, "body"}},
		},
		{
			name: "pronouns with two people",
			in:   "Headline\n\nJohn Smith met Mary Jones on Monday.\n\n“It went well,” she said.\n\n“I agree,” he said.\n",
			wants: []want{
				{"It went well,", "Mary Jones", KindDirect, -1, "body"},
				{"I agree,", "John Smith", KindDirect, -1, "body"},
			},
		},
		{
			name: "short forms link to the full name",
			in:   "Headline\n\nSir Ken McCallum spoke in London.\n\n“MI5 is busy,” Sir Ken said.\n\n“Very busy,” McCallum added.\n",
			wants: []want{
				{"MI5 is busy,", "Ken McCallum", KindDirect, -1, "body"},
				{"Very busy,", "Ken McCallum", KindDirect, -1, "body"},
			},
		},
		{
			name: "nickname and shared first names",
			in:   "Headline\n\nChris Cash and Christopher Berry were charged.\n\n“I am innocent,” Christopher Cash said.\n\n“So am I,” Mr Berry said.\n",
			wants: []want{
				{"I am innocent,", "Christopher Cash", KindDirect, -1, "body"},
				{"So am I,", "Christopher Berry", KindDirect, -1, "body"},
			},
		},
		{
			name: "organisation speakers",
			in: "Headline\n\nA Government spokesperson told the Telegraph: ‘We are clear on China.’\n\n" +
				"“The risk is high,” according to the Home Office.\n",
			wants: []want{
				{"We are clear on China.", "Government", KindDirect, -1, "body"},
				{"The risk is high,", "Home Office", KindDirect, -1, "body"},
			},
		},
		{
			name: "partial with speaker and pure scare quote",
			in:   "Headline\n\nSir Ken McCallum said China poses a threat “every day”.\n\nThe so-called “golden era” is over.\n",
			wants: []want{
				{"every day", "Ken McCallum", KindPartial, -1, "body"},
				{"golden era", "", KindPartial, -1, "body"},
			},
		},
		{
			name: "embedded message",
			in:   "Headline\n\nFormer researcher Christopher Cash was charged.\n\nMr Collins said Mr Cash was told “in detail”, with the researcher allegedly sending Mr Berry a message which read: “You’re in spy territory now.”\n",
			wants: []want{
				{"in detail", "Collins", KindPartial, -1, "body"},
				{"You’re in spy territory now.", "Christopher Cash", KindEmbedded, -1, "body"},
			},
		},
		{
			name: "hard-wrapped paragraphs: single newlines are soft wraps",
			in: "Flood barrier approved\n\nCouncillors voted on Tuesday to build a flood barrier along the\nriver, ending a dispute that has lasted for almost a whole decade.\n\n" +
				"\"This barrier will protect two thousand homes, and it is long\noverdue,\" said Councillor Priya Nair, who chairs the committee.\n\n" +
				"A shop owner, Tom\nHallett, said: \"We have waited far too long. Every winter we\nmoved our stock upstairs.\n\n\"Now we can plan.\"\n",
			wants: []want{
				{"This barrier will protect two thousand homes, and it is long\noverdue,", "Priya Nair", KindDirect, -1, "body"},
				{"We have waited far too long. Every winter we\nmoved our stock upstairs.", "Tom Hallett", KindDirect, -1, "body"},
				{"Now we can plan.", "Tom Hallett", KindDirect, 1, "body"},
			},
		},
		{
			name: "one line per paragraph stays as it is",
			in:   "Headline\n\"First,\" said Ann Lee.\nThe meeting went on.\n\"Second,\" said Bob Hart.\n",
			wants: []want{
				{"First,", "Ann Lee", KindDirect, -1, "body"},
				{"Second,", "Bob Hart", KindDirect, -1, "body"},
			},
		},
		{
			name: "a quoted name of a thing does not take the said clause's speaker",
			in: "Headline\n\nProf Terry Hughes spoke in Cairns.\n\n" +
				"The government said it would list China on the ‘enhanced tier’ category of the scheme.\n\n" +
				"Hughes told the conference that governments had a “narrow window” to act.\n",
			wants: []want{
				{"enhanced tier", "", KindPartial, -1, "body"},
				{"narrow window", "Terry Hughes", KindPartial, -1, "body"},
			},
		},
		{
			name: "a fragment going on with a person's statement takes that person",
			in: "Headline\n\nDeputy national security adviser Matt Collins said sensitive details were passed on.\n\n" +
				"These included Tom Tugendhat being “almost certain” to get a cabinet post.\n\n" +
				"The so-called “golden era” is over.\n",
			wants: []want{
				{"almost certain", "Matt Collins", KindPartial, -1, "body"},
				{"golden era", "", KindPartial, -1, "body"},
			},
		},
		{
			name: "no statement before: the fragment stays a scare quote",
			in: "Headline\n\nThe river rose overnight.\n\n" +
				"Residents of the “old town” were moved to higher ground.\n",
			wants: []want{{"old town", "", KindPartial, -1, "body"}},
		},
		{
			name: "nested quote reported on its own, outer kept",
			in:   "Headline\n\n\"He told me 'go home' and left,\" said Ann Lee.\n",
			wants: []want{
				{"He told me 'go home' and left,", "Ann Lee", KindDirect, -1, "body"},
				{"go home", "", KindEmbedded, -1, "body"},
			},
		},
		{
			name: "nested quote of the speaker's own words",
			in:   "Headline\n\n“I told them: ‘We will not move,’ and we did not,” said Ann Lee.\n",
			wants: []want{
				{"I told them: ‘We will not move,’ and we did not,", "Ann Lee", KindDirect, -1, "body"},
				{"We will not move,", "Ann Lee", KindEmbedded, -1, "body"},
			},
		},
		{
			name: "nested scare quote has no speaker",
			in:   "Headline\n\n“This so-called ‘golden era’ is over,” the minister, Ann Lee, said.\n",
			wants: []want{
				{"This so-called ‘golden era’ is over,", "Ann Lee", KindDirect, -1, "body"},
				{"golden era", "", KindPartial, -1, "body"},
			},
		},
		{
			name: "stray unbalanced marks do not swallow paragraphs",
			in:   "Headline\n\nThe 12\" pipe and the \"broken valve were found.\n\n“Fix it,” said Ann Lee.\n\nThe ‘odd mark stays here.\n\n“Done,” Ann Lee said.\n",
			wants: []want{
				{"Fix it,", "Ann Lee", KindDirect, -1, "body"},
				{"Done,", "Ann Lee", KindDirect, -1, "body"},
			},
		},
		{
			name:  "two apostrophes close a quote",
			in:    "Headline\n\nMr Collins said the services were \"highly capable'' against the UK.\n",
			wants: []want{{"highly capable", "Collins", KindPartial, -1, "body"}},
		},
		{
			name: "headline and repeated caption",
			in: "‘We will not back down’, says union boss\n\nRMT leader Mick Lynch said the offer was ‘an insult’ (Pictured: Mick Lynch)\n\n" +
				"RMT leader Mick Lynch said the offer was ‘an insult’ (Pictured: Mick Lynch)\n\nMick Lynch told the BBC: ‘No.’\n",
			wants: []want{
				{"We will not back down", "Mick Lynch", KindDirect, -1, "headline"},
				{"an insult", "Mick Lynch", KindPartial, -1, "caption"},
				{"No.", "Mick Lynch", KindDirect, -1, "body"},
			},
		},
		{
			name: "stand-alone paragraph belongs to the previous speaker",
			in:   "Headline\n\n“We are ready,” Dr Anna Berg said.\n\n“Nothing will stop us.”\n",
			wants: []want{
				{"We are ready,", "Anna Berg", KindDirect, -1, "body"},
				{"Nothing will stop us.", "Anna Berg", KindDirect, -1, "body"},
			},
		},
		{
			name: "organisation name across and, & and a list comma",
			in: "Headline\n\nA Department of Health and Social Care spokesperson said: \"We have accepted the recommendations.\"\n\n" +
				"A Procter & Gamble spokesman said: \"Sales rose.\"\n\nMarks and Spencer said: \"Stores stay open.\"\n\n" +
				"A Department for Environment, Food and Rural Affairs spokeswoman said: \"Farmers will be paid.\"\n",
			wants: []want{
				{"We have accepted the recommendations.", "Department of Health and Social Care", KindDirect, -1, "body"},
				{"Sales rose.", "Procter & Gamble", KindDirect, -1, "body"},
				{"Stores stay open.", "Marks and Spencer", KindDirect, -1, "body"},
				{"Farmers will be paid.", "Department for Environment, Food and Rural Affairs", KindDirect, -1, "body"},
			},
		},
		{
			name: "a cue word after a possessive or determiner is a noun",
			in: "Headline\n\nHealth Secretary Steve Barclay described the strike as \"regrettable\" and said the union's demands were \"unaffordable\".\n\n" +
				"Mr Jones dismissed the claims and said her comments were \"deeply unhelpful\".\n",
			wants: []want{
				{"regrettable", "Steve Barclay", KindPartial, -1, "body"},
				{"unaffordable", "Steve Barclay", KindPartial, -1, "body"},
				{"deeply unhelpful", "Jones", KindPartial, -1, "body"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(tt.in)
			idx := make([]int, len(tt.wants))
			for i, w := range tt.wants {
				j := findQuote(r, w.text)
				idx[i] = j
				if j < 0 {
					t.Errorf("quote %q not found; got %v", w.text, texts(r))
					continue
				}
				q := r.Quotes[j]
				if strings.ContainsAny(q.Speaker, "\n\t") {
					t.Errorf("%q: speaker %q spans lines", w.text, q.Speaker)
				}
				if !SameSpeaker(w.speaker, q.Speaker) && !(w.speaker != "" && strings.Contains(q.Speaker, w.speaker)) {
					t.Errorf("%q: speaker %q, want %q (mention %q, cue %q)", w.text, q.Speaker, w.speaker, q.Mention, q.Cue)
				}
				if q.Kind != w.kind {
					t.Errorf("%q: kind %s, want %s", w.text, q.Kind, w.kind)
				}
				if w.place != "" && q.Placement != w.place {
					t.Errorf("%q: placement %s, want %s", w.text, q.Placement, w.place)
				}
				wc := -1
				if w.continues >= 0 {
					wc = idx[w.continues]
				}
				if q.Continues != wc {
					t.Errorf("%q: continues %d, want %d", w.text, q.Continues, wc)
				}
			}
			for _, nq := range tt.notQuotes {
				if findQuote(r, nq) >= 0 {
					t.Errorf("%q reported as a quotation", nq)
				}
			}
			checkInvariants(t, tt.in, r)
		})
	}
}

func texts(r Result) []string {
	var out []string
	for _, q := range r.Quotes {
		out = append(out, q.Text)
	}
	return out
}

// checkInvariants holds for every input.
func checkInvariants(t *testing.T, in string, r Result) {
	t.Helper()
	for i, q := range r.Quotes {
		if q.Start < 0 || q.End < q.Start || q.End > len(in) {
			t.Fatalf("quote %d: offsets [%d,%d) out of range %d", i, q.Start, q.End, len(in))
		}
		if q.Text != in[q.Start:q.End] {
			t.Fatalf("quote %d: text %q is not input[%d:%d]", i, q.Text, q.Start, q.End)
		}
		if q.Continues >= i || q.Continues < -1 {
			t.Fatalf("quote %d: continues %d", i, q.Continues)
		}
		if q.ContextStart < 0 || q.ContextEnd > len(in) || q.ContextStart > q.Start || q.ContextEnd < q.End || in[q.ContextStart:q.ContextEnd] != q.Context {
			t.Fatalf("quote %d: context [%d,%d) does not hold [%d,%d)", i, q.ContextStart, q.ContextEnd, q.Start, q.End)
		}
		if q.Confidence < 0 || q.Confidence > 1 {
			t.Fatalf("quote %d: confidence %v", i, q.Confidence)
		}
		// Quotations come in text order and do not overlap, except that a
		// quotation nested in another follows it, inside it.
		if i > 0 && q.Start < r.Quotes[i-1].Start {
			t.Fatalf("quote %d starts before quote %d", i, i-1)
		}
		if i > 0 && q.Start < r.Quotes[i-1].End {
			inside := false
			for j := i - 1; j >= 0 && !inside; j-- {
				inside = r.Quotes[j].Start <= q.Start && q.End <= r.Quotes[j].End
			}
			if !inside {
				t.Fatalf("quote %d [%d,%d) overlaps quote %d [%d,%d) without nesting in it", i, q.Start, q.End, i-1, r.Quotes[i-1].Start, r.Quotes[i-1].End)
			}
		}
	}
}

func TestRuneOffsets(t *testing.T) {
	s := "a“é”b"
	bs := strings.Index(s, "é")
	st, en := RuneOffsets(s, bs, bs+len("é"))
	if st != 2 || en != 3 {
		t.Fatalf("RuneOffsets = %d,%d, want 2,3", st, en)
	}
	c := NewOffsetConverter(s)
	for b := 0; b <= len(s); b++ {
		if !utf8.RuneStart(s[min(b, len(s)-1)]) && b < len(s) {
			continue
		}
		r := c.ByteToRune(b)
		if c.RuneToByte(r) != b {
			t.Fatalf("round trip of byte %d gave %d", b, c.RuneToByte(r))
		}
		if r != utf8.RuneCountInString(s[:b]) {
			t.Fatalf("ByteToRune(%d) = %d", b, r)
		}
	}
	if st, en := RuneOffsets(s, -5, 100); st != 0 || en != 5 {
		t.Fatalf("clamping gave %d,%d", st, en)
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Ken McCallum", "Sir Ken McCallum", true},
		{"Christopher Cash", "Chris Cash", true},
		{"Christopher Cash", "Christopher Berry", false},
		{"UK Government", "Government", true},
		{"UK Government", "United Kingdom's government", true},
		{"Matt Collins", "Matt Western", false},
		{"", "", true},
		{"", "Ken McCallum", false},
		{"Home Office", "National Audit Office", false},
	}
	for _, tt := range tests {
		if got := SameSpeaker(tt.a, tt.b); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"“Hello,” he said.", "'a' \"b\" ‘c’ “d” ''e'' ``f''", "He said: “x\n\n“y\n\n“z”", "\xff\xfe“\x00”",
		"‘’‘’“”“”\"\"''", "Mr. Smith, the chief, said \"ok\"", "«Bonjour», a dit M. Dupont.", "„Hallo“",
		"The CPS’ case ‘was weak’ and Labour’s ‘plan’.", "\"\n\"\n\"", "“", "”Wrong way“ round”",
	} {
		f.Add(s)
	}
	if files, _ := filepath.Glob(filepath.Join("testdata", "gold", "*.txt")); len(files) > 0 {
		for _, fn := range files[:min(4, len(files))] {
			if b, err := os.ReadFile(fn); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Extract(s)
		checkInvariants(t, s, r)
	})
}

// adversarial returns about n bytes of hostile input in one paragraph:
// unbalanced quote marks of every kind mixed with words, or nested and
// alternating marks.
func adversarial(n int, nested bool) string {
	marks := []string{"\"", "'", "“", "”", "‘", "’", "''", "``", "«", "»", "„"}
	words := []string{"said", "Mr", "Smith", "he", "the", "head", "of", "MI5", "Sir", "Ken", ":", ",", "."}
	rng := rand.New(rand.NewSource(1))
	var b strings.Builder
	b.Grow(n + 16)
	for b.Len() < n {
		if nested {
			depth := 1 + rng.Intn(50)
			for i := 0; i < depth; i++ {
				b.WriteString([]string{"“", "‘", "\"", "'"}[i%4])
			}
			b.WriteString(words[rng.Intn(len(words))])
			for i := 0; i < depth; i++ {
				if rng.Intn(3) > 0 {
					b.WriteString([]string{"”", "’", "\"", "'"}[(depth-1-i)%4])
				}
			}
			b.WriteByte(' ')
			continue
		}
		b.WriteString(marks[rng.Intn(len(marks))])
		if rng.Intn(2) == 0 {
			b.WriteString(words[rng.Intn(len(words))])
		}
		if rng.Intn(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestAdversarial(t *testing.T) {
	for _, nested := range []bool{false, true} {
		in := adversarial(1<<20, nested)
		start := time.Now()
		r := Extract(in)
		el := time.Since(start)
		checkInvariants(t, in, r)
		t.Logf("adversarial nested=%v: %d bytes, %d quotes in %v", nested, len(in), len(r.Quotes), el)
	}
}

func BenchmarkAdversarial(b *testing.B) {
	for _, nested := range []bool{false, true} {
		in := adversarial(1<<20, nested)
		name := "unbalanced"
		if nested {
			name = "nested"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				start := time.Now()
				Extract(in)
				if el := time.Since(start); el > time.Second {
					b.Fatalf("1 MB adversarial input took %v, want under 1s", el)
				}
			}
		})
	}
}

var (
	corpusOnce sync.Once
	corpus     []string
	corpusSize int
)

// syntheticCorpus builds about 20 MB of articles from the gold passages
// and seed articles, deterministically: each copy swaps quote styles and
// names so the extractor cannot lean on repetition.
func syntheticCorpus(b *testing.B) ([]string, int) {
	corpusOnce.Do(func() {
		var base []string
		for _, dir := range []string{filepath.Join("testdata", "gold"), filepath.Join("..", "seed", "corpus")} {
			files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
			sort.Strings(files)
			for _, f := range files {
				if data, err := os.ReadFile(f); err == nil {
					base = append(base, string(data))
				}
			}
		}
		if len(base) == 0 {
			return
		}
		styles := []*strings.Replacer{
			strings.NewReplacer(),
			strings.NewReplacer("“", "\"", "”", "\""),
			strings.NewReplacer("“", "‘", "”", "’"),
			strings.NewReplacer("Ken", "Kenneth", "Matt", "Matthew", "Collins", "Collier"),
		}
		rng := rand.New(rand.NewSource(7))
		for corpusSize < 20<<20 {
			doc := styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
			// Articles of a few passages each.
			for k := rng.Intn(3); k > 0; k-- {
				doc += "\n" + styles[rng.Intn(len(styles))].Replace(base[rng.Intn(len(base))])
			}
			corpus = append(corpus, doc)
			corpusSize += len(doc)
		}
	})
	if len(corpus) == 0 {
		b.Skip("no passages")
	}
	return corpus, corpusSize
}

func BenchmarkExtract(b *testing.B) {
	docs, size := syntheticCorpus(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Extract(d)
		}
	}
}

func TestCaptionKeyCompare(t *testing.T) {
	lines := []string{"RMT leader Mick Lynch (Pictured: Mick Lynch)", "rmt  leader ‘Mick’ Lynch", "RMT leader Mick Lynch",
		"a\x00b", "a \x00b", "A — b", "a - b", "", "“”", "x (PA Wire)", "X", "Ünïcode  Straße", "ünïcode straße"}
	for _, a := range lines {
		if emptyKey(a) != (captionKey(a) == "") {
			t.Errorf("emptyKey(%q) = %v", a, emptyKey(a))
		}
		for _, b := range lines {
			if got, want := sameCaptionKey(a, b), captionKey(a) == captionKey(b); got != want {
				t.Errorf("sameCaptionKey(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// A speaker taken from the statement before, with no cue of the quotation's
// own, is reported with low confidence.
func TestFollowUpConfidence(t *testing.T) {
	r := Extract("Headline\n\nMatt Collins said sensitive details were passed on.\n\nThese included Tom Tugendhat being “almost certain” to get a cabinet post.\n")
	i := findQuote(r, "almost certain")
	if i < 0 {
		t.Fatalf("quote not found: %v", texts(r))
	}
	if q := r.Quotes[i]; q.Speaker != "Matt Collins" || q.Confidence >= 0.5 || q.Cue != "" {
		t.Fatalf("got speaker %q confidence %v cue %q; want Matt Collins below 0.5 with no cue", q.Speaker, q.Confidence, q.Cue)
	}
}
