package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

// seeded opens a store on a fresh file database with the seed corpus
// loaded through Ingest.
func seeded(t *testing.T) *store.Store {
	t.Helper()
	st := openStore(t)
	if _, err := seed.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

// verifyCases are realistic claims about the seed corpus and the verdict
// each must get, with a word the deciding quote must contain and the
// speaker it must be by.
var verifyCases = []struct {
	name, claim, speaker string
	want                 factcheck.Verdict
	quoteHas, by         string
}{
	{"exact with lost punctuation and straight quotes", `Ken McCallum said "i am mi5 born and bred i will never back off from confronting threats to the uk wherever they are from"`, "",
		factcheck.Verified, "born and bred", "Ken McCallum"},
	{"ellipsis", "I am MI5 born and bred … wherever they are from", "Sir Ken McCallum", factcheck.Verified, "born and bred", "Ken McCallum"},
	{"trailing attribution", "“Those choices are for government, informed by expert security advice,” said Sir Ken", "", factcheck.Verified, "expert security advice", "Ken McCallum"},
	{"a word changed", "Of course I am frustrated when chances to prosecute national security threatening activity are not followed through", "Ken McCallum",
		factcheck.Altered, "frustrated", "Ken McCallum"},
	{"paraphrase through a fuzzy role", "MI5 boss said Chinese spies are a threat every single day", "", factcheck.Altered, "every day", "Ken McCallum"},
	{"Collins quote claimed as McCallum's", "Ken McCallum said Chinese espionage operations threaten the UK's economic prosperity and resilience and the integrity of our democratic institutions", "",
		factcheck.Misattributed, "economic prosperity", "Matt Collins"},
	{"stitched", "When it comes to China, the UK needs to defend itself resolutely against security threats and we will cut all ties with Beijing", "Ken McCallum",
		factcheck.Partial, "defend itself resolutely", "Ken McCallum"},
	{"fragment", "Sir Ken said the UK needs to defend itself resolutely", "", factcheck.Partial, "defend itself resolutely against security threats", "Ken McCallum"},
	{"a whole sentence of a longer quote", "“Our track record is strong”, said Sir Ken", "", factcheck.Verified, "track record", "Ken McCallum"},
	{"misremembered word", "I will never stand for anyone being unfairly blamed", "Keir Starmer", factcheck.Altered, "unfairly blamed", "Keir Starmer"},
	{"never said", "Matt Collins said the weather in Cornwall is lovely this time of year", "", factcheck.NotFound, "", ""},
}

func TestVerifySeedClaims(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	for _, tc := range verifyCases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := st.Verify(context.Background(), store.VerifyInput{Claim: tc.claim, Speaker: tc.speaker})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tc.want {
				t.Errorf("verdict = %s, want %s (%s); speakers %+v", res.Verdict, tc.want, res.Reason, res.Speakers)
				for _, e := range res.Evidence {
					t.Logf("  %.2f by=%.2f %q", e.Match.Score, e.BySpeaker, e.Quote.Text)
				}
			}
			if res.Compared > 200 {
				t.Errorf("compared %d quotes, want at most 200", res.Compared)
			}
			if tc.quoteHas == "" {
				return
			}
			if len(res.Evidence) == 0 {
				t.Fatalf("no evidence")
			}
			e := res.Evidence[0]
			if !strings.Contains(e.Quote.Text, tc.quoteHas) || e.Quote.Speaker == nil || e.Quote.Speaker.Name != tc.by {
				t.Errorf("evidence[0] = %q by %+v, want a quote with %q by %s", e.Quote.Text, e.Quote.Speaker, tc.quoteHas, tc.by)
			}
			if e.Quote.Source == nil || len(e.Reports) == 0 {
				t.Errorf("evidence lacks its source or reports: %+v", e)
			}
		})
	}
}

func TestVerifyRejectsEmptyClaim(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	for _, claim := range []string{"", "  ", "… — !!", strings.Repeat("a ", 1500)} {
		_, err := st.Verify(context.Background(), store.VerifyInput{Claim: claim})
		if errs.KindOf(err) != errs.Invalid {
			t.Errorf("Verify(%.20q) = %v, want invalid", claim, err)
		}
	}
}

// TestSeedReportsAreLinked checks that McCallum's “Of course I am
// frustrated …”, reported in two seed articles with different wording, is
// one utterance with two reports.
func TestSeedReportsAreLinked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seeded(t)
	page, err := st.ListQuotes(ctx, store.QuoteFilter{Q: "frustrated prosecute", Page: store.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Quotes) != 2 {
		t.Fatalf("found %d quotes, want the 2 reports", len(page.Quotes))
	}
	c, err := st.Corroborate(ctx, page.Quotes[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.UtteranceID == nil || len(c.Reports) != 2 || len(c.Variants) != 2 {
		t.Fatalf("corroboration = %+v, want 2 reports in 2 wordings", c)
	}
	if c.Reports[0].Quote.SourceID == c.Reports[1].Quote.SourceID {
		t.Errorf("both reports from source %d", c.Reports[0].Quote.SourceID)
	}
	// Short partial quotes ("every day") are not linked.
	page, err = st.ListQuotes(ctx, store.QuoteFilter{Q: `"every day"`, Page: store.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range page.Quotes {
		if q.Text != "every day" {
			continue
		}
		c, err := st.Corroborate(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Reports) != 1 {
			t.Errorf("%q linked to %d reports", q.Text, len(c.Reports))
		}
	}
}

// TestIngestLinksASecondReport ingests a new article quoting a seed quote
// in other words and checks that it joins the seed quote's utterance.
func TestIngestLinksASecondReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := seeded(t)
	text := "Spy chief speaks\n\nSir Ken McCallum said: “I am MI5 born and bred, and I will never back off from confronting threats to the UK, wherever they come from.”"
	quote := "I am MI5 born and bred, and I will never back off from confronting threats to the UK, wherever they come from."
	start := len([]rune(text[:strings.Index(text, quote)]))
	res, err := st.Ingest(ctx, store.IngestInput{
		Source:   store.SourceInput{Title: "Spy chief speaks", Outlet: "Test Gazette", Text: text},
		Speakers: []store.IngestSpeaker{{Name: "Ken McCallum", Kind: models.SpeakerPerson, Aliases: []string{"Sir Ken McCallum"}}},
		Quotes:   []store.IngestQuote{{Text: quote, Start: start, End: start + len([]rune(quote)), Speaker: "Ken McCallum", Kind: models.KindDirect, Confidence: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.Corroborate(ctx, res.Quotes[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Reports) != 2 {
		t.Fatalf("got %d reports, want the seed's and the new one: %+v", len(c.Reports), c)
	}
	if c.Reports[1].Quote.ID != res.Quotes[0].ID && c.Reports[0].Quote.ID != res.Quotes[0].ID {
		t.Errorf("new quote not among the reports")
	}
	changed := false
	for _, op := range c.Reports[1].Diff {
		changed = changed || op.Op != factcheck.OpEqual
	}
	if !changed {
		t.Errorf("second report's diff shows no change: %+v", c.Reports[1].Diff)
	}
}

func speakerByName(t *testing.T, st *store.Store, name string) models.Speaker {
	t.Helper()
	page, err := st.ListSpeakers(context.Background(), store.SpeakerFilter{Q: name, Page: store.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range page.Speakers {
		if sp.Name == name {
			return sp
		}
	}
	t.Fatalf("no speaker %q", name)
	return models.Speaker{}
}

// TestMergeAndSplitSpeakers merges two seed speakers, checks that every
// quote and alias moved and the old slug redirects, then splits an alias
// back off with one quote, and reads the history of both.
func TestMergeAndSplitSpeakers(t *testing.T) {
	t.Parallel()
	ctx := store.WithActor(context.Background(), "editor@example.org")
	st := seeded(t)
	ken, collins := speakerByName(t, st, "Ken McCallum"), speakerByName(t, st, "Matt Collins")
	total := ken.QuoteCount + collins.QuoteCount

	merged, err := st.MergeSpeakers(ctx, collins.ID, ken.ID)
	if err != nil {
		t.Fatal(err)
	}
	if merged.QuoteCount != total {
		t.Errorf("merged speaker has %d quotes, want %d", merged.QuoteCount, total)
	}
	page, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: ken.Slug, Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != total {
		t.Errorf("listed %d quotes of the merged speaker, want %d", page.Total, total)
	}
	hasAlias := func(sp models.Speaker, name string) (int64, bool) {
		for _, a := range sp.Aliases {
			if a.Name == name {
				return a.ID, true
			}
		}
		return 0, false
	}
	aliasID, ok := hasAlias(merged, "Matt Collins")
	if !ok {
		t.Fatalf("aliases did not move: %+v", merged.Aliases)
	}
	if _, err := st.GetSpeaker(ctx, collins.Slug); errs.KindOf(err) != errs.NotFound {
		t.Errorf("old speaker still there: %v", err)
	}
	r, err := st.SpeakerRedirect(ctx, collins.Slug)
	if err != nil || r.SpeakerID != ken.ID || r.Slug != ken.Slug {
		t.Errorf("redirect of %s = %+v, %v", collins.Slug, r, err)
	}

	// Split "Matt Collins" back off with one of the quotes.
	quotes, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: ken.Slug, Q: "integrity democratic", Page: store.Page{Limit: 5}})
	if err != nil || len(quotes.Quotes) == 0 {
		t.Fatalf("no Collins quote to move: %v", err)
	}
	moved := quotes.Quotes[0].ID
	split, err := st.SplitSpeaker(ctx, ken.ID, store.SplitInput{AliasID: aliasID, Description: "Deputy national security adviser", Role: "Deputy NSA", QuoteIDs: []int64{moved}})
	if err != nil {
		t.Fatal(err)
	}
	if split.Name != "Matt Collins" || split.QuoteCount != 1 {
		t.Errorf("split = %+v", split)
	}
	if _, err := st.SplitSpeaker(ctx, ken.ID, store.SplitInput{AliasID: aliasID}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("splitting a gone alias: %v, want invalid", err)
	}
	q, err := st.GetQuote(ctx, moved)
	if err != nil || q.SpeakerID == nil || *q.SpeakerID != split.ID {
		t.Errorf("quote %d not moved: %+v %v", moved, q.SpeakerID, err)
	}

	h, err := st.History(ctx, store.EntitySpeaker, ken.ID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) != 2 || h.Entries[0].Action != "merge" || h.Entries[1].Action != "split" || h.Entries[0].Actor != "editor@example.org" {
		t.Errorf("history of the merged speaker = %+v", h.Entries)
	}
	h, err = st.History(ctx, store.EntityQuote, moved, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) != 2 {
		t.Errorf("history of the moved quote = %+v", h.Entries)
	}
}

func TestReviewKeepsHistory(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	page, err := st.ListQuotes(ctx, store.QuoteFilter{Page: store.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	id := page.Quotes[0].ID
	if _, err := st.ReviewQuote(ctx, id, store.ReviewInput{Status: "disputed", Note: "wording differs from the video"}); err != nil {
		t.Fatal(err)
	}
	q, err := st.ReviewQuote(ctx, id, store.ReviewInput{Status: "verified", Note: "checked against the transcript", Reviewer: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != "verified" {
		t.Errorf("status = %s", q.Status)
	}
	if _, err := st.ReviewQuote(ctx, id, store.ReviewInput{Status: "nonsense"}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("bad status: %v", err)
	}
	if _, err := st.ReviewQuote(ctx, 1<<40, store.ReviewInput{Status: "verified"}); errs.KindOf(err) != errs.NotFound {
		t.Errorf("unknown quote: %v", err)
	}
	h, err := st.History(ctx, store.EntityQuote, id, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) != 2 {
		t.Fatalf("history = %+v", h.Entries)
	}
	e0, e1 := h.Entries[0], h.Entries[1]
	if e0.Actor != store.Anonymous || e1.Actor != "ana" || e1.Note != "checked against the transcript" ||
		!strings.Contains(string(e1.Before), `"status":"disputed"`) || !strings.Contains(string(e1.After), `"status":"verified"`) {
		t.Errorf("history = %+v / %s → %s", h.Entries, e1.Before, e1.After)
	}
}

func TestSpeakerTimeline(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	ken := speakerByName(t, st, "Ken McCallum")
	page, err := st.SpeakerTimeline(ctx, ken.Slug, store.TimelineFilter{Q: "China", Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) == 0 {
		t.Fatal("empty timeline")
	}
	for i, e := range page.Entries {
		if !strings.Contains(strings.ToLower(e.Quote.Text), "china") {
			t.Errorf("entry %q does not match q", e.Quote.Text)
		}
		if i > 0 && e.SaidAt < page.Entries[i-1].SaidAt {
			t.Errorf("entries out of order: %s after %s", e.SaidAt, page.Entries[i-1].SaidAt)
		}
		if len(e.SaidAt) != 10 {
			t.Errorf("said_at = %q", e.SaidAt)
		}
	}
	// The two reports of “Of course I am frustrated …” are one entry.
	all, err := st.SpeakerTimeline(ctx, ken.Slug, store.TimelineFilter{Q: "frustrated prosecute", Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Entries) != 1 || all.Entries[0].Reports != 2 {
		t.Errorf("frustrated entries = %+v", all.Entries)
	}
	// Paging walks every entry once.
	full, err := st.SpeakerTimeline(ctx, ken.Slug, store.TimelineFilter{Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	seen, cur := 0, ""
	for {
		p, err := st.SpeakerTimeline(ctx, ken.Slug, store.TimelineFilter{Page: store.Page{Limit: 7, Cursor: cur}})
		if err != nil {
			t.Fatal(err)
		}
		seen += len(p.Entries)
		if cur = p.NextCursor; cur == "" {
			break
		}
	}
	if seen != len(full.Entries) {
		t.Errorf("paged %d entries, want %d", seen, len(full.Entries))
	}
}

// TestCreateQuoteLinksAndRecords adds by hand a second report of a seed
// quote and a new speaker: the quote joins the seed quote's utterance, and
// both creations are in the history.
func TestCreateQuoteLinksAndRecords(t *testing.T) {
	t.Parallel()
	ctx := store.WithActor(context.Background(), "desk")
	st := seeded(t)
	text := "Sir Ken said: “Our track record is strong. We have intervened operationally again in the last week.”"
	res, err := st.Ingest(ctx, store.IngestInput{Source: store.SourceInput{Title: "Hand-checked report", Outlet: "Test Gazette", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	ken := speakerByName(t, st, "Ken McCallum")
	q, err := st.CreateQuote(ctx, store.QuoteInput{SourceID: res.Source.ID, Text: "Our track record is strong. We have intervened operationally again in the last week.", SpeakerID: &ken.ID})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.Corroborate(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Reports) != 2 {
		t.Errorf("hand-added report not linked: %+v", c)
	}
	h, err := st.History(ctx, store.EntityQuote, q.ID, store.Page{})
	if err != nil || len(h.Entries) != 1 || h.Entries[0].Action != "create" || h.Entries[0].Actor != "desk" || string(h.Entries[0].Before) != "null" {
		t.Errorf("quote history = %+v, %v", h.Entries, err)
	}
	sp, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Jane Example", Role: "Spokesperson"})
	if err != nil {
		t.Fatal(err)
	}
	h, err = st.History(ctx, store.EntitySpeaker, sp.ID, store.Page{})
	if err != nil || len(h.Entries) != 1 || h.Entries[0].Action != "create" || !strings.Contains(string(h.Entries[0].After), `"role":"Spokesperson"`) {
		t.Errorf("speaker history = %+v, %v", h.Entries, err)
	}
}

// TestVerifyListsTheEarliestReports checks that a piece of evidence
// reported by more sources than an answer lists shows the earliest of
// them, even when the evidence itself is a later report: verify loads the
// evidence and its utterance's reports in one query, which has both.
func TestVerifyListsTheEarliestReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	said := "We will build the new harbour wall before the winter storms arrive in the north"
	later := "We will build the new harbour wall before the autumn storms arrive in the north"
	var lastID int64
	const reports = 53
	for i := range reports {
		quote := said
		if i == reports-1 {
			quote = later
		}
		text := fmt.Sprintf("Harbour plans, part %d\n\nThe mayor said: “%s.”", i, quote)
		start := len([]rune(text[:strings.Index(text, quote)]))
		res, err := st.Ingest(ctx, store.IngestInput{
			Source:   store.SourceInput{Title: fmt.Sprintf("Harbour plans, part %d", i), Outlet: "Test Gazette", Text: text},
			Speakers: []store.IngestSpeaker{{Name: "Ada Mayor", Kind: models.SpeakerPerson}},
			Quotes:   []store.IngestQuote{{Text: quote, Start: start, End: start + len([]rune(quote)), Speaker: "Ada Mayor", Kind: models.KindDirect, Confidence: 1}},
		})
		if err != nil {
			t.Fatal(err)
		}
		lastID = res.Quotes[0].ID
	}
	res, err := st.Verify(ctx, store.VerifyInput{Claim: later, Speaker: "Ada Mayor"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != factcheck.Verified || len(res.Evidence) == 0 || res.Evidence[0].Quote.ID != lastID {
		t.Fatalf("verdict %s, evidence %+v: want verified on quote %d", res.Verdict, res.Evidence, lastID)
	}
	ev := res.Evidence[0]
	if ev.UtteranceID == nil {
		t.Fatalf("the %d reports were not linked into one utterance", reports)
	}
	if len(ev.Reports) != 50 {
		t.Fatalf("%d reports listed, want the earliest 50", len(ev.Reports))
	}
	for i, r := range ev.Reports {
		if r.ID == lastID {
			t.Errorf("report %d is the latest report, not one of the earliest 50", i)
		}
		if r.Source == nil || r.Speaker == nil {
			t.Errorf("report %d lacks its source or speaker", i)
		}
		if i > 0 && (r.ReportedAt.Before(ev.Reports[i-1].ReportedAt) || r.ReportedAt.Equal(ev.Reports[i-1].ReportedAt) && r.ID < ev.Reports[i-1].ID) {
			t.Errorf("reports not earliest first at %d", i)
		}
	}
}
