package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// TestMain runs every store test on SQLite and again on PostgreSQL.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

const article = `Minister promises action on rivers

The environment secretary, Jane Doe, said: "We will clean up every river by 2030."

"Nobody should swim in sewage," she added.

Critics called the plan a "fantasy". John Roe said the target was "not credible".`

func ingestArticle(t *testing.T, st *store.Store, text string, day int) store.IngestResult {
	t.Helper()
	pub := time.Date(2025, 10, day, 0, 0, 0, 0, time.UTC)
	in := store.IngestInput{
		Source: store.SourceInput{Title: strings.SplitN(text, "\n", 2)[0], Outlet: "Test Gazette", Text: text, PublishedAt: &pub},
		Speakers: []store.IngestSpeaker{
			{Name: "Jane Doe", Kind: "person", Description: "Environment Secretary", Aliases: []string{"the environment secretary", "Ms Doe"}},
			{Name: "John Roe", Kind: "person"},
		},
	}
	for _, q := range []struct{ text, speaker, kind string }{
		{"We will clean up every river by 2030.", "Jane Doe", "direct"},
		{"Nobody should swim in sewage,", "Ms Doe", "direct"},
		{"fantasy", "", "partial"},
		{"not credible", "John Roe", "partial"},
	} {
		i := strings.Index(text, q.text)
		if i < 0 {
			t.Fatalf("test quote %q not in article", q.text)
		}
		start := len([]rune(text[:i]))
		in.Quotes = append(in.Quotes, store.IngestQuote{Text: q.text, Start: start, End: start + len([]rune(q.text)), Speaker: q.speaker, Kind: q.kind, Confidence: 0.9})
	}
	res, err := st.Ingest(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestIngestIsIdempotentAndLinksSpeakers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	first := ingestArticle(t, st, article, 1)
	if !first.Created || len(first.Quotes) != 4 {
		t.Fatalf("first ingest: created=%v quotes=%d", first.Created, len(first.Quotes))
	}
	again := ingestArticle(t, st, article, 1)
	if again.Created || again.Source.ID != first.Source.ID {
		t.Fatalf("second ingest of the same text created a new source")
	}
	// A different article naming the same person links to her.
	other := article + "\n\nA second edition."
	ingestArticle(t, st, other, 2)
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "jane"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Speakers[0].QuoteCount != 4 {
		t.Fatalf("want one Jane Doe with 4 quotes, got %+v", page.Speakers)
	}
}

// A document's descriptions of a speaker ("the environment secretary")
// find her inside that document only: they are not stored as aliases,
// where they would link the next environment secretary to her.
func TestIngestStoresNamesNotDescriptionsAsAliases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	ingestArticle(t, st, article, 1)
	jane, err := st.GetSpeaker(ctx, "jane-doe")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range jane.Aliases {
		got = append(got, a.Name)
	}
	if strings.Join(got, "|") != "Jane Doe|Ms Doe" {
		t.Fatalf("aliases %q, want the names only", got)
	}
	if _, err := st.AddAlias(ctx, jane.ID, "the environment secretary"); errs.KindOf(err) != errs.Invalid {
		t.Fatalf("adding a description as an alias: %v, want invalid", err)
	}
	if _, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Tom Hale", Aliases: []string{"Mr Hale", "he"}}); errs.KindOf(err) != errs.Invalid {
		t.Fatalf("creating a speaker with a pronoun for an alias: %v, want invalid", err)
	}
}

func TestIngestRejectsNonVerbatimQuoteAndStoresNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	in := store.IngestInput{
		Source: store.SourceInput{Title: "T", Text: "He said \"hello there\"."},
		Quotes: []store.IngestQuote{{Text: "hello  there", Start: 9, End: 20}},
	}
	_, err := st.Ingest(ctx, in)
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != "quotes[0].text" {
		t.Fatalf("want invalid quotes[0].text, got %v", err)
	}
	page, err := st.ListSources(ctx, store.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 0 {
		t.Fatalf("a rejected ingest left %d sources", page.Total)
	}
}

func TestListQuotesFiltersSearchAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	for day := 1; day <= 5; day++ {
		ingestArticle(t, st, article+strings.Repeat(" ", day), day)
	}
	tests := []struct {
		name string
		f    store.QuoteFilter
		want int64
	}{
		{"all", store.QuoteFilter{}, 20},
		{"speaker by alias with honorific", store.QuoteFilter{Speaker: "Ms Jane Doe"}, 10},
		// A description ties a mention to her inside one article only; it
		// is no alias, so it does not find her across articles.
		{"a description is no alias", store.QuoteFilter{Speaker: "The Environment Secretary"}, 0},
		{"speaker by slug", store.QuoteFilter{Speaker: "john-roe"}, 5},
		{"unknown speaker", store.QuoteFilter{Speaker: "Nobody Atall"}, 0},
		{"kind", store.QuoteFilter{Kind: "partial"}, 10},
		{"search", store.QuoteFilter{Q: "sewage"}, 5},
		{"search two words", store.QuoteFilter{Q: "swim sewage"}, 5},
		{"search with operators taken literally", store.QuoteFilter{Q: `sewage" OR "river`}, 0},
		{"outlet any case", store.QuoteFilter{Outlet: "test gazette"}, 20},
		{"date range", store.QuoteFilter{From: ptr(time.Date(2025, 10, 2, 0, 0, 0, 0, time.UTC)), To: ptr(time.Date(2025, 10, 3, 0, 0, 0, 0, time.UTC))}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := st.ListQuotes(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != tt.want {
				t.Fatalf("total %d, want %d", page.Total, tt.want)
			}
		})
	}

	// Walking pages of 3 visits every quote once, newest first.
	seen := map[int64]bool{}
	var last time.Time
	cur := ""
	for pages := 0; ; pages++ {
		page, err := st.ListQuotes(ctx, store.QuoteFilter{Page: store.Page{Limit: 3, Cursor: cur}})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range page.Quotes {
			if seen[q.ID] {
				t.Fatalf("quote %d on two pages", q.ID)
			}
			seen[q.ID] = true
			if !last.IsZero() && q.ReportedAt.After(last) {
				t.Fatalf("quote %d out of order", q.ID)
			}
			last = q.ReportedAt
			if q.Source == nil || q.Source.Text != "" {
				t.Fatalf("listed quote should carry its source without text")
			}
		}
		if cur = page.NextCursor; cur == "" {
			break
		}
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if len(seen) != 20 {
		t.Fatalf("walked %d quotes, want 20", len(seen))
	}

	// Relevance pages carry snippets and their own cursors.
	page, err := st.ListQuotes(ctx, store.QuoteFilter{Q: "river", Page: store.Page{Limit: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.Quotes[0].Snippet, "<mark>river</mark>") {
		t.Fatalf("snippet %q lacks the highlighted match", page.Quotes[0].Snippet)
	}
	_, err = st.ListQuotes(ctx, store.QuoteFilter{Sort: store.SortNewest, Page: store.Page{Cursor: page.NextCursor}})
	if errs.KindOf(err) != errs.Invalid {
		t.Fatalf("a relevance cursor replayed with sort=newest: %v", err)
	}
}

func TestListQuotesRejectsBadInput(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	for name, f := range map[string]store.QuoteFilter{
		"cursor": {Page: store.Page{Cursor: "not-a-cursor"}},
		"limit":  {Page: store.Page{Limit: 1000}},
		"sort":   {Sort: "sideways"},
		"kind":   {Kind: "rumour"},
		"status": {Status: "maybe"},
		"q":      {Q: "!!!"},
	} {
		_, err := st.ListQuotes(context.Background(), f)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid || e.Fields[0].Field != name {
			t.Errorf("%s: want invalid %s, got %v", name, name, err)
		}
	}
}

func TestQuoteCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	res := ingestArticle(t, st, article, 1)
	src := res.Source.ID

	// Offsets are required when the text occurs more than once.
	_, err := st.CreateQuote(ctx, store.QuoteInput{SourceID: src, Text: "the"})
	if e, ok := errs.As(err); !ok || e.Fields[0].Field != "start" {
		t.Fatalf("ambiguous text: %v", err)
	}
	q, err := st.CreateQuote(ctx, store.QuoteInput{SourceID: src, Text: "Critics called the plan", Speaker: "Critics", Kind: "partial"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Speaker == nil || q.Context == "" || q.Start == 0 {
		t.Fatalf("created quote lacks speaker or context: %+v", q)
	}
	status := "verified"
	q, err = st.UpdateQuote(ctx, q.ID, store.QuotePatch{Status: &status})
	if err != nil || q.Status != "verified" {
		t.Fatalf("update: %v %v", err, q.Status)
	}
	bad := "gossip"
	if _, err := st.UpdateQuote(ctx, q.ID, store.QuotePatch{Status: &bad}); errs.KindOf(err) != errs.Invalid {
		t.Fatalf("bad status accepted: %v", err)
	}
	if err := st.DeleteQuote(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetQuote(ctx, q.ID); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("deleted quote still found: %v", err)
	}
	if err := st.DeleteQuote(ctx, q.ID); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("second delete: %v", err)
	}
	// A speaker with quotes cannot be deleted; the source can, with its quotes.
	sp, err := st.GetSpeaker(ctx, "jane-doe")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSpeaker(ctx, sp.ID); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("delete speaker with quotes: %v", err)
	}
	if err := st.DeleteSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSpeaker(ctx, sp.ID); err != nil {
		t.Fatalf("delete speaker without quotes: %v", err)
	}
}

func TestAliases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	sp, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Dame Ada Lovelace", Aliases: []string{"Countess of Lovelace"}})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Slug != "ada-lovelace" || len(sp.Aliases) != 2 {
		t.Fatalf("created %+v", sp)
	}
	if _, err := st.AddAlias(ctx, sp.ID, "ADA LOVELACE"); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("duplicate alias by key: %v", err)
	}
	a, err := st.AddAlias(ctx, sp.ID, "Augusta Ada King")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "augusta"})
	if err != nil || page.Total != 1 {
		t.Fatalf("search by new alias: %v %d", err, page.Total)
	}
	if err := st.RemoveAlias(ctx, sp.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveAlias(ctx, sp.ID, sp.Aliases[0].ID); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("removing the name alias: %v", err)
	}
	qid := "Q7259"
	if _, err := st.UpdateSpeaker(ctx, sp.ID, store.SpeakerPatch{WikidataQID: &qid}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Someone Else", WikidataQID: &qid}); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("second speaker with the same QID: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// A familiar first name links to the formal one across documents, and a
// lookup by either finds the speaker; a shared first name alone does not.
func TestNicknamesLinkAcrossDocuments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	ingest := func(text, name, wantMatch string) {
		i := strings.Index(text, "We")
		q := "We did nothing wrong"
		res, err := st.Ingest(ctx, store.IngestInput{
			Source:   store.SourceInput{Title: "T", Text: text},
			Speakers: []store.IngestSpeaker{{Name: name, Kind: "person"}},
			Quotes:   []store.IngestQuote{{Text: q, Start: i, End: i + len(q), Speaker: name, Confidence: 1}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Speakers) != 1 || res.Speakers[0].Match != wantMatch {
			t.Errorf("%s: links %+v, want match %q", name, res.Speakers, wantMatch)
		}
	}
	ingest(`Christopher Cash said: "We did nothing wrong".`, "Christopher Cash", store.LinkCreated)
	ingest(`Chris Cash said: "We did nothing wrong". Again.`, "Chris Cash", store.LinkNickname)
	ingest(`Christopher Berry said: "We did nothing wrong". Too.`, "Christopher Berry", store.LinkCreated)
	ingest(`Christopher Cash said: "We did nothing wrong". Thrice.`, "Christopher Cash", store.LinkName)
	for _, ref := range []string{"Chris Cash", "Christopher Cash", "christopher-cash"} {
		page, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: ref})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 3 {
			t.Errorf("speaker=%q: %d quotes, want Cash's 3", ref, page.Total)
		}
	}
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "christopher"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 {
		t.Errorf("%d speakers called Christopher, want Cash and Berry", page.Total)
	}
}

// Two writers ingesting different documents by one new speaker at the
// same moment make one speaker, not one each. On PostgreSQL a look-up by
// name sees only what was committed before it, so unless name resolution
// is serialised both writers miss, and the second, whose slug check comes
// after the first commit, creates "dana-whitfield-2". The hook holds the
// window open: the first writer waits (a while at most) for the second to
// have looked up, and the second waits for the first to commit.
func TestConcurrentIngestsOfOneNewSpeakerMakeOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	var calls atomic.Int32
	second := make(chan struct{})
	store.SetAfterSpeakerLookup(st, func() {
		switch calls.Add(1) {
		case 1:
			select {
			case <-second:
			case <-time.After(300 * time.Millisecond): // serialised: it cannot come
			}
		case 2:
			close(second)
			time.Sleep(100 * time.Millisecond)
		}
	})
	const name = "Dana Whitfield"
	errc := make(chan error, 2)
	for w := range 2 {
		go func() {
			q := fmt.Sprintf("We will not back down on item %d", w)
			text := fmt.Sprintf(`%s said: "%s".`, name, q)
			i := strings.Index(text, q)
			_, err := st.Ingest(ctx, store.IngestInput{
				Source:   store.SourceInput{Title: "T", Text: text},
				Speakers: []store.IngestSpeaker{{Name: name, Kind: "person"}},
				Quotes:   []store.IngestQuote{{Text: q, Start: i, End: i + len(q), Speaker: name, Confidence: 1}},
			})
			errc <- err
		}()
	}
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: name})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 {
		t.Errorf("%d speakers named %s, want 1", page.Total, name)
	}
}

// Speakers created at the same moment under one name (namesakes, as an
// editor may add) all get made, each with its own slug: the slug check and
// the insert are not atomic on PostgreSQL unless speaker creation is
// serialised, and the loser's unique violation is not a conflict the
// client caused.
func TestConcurrentCreatesOfNamesakesAllSucceed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	const writers = 6
	errc := make(chan error, writers)
	for range writers {
		go func() {
			_, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Jo Bloggs"})
			errc <- err
		}()
	}
	for range writers {
		if err := <-errc; err != nil {
			t.Errorf("create: %v", err)
		}
	}
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "Jo Bloggs"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != writers {
		t.Errorf("%d speakers named Jo Bloggs, want %d", page.Total, writers)
	}
}
