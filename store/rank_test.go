package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// tokenDB is an FTS5 table tokenized as quotes_fts is (0001_init.sql),
// whose %_docsize says how many tokens FTS5 counted in each row.
type tokenDB struct {
	db  *sql.DB
	ins *sql.Stmt
	sz  *sql.Stmt
}

func openTokenDB(t testing.TB) *tokenDB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "tok.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	// A scratch database: nothing to keep if the machine stops.
	if _, err := db.Exec("PRAGMA synchronous = OFF"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE VIRTUAL TABLE tok USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		t.Fatal(err)
	}
	ins, err := db.Prepare("INSERT INTO tok (rowid, x) VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	sz, err := db.Prepare("SELECT sz FROM tok_docsize WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	return &tokenDB{db: db, ins: ins, sz: sz}
}

// count stores s as row id and returns FTS5's token count of it.
func (d *tokenDB) count(t testing.TB, id int64, s string) int {
	t.Helper()
	if _, err := d.ins.Exec(id, s); err != nil {
		t.Fatal(err)
	}
	var sz []byte
	if err := d.sz.QueryRow(id).Scan(&sz); err != nil {
		t.Fatal(err)
	}
	n, k := sqliteVarint(sz)
	if k == 0 {
		t.Fatalf("docsize %x", sz)
	}
	return int(n)
}

var tokenCases = []string{
	"",
	"Hello, world.",
	"  leading and trailing  ",
	"we'll clean up every river by 2030",
	"well-known rock’n’roll",
	"Café CAFÉ cafe\u0301 naïve Ångström",
	"e\u0301\u0301 \u0301alone x\u0345y",
	"re\u0301sume\u0301s a\u0300b\u0308c\u0330d\u0331e",
	"東京で会いましょう 東京",
	"Привет, мир",
	"مرحبا بالعالم",
	"emoji 😀 in 🇬🇧 text",
	"x² ½ ¹ º ª µ",
	"tab\tnew\nline\u00a0nbsp\u2003em",
	"snake_case and dot.separated and a+b=c",
	"<mark>not a mark</mark>",
	"\u0378unassigned\u0378",
	"zero\u200bwidth\u200djoiner",
	"1,000,000 and 3.14",
}

// TestFTS5TokenCount checks fts5TokenCount against FTS5's own count.
func TestFTS5TokenCount(t *testing.T) {
	d := openTokenDB(t)
	for i, s := range tokenCases {
		if got, want := fts5TokenCount(s), d.count(t, int64(i+1), s); got != want {
			t.Errorf("fts5TokenCount(%q) = %d, FTS5 counts %d", s, got, want)
		}
	}
}

// FuzzFTS5TokenCount checks fts5TokenCount against FTS5 on any valid
// UTF-8 text (rankedInGo leaves other text to FTS5).
func FuzzFTS5TokenCount(f *testing.F) {
	for _, s := range tokenCases {
		f.Add(s)
	}
	d := openTokenDB(f)
	var id int64
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Skip()
		}
		id++
		if got, want := fts5TokenCount(s), d.count(t, id, s); got != want {
			t.Errorf("fts5TokenCount(%q) = %d, FTS5 counts %d", s, got, want)
		}
	})
}

// allCodePointsRun records the tests over every code point that have
// run: they compare Go with SQLite whatever the backend under test, so
// the PostgreSQL pass of the same binary need not repeat them.
var allCodePointsRun sync.Map

func onceAllCodePoints(t *testing.T, name string) {
	if _, done := allCodePointsRun.LoadOrStore(name, true); done {
		t.Skip("checked in this binary's first pass")
	}
}

// TestFTS5TokenChars checks fts5TokenChars against this build's SQLite
// for every code point, each alone between spaces (counted in chunks);
// WHOSAID_UPDATE_FTS5_CHARS=1 writes the table afresh from SQLite.
func TestFTS5TokenChars(t *testing.T) {
	onceAllCodePoints(t, "TestFTS5TokenChars")
	t.Parallel()
	d := openTokenDB(t)
	if os.Getenv("WHOSAID_UPDATE_FTS5_CHARS") == "1" {
		writeFTS5TokenChars(t, d)
		return
	}
	const chunk = 2048
	id := int64(0)
	for lo := rune(0x80); lo <= utf8.MaxRune; lo += chunk {
		var b strings.Builder
		for r := lo; r < lo+chunk && r <= utf8.MaxRune; r++ {
			if utf8.ValidRune(r) {
				b.WriteRune(r)
				b.WriteByte(' ')
			}
		}
		id++
		if got, want := fts5TokenCount(b.String()), d.count(t, id, b.String()); got != want {
			t.Errorf("code points U+%04X–U+%04X: %d token characters, FTS5 finds %d (regenerate with WHOSAID_UPDATE_FTS5_CHARS=1)", lo, lo+chunk-1, got, want)
		}
	}
}

// TestFTS5Fold checks fts5Fold against the terms FTS5 indexes for every
// token character and diacritic (each after an "a", many to a row).
func TestFTS5Fold(t *testing.T) {
	onceAllCodePoints(t, "TestFTS5Fold")
	t.Parallel()
	d := openTokenDB(t)
	if _, err := d.db.Exec(`CREATE VIRTUAL TABLE tokv USING fts5vocab (tok, 'instance')`); err != nil {
		t.Fatal(err)
	}
	want := map[int64][]string{}
	var chunk []string
	id := int64(0)
	flush := func() {
		id++
		d.count(t, id, strings.Join(chunk, " "))
		for _, tok := range chunk {
			want[id] = append(want[id], string(fts5Fold(nil, tok)))
		}
		chunk = chunk[:0]
	}
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if utf8.ValidRune(r) && (fts5Alnum(r) || fts5Diacritic(r)) {
			chunk = append(chunk, "a"+string(r))
			if len(chunk) == 4096 {
				flush()
			}
		}
	}
	flush()
	rows, err := d.db.Query("SELECT doc, term FROM tokv ORDER BY doc, offset")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64][]string{}
	for rows.Next() {
		var doc int64
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			t.Fatal(err)
		}
		got[doc] = append(got[doc], term)
	}
	for doc, terms := range want {
		if len(got[doc]) != len(terms) {
			t.Fatalf("row %d: FTS5 indexes %d tokens, Go folds %d", doc, len(got[doc]), len(terms))
		}
		for i := range terms {
			if got[doc][i] != terms[i] {
				t.Errorf("row %d token %d: fts5Fold gives %q, FTS5 indexes %q (regenerate with WHOSAID_UPDATE_FTS5_CHARS=1)", doc, i, terms[i], got[doc][i])
			}
		}
	}
}

// highlightCases are texts and words for TestFTS5Highlight and the seeds
// of its fuzz test.
var highlightCases = []struct{ text, word string }{
	{"The zebra crossed.", "zebra"},
	{"ZEBRA zebra Zebra zebras", "zebra"},
	{"ZEBRA zebra Zebra zebras", "zeb*"},
	{"Café cafe CAFÉ cafe\u0301s café", "cafe"},
	{"Café cafe CAFÉ", "CAFÉ"},
	{"naïve NAÏVE naive", "naïve"},
	{"東京で 東京", "東京"},
	{"µ and μ and Μ", "μ"},
	{"Straße strasse STRASSE", "straße"},
	{"İstanbul istanbul", "istanbul"},
	{"<mark>zebra</mark>", "mark"},
	{"re\u0301sume\u0301 resume", "resume"},
	{"no match here", "zebra"},
	{"2030 and 2030", "2030"},
	{"ǅemal ǆ Ǆ", "ǆ"},
}

// TestFTS5Highlight checks fts5Highlight against FTS5's highlight().
func TestFTS5Highlight(t *testing.T) {
	d := openTokenDB(t)
	for i, c := range highlightCases {
		checkHighlight(t, d, int64(i+1), c.text, c.word)
	}
}

// FuzzFTS5Highlight checks fts5Highlight against FTS5's highlight() on
// any valid UTF-8 text and any one-token word.
func FuzzFTS5Highlight(f *testing.F) {
	for _, c := range highlightCases {
		f.Add(c.text, c.word)
	}
	d := openTokenDB(f)
	var id int64
	f.Fuzz(func(t *testing.T, text, word string) {
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			t.Skip()
		}
		id++
		checkHighlight(t, d, id, text, word)
	})
}

// checkHighlight stores text as row id and compares fts5Highlight of the
// search word (when it is one token) with FTS5's highlight(), hits with
// whether FTS5 matches, and the token count with FTS5's.
func checkHighlight(t *testing.T, d *tokenDB, id int64, text, word string) {
	t.Helper()
	n := d.count(t, id, text)
	terms := searchTerms(word)
	if len(terms) != 1 || !utf8.ValidString(terms[0].word) {
		return
	}
	var term []byte
	tokens := 0
	fts5Tokens(terms[0].word, func(start, end int) {
		tokens++
		term = fts5Fold(nil, terms[0].word[start:end])
	})
	if tokens != 1 || len(term) == 0 {
		return
	}
	got, hits, docLen := fts5Highlight(text, term, terms[0].prefix)
	if docLen != n {
		t.Errorf("%q: %d tokens, FTS5 counts %d", text, docLen, n)
	}
	var want string
	err := d.db.QueryRow("SELECT highlight(tok, 0, ?, ?) FROM tok WHERE tok MATCH ? AND rowid = ?", markOpen, markClose, ftsExpr(terms), id).Scan(&want)
	switch {
	case err == sql.ErrNoRows:
		if hits != 0 {
			t.Errorf("%q in %q: %d hits, FTS5 finds none", word, text, hits)
		}
	case err != nil:
		t.Fatal(err)
	case hits == 0 || got != want:
		t.Errorf("%q in %q: highlight %q (%d hits), FTS5's %q", word, text, got, hits, want)
	}
}

// writeFTS5TokenChars writes rank_unicode61.go from what FTS5 makes of
// each code point above ASCII.
func writeFTS5TokenChars(t *testing.T, d *tokenDB) {
	// In one transaction: a million rows.
	tx, err := d.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	in := &tokenDB{db: d.db, ins: tx.Stmt(d.ins), sz: tx.Stmt(d.sz)}
	isTok := func(r rune) bool { return utf8.ValidRune(r) && in.count(t, int64(r), " "+string(r)+" ") == 1 }
	type span struct{ lo, hi rune }
	var spans []span
	isTokChar := map[rune]bool{}
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if !isTok(r) {
			continue
		}
		isTokChar[r] = true
		if n := len(spans); n > 0 && spans[n-1].hi == r-1 {
			spans[n-1].hi = r
		} else {
			spans = append(spans, span{r, r})
		}
	}
	// Each token character (and diacritic) after an "a", as the
	// instance vocabulary lists the token: "a" and the folded character.
	if _, err := tx.Exec(`CREATE VIRTUAL TABLE tokv USING fts5vocab (tok, 'instance')`); err != nil {
		t.Fatal(err)
	}
	const foldBase = 0x200000
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if isTokChar[r] || fts5Diacritic(r) {
			if _, err := in.ins.Exec(int64(foldBase+r), "a"+string(r)); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := tx.Query("SELECT doc, term FROM tokv WHERE doc > ? ORDER BY doc", foldBase)
	if err != nil {
		t.Fatal(err)
	}
	type fold struct{ from, to rune }
	var folds []fold
	for rows.Next() {
		var doc int64
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			t.Fatal(err)
		}
		r := rune(doc - foldBase)
		f, ok := strings.CutPrefix(term, "a")
		if !ok || utf8.RuneCountInString(f) > 1 {
			t.Fatalf("U+%04X after a: token %q", r, term)
		}
		to := rune(0)
		if f != "" {
			to, _ = utf8.DecodeRuneInString(f)
		}
		if to != r {
			folds = append(folds, fold{r, to})
		}
	}
	rows.Close()

	var b strings.Builder
	b.WriteString(`// Code generated by TestFTS5TokenChars with WHOSAID_UPDATE_FTS5_CHARS=1; DO NOT EDIT.

package store

import "unicode"

// fts5TokenChars are the characters above ASCII that FTS5's unicode61
// tokenizer (this build's SQLite, as the migrations configure it) takes as
// token characters, read from SQLite itself: its tables are older than Go's
// (and count unassigned code points as letters), so Go's unicode.IsLetter
// would split some texts differently.
var fts5TokenChars = &unicode.RangeTable{
	R16: []unicode.Range16{
`)
	latin := 0
	for _, s := range spans {
		if s.lo <= 0xffff {
			fmt.Fprintf(&b, "\t\t{Lo: 0x%04x, Hi: 0x%04x, Stride: 1},\n", s.lo, min(s.hi, 0xffff))
			if s.hi <= 0xff {
				latin++
			}
		}
	}
	b.WriteString("\t},\n\tR32: []unicode.Range32{\n")
	for _, s := range spans {
		if s.hi > 0xffff {
			fmt.Fprintf(&b, "\t\t{Lo: 0x%x, Hi: 0x%x, Stride: 1},\n", max(s.lo, 0x10000), s.hi)
		}
	}
	fmt.Fprintf(&b, "\t},\n\tLatinOffset: %d,\n}\n", latin)
	b.WriteString(`
// fts5Folds are the token characters above ASCII that FTS5's unicode61
// tokenizer (remove_diacritics 2) indexes as another, in order: lower
// case without diacritics; to 0 drops a combining diacritic.
var fts5Folds = []struct{ from, to rune }{
`)
	for _, f := range folds {
		fmt.Fprintf(&b, "\t{0x%04x, 0x%04x},\n", f.from, f.to)
	}
	b.WriteString("}\n")
	if err := os.WriteFile("rank_unicode61.go", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSQLiteVarint decodes varints of one to nine bytes.
func TestSQLiteVarint(t *testing.T) {
	for _, c := range []struct {
		b    []byte
		want uint64
		n    int
	}{
		{[]byte{0x00}, 0, 1},
		{[]byte{0x7f, 0xff}, 127, 1},
		{[]byte{0x81, 0x00}, 128, 2},
		{[]byte{0x83, 0x74, 0x88}, 500, 2},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, math.MaxUint64, 9},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 1, 9},
		{[]byte{0x81}, 0, 0},
		{nil, 0, 0},
	} {
		if v, n := sqliteVarint(c.b); v != c.want || n != c.n {
			t.Errorf("sqliteVarint(%x) = %d, %d; want %d, %d", c.b, v, n, c.want, c.n)
		}
	}
}

// TestBM25Rank checks bm25Rank and bm25IDF on FTS5's formula by hand.
func TestBM25Rank(t *testing.T) {
	for _, c := range []struct {
		rows, hits     int64
		freq, len, avg float64
	}{
		{1000000, 35, 1, 16, 16.4},
		{1000000, 35, 3, 60, 16.4},
		{10, 9, 1, 5, 5},   // idf below zero: FTS5 takes 1e-6
		{2, 1, 2, 10, 7.5}, // idf zero
	} {
		idf := math.Log((float64(c.rows) - float64(c.hits) + 0.5) / (float64(c.hits) + 0.5))
		if idf <= 0 {
			idf = 1e-6
		}
		want := -idf * (c.freq * 2.2) / (c.freq + 1.2*(0.25+0.75*c.len/c.avg))
		if got := bm25Rank(bm25IDF(c.rows, c.hits), c.freq, c.len, c.avg); math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("%+v: bm25Rank = %v, want %v", c, got, want)
		}
	}
}

// rankTestQuotes are quotes for TestRankedInGoMatchesFTS5: the searched
// words once or more, in short and long quotes (past snippetTokens, with
// the word early, late or twice far apart, at exactly 48 and 49 tokens),
// with accents, other scripts and text that looks like a mark.
var rankTestQuotes = []string{
	"The zebra crossed the road.",
	"A zebra, another zebra and a third zebra walked by.",
	"Zebras are not a zebra.",
	"ZEBRA in capitals is still a zebra!",
	"We met at the café on Monday.",
	"The CAFÉ was closed, said the cafe owner.",
	"A cafe\u0301 with a combining accent.",
	"Naïve plans for the café quarter",
	"東京 zebra 東京",
	"<mark>zebra</mark> is what it says",
	`<img src=x onerror="alert('zebra')"> & <script>zebra()</script> a < b`,
	strings.Repeat("<b>&amp; ", 30) + "zebra " + strings.Repeat("</b>' ", 30),
	strings.Repeat("word ", 30) + "zebra " + strings.Repeat("filler ", 30) + "end.",
	"zebra " + strings.Repeat("filler ", 60) + "zebra again at the end.",
	"Start. " + strings.Repeat("one two. ", 25) + "Then the zebra. " + strings.Repeat("three four ", 20),
	strings.TrimSpace(strings.Repeat("t ", 47)) + " zebra",
	strings.TrimSpace(strings.Repeat("t ", 48)) + " zebra.",
	"Numbers 2030 and 2030 again, and zebra 2030.",
	"Zebra-crossing rules, a zebra's stripes",
	"quagga",
}

// TestRankedInGoMatchesFTS5 checks that a search ranked in Go returns,
// page by page through its cursors, what FTS5's bm25() and snippet()
// give: the same quotes in the same order, the same snippets and totals,
// and ranks within rounding of FTS5's (its log is musl's, not Go's).
func TestRankedInGoMatchesFTS5(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "rank.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Two sources, each quote said by one of two speakers.
	for s := 0; s < 2; s++ {
		var text strings.Builder
		text.WriteString(fmt.Sprintf("Source %d\n\n", s))
		var in IngestInput
		for i, q := range rankTestQuotes {
			if i%2 != s {
				continue
			}
			text.WriteString(fmt.Sprintf("Speaker %d said: \u201c", i%3))
			start := utf8.RuneCountInString(text.String())
			text.WriteString(q)
			in.Quotes = append(in.Quotes, IngestQuote{Text: q, Start: start, End: start + utf8.RuneCountInString(q), Speaker: fmt.Sprintf("Speaker %d", i%3), Kind: "direct", Confidence: 1})
			text.WriteString("\u201d\n\n")
		}
		pub := time.Date(2025, 10, 1+s, 0, 0, 0, 0, time.UTC)
		in.Source = SourceInput{Title: fmt.Sprintf("Source %d", s), Outlet: "Test", Text: text.String(), PublishedAt: &pub}
		for k := 0; k < 3; k++ {
			in.Speakers = append(in.Speakers, IngestSpeaker{Name: fmt.Sprintf("Speaker %d", k), Kind: "person"})
		}
		if _, err := st.Ingest(ctx, in); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []struct {
		q       string
		speaker string
	}{
		{q: "zebra"}, {q: "ZEBRA"}, {q: "zeb*"}, {q: "cafe"}, {q: "café"}, {q: "naive"},
		{q: "2030"}, {q: "東京"}, {q: "mark"}, {q: "filler"}, {q: "quagga"}, {q: "t"},
		{q: "zebra", speaker: "Speaker 1"}, {q: "cafe", speaker: "Speaker 0"},
	} {
		t.Run(c.q+"/"+c.speaker, func(t *testing.T) {
			terms := searchTerms(c.q)
			tm := sqliteDialect{}.quoteMatch(terms)
			// FTS5's answer, ranked over every match.
			oracle := "SELECT quotes_fts.rowid, bm25(quotes_fts), " + tm.snippet + " FROM " + tm.from + " WHERE " + tm.cond
			args := append([]any{}, tm.condArgs...)
			if c.speaker != "" {
				oracle += " AND q.speaker_id IN (SELECT id FROM speakers WHERE name = ?)"
				args = append(args, c.speaker)
			}
			rows, err := st.r.Raw(oracle+" ORDER BY 2, 1", args...).Rows()
			if err != nil {
				t.Fatal(err)
			}
			type hit struct {
				id      int64
				rank    float64
				snippet string
			}
			var want []hit
			for rows.Next() {
				var h hit
				if err := rows.Scan(&h.id, &h.rank, &h.snippet); err != nil {
					t.Fatal(err)
				}
				want = append(want, h)
			}
			rows.Close()
			if len(want) == 0 {
				t.Fatal("no match: the test's quotes do not exercise this case")
			}

			// rankedInGo must take the search (a page of all of it
			// shows the ranks through the cursor of a one-row page).
			f := QuoteFilter{Q: c.q, Speaker: c.speaker}
			var got []hit
			cursorRank := map[int64]float64{}
			for page := 0; ; page++ {
				f.Limit = 2
				p, err := st.ListQuotes(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != int64(len(want)) || p.TotalIsEstimate {
					t.Errorf("page %d: total %d (estimate %v), FTS5 matches %d", page, p.Total, p.TotalIsEstimate, len(want))
				}
				for _, h := range p.Quotes {
					got = append(got, hit{id: h.ID, snippet: h.Snippet})
				}
				if p.NextCursor == "" {
					break
				}
				cur, err := decodeCursor(p.NextCursor, SortRelevance)
				if err != nil {
					t.Fatal(err)
				}
				cursorRank[cur.ID] = cur.Rank
				f.Cursor = p.NextCursor
			}
			if len(got) != len(want) {
				t.Fatalf("got %d quotes, FTS5 %d", len(got), len(want))
			}
			for i := range want {
				if got[i].id != want[i].id {
					t.Errorf("#%d: quote %d, FTS5 ranks %d there (rank %v)", i, got[i].id, want[i].id, want[i].rank)
				}
				// Both paths' snippets are escaped by snippetHTML;
				// FTS5's is compared as the store would answer it.
				if w := snippetHTML(want[i].snippet, ""); got[i].snippet != w {
					t.Errorf("#%d (quote %d): snippet\n%q\nFTS5's\n%q", i, got[i].id, got[i].snippet, w)
				}
				if r, ok := cursorRank[want[i].id]; ok && math.Abs(r-want[i].rank) > 1e-12*math.Abs(want[i].rank) {
					t.Errorf("quote %d: rank %v, FTS5's %v", want[i].id, r, want[i].rank)
				}
			}

			// And the page came from Go, not from the SQL path.
			var w sqlWhere
			w.add(tm.cond, tm.condArgs...)
			hits := int64(len(want))
			if c.speaker != "" {
				w.add("q.speaker_id IN (SELECT id FROM speakers WHERE name = ?)", c.speaker)
				hits = -1
			}
			if _, ok, err := st.rankedInGo(ctx, tm, terms, w, hits, 20, nil); err != nil || !ok {
				t.Errorf("rankedInGo did not take the search (ok %v, err %v)", ok, err)
			}
		})
	}
}
