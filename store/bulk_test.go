package store_test

import (
	"context"
	"testing"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// TestBulkIngest loads a small synthetic corpus both ways (FTS by
// triggers, FTS rebuilt once) and checks what Ingest would have stored:
// every quote, searchable, with counters right, speakers linked across
// documents, and a second load storing nothing twice.
func TestBulkIngest(t *testing.T) {
	for _, rebuild := range []bool{false, true} {
		t.Run(map[bool]string{false: "triggers", true: "rebuild"}[rebuild], func(t *testing.T) {
			// rebuild: the full-text indexes, the other indexes and the
			// counters are all built once at the end.
			ctx := context.Background()
			st := openStore(t)
			c := corpus.New(corpus.Config{Quotes: 400})
			cfg := c.Config()
			docs := func(yield func(store.IngestInput) bool) {
				for i := range cfg.Sources {
					if !yield(c.Doc(i)) {
						return
					}
				}
			}
			stats, err := st.BulkIngest(ctx, docs, store.BulkOptions{DocsPerTx: 7, RebuildFTS: rebuild, DeferIndexes: rebuild, LinkExact: true})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Docs != cfg.Sources || stats.Quotes != cfg.Quotes || stats.Skipped != 0 {
				t.Fatalf("stored %+v, want %d documents and %d quotes", stats, cfg.Sources, cfg.Quotes)
			}
			if stats.Speakers > cfg.Speakers { // (PostgreSQL's path through Ingest does not count them)
				t.Errorf("%d speakers created for %d generated", stats.Speakers, cfg.Speakers)
			}
			text, speaker := c.Quote(123)
			page, err := st.ListQuotes(ctx, store.QuoteFilter{Q: text, Speaker: speaker})
			if err != nil || len(page.Quotes) == 0 {
				t.Fatalf("quote 123 not found by its words and speaker: %v", err)
			}
			sp := page.Quotes[0].Speaker
			all, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: sp.Slug, Page: store.Page{Limit: 100}})
			if err != nil || all.Total != sp.QuoteCount || all.TotalIsEstimate {
				t.Fatalf("speaker %s: total %d (estimate %v), counter %d: %v", sp.Slug, all.Total, all.TotalIsEstimate, sp.QuoteCount, err)
			}
			checkSourceCounts(t, st, stats.Docs)
			checkUtterances(t, st, cfg.Quotes, stats.Linked)
			again, err := st.BulkIngest(ctx, docs, store.BulkOptions{})
			if err != nil || again.Skipped != cfg.Sources || again.Quotes != 0 {
				t.Fatalf("second load: %+v, %v", again, err)
			}
		})
	}
}

// TestBulkIngestInterrupted stops a load that dropped the full-text
// triggers, the indexes and the counter trigger after its first
// transaction, as a crash would, and checks that RepairFTS puts back a
// database that finds and counts what was stored.
func TestBulkIngestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	c := corpus.New(corpus.Config{Quotes: 400})
	cfg := c.Config()
	docs := func(yield func(store.IngestInput) bool) {
		for i := range cfg.Sources {
			if !yield(c.Doc(i)) {
				return
			}
		}
	}
	_, err := st.BulkIngest(ctx, docs, store.BulkOptions{DocsPerTx: 10, RebuildFTS: true, DeferIndexes: true, LinkExact: true,
		Progress: func(int) { cancel() }})
	if err == nil { // PostgreSQL loads through Ingest, with nothing to repair
		t.Skip("load not interrupted")
	}
	if err := st.RepairFTS(context.Background()); err != nil {
		t.Fatal(err)
	}
	text, speaker := c.Quote(3)
	page, err := st.ListQuotes(context.Background(), store.QuoteFilter{Q: text, Speaker: speaker})
	if err != nil || len(page.Quotes) == 0 {
		t.Fatalf("quote 3 not found after repair: %v", err)
	}
	sp := page.Quotes[0].Speaker
	all, err := st.ListQuotes(context.Background(), store.QuoteFilter{Speaker: sp.Slug, Page: store.Page{Limit: 100}})
	if err != nil || all.Total != sp.QuoteCount || all.TotalIsEstimate {
		t.Fatalf("speaker %s: total %d, counter %d: %v", sp.Slug, all.Total, sp.QuoteCount, err)
	}
	// The rest loads on top, through the ordinary checks.
	stats, err := st.BulkIngest(context.Background(), docs, store.BulkOptions{RebuildFTS: true, DeferIndexes: true, LinkExact: true})
	if err != nil || stats.Docs != cfg.Sources || stats.Skipped == 0 || stats.Skipped == cfg.Sources {
		t.Fatalf("second load: %+v, %v", stats, err)
	}
	checkSourceCounts(t, st, cfg.Sources)
}

// checkUtterances checks that each of the first n quotes (ids from 1)
// that is linked names a first report that names itself, and, when the
// load counted its links (SQLite), that linked of them are linked.
func checkUtterances(t *testing.T, st *store.Store, n, linked int) {
	t.Helper()
	got := 0
	for id := int64(1); id <= int64(n); id++ {
		c, err := st.Corroborate(context.Background(), id)
		if err != nil {
			t.Fatalf("quote %d: %v", id, err)
		}
		if c.UtteranceID == nil {
			continue
		}
		got++
		first, err := st.Corroborate(context.Background(), *c.UtteranceID)
		if err != nil || first.UtteranceID == nil || *first.UtteranceID != *c.UtteranceID {
			t.Fatalf("quote %d: utterance %d, whose own is %v: %v", id, *c.UtteranceID, first.UtteranceID, err)
		}
	}
	if linked > 0 && got != linked {
		t.Fatalf("%d quotes linked, the load says %d", got, linked)
	}
}

// checkSourceCounts checks that each of the first n sources (ids from 1)
// counts its quotes: a deferred load stores them with the count rather
// than recount them.
func checkSourceCounts(t *testing.T, st *store.Store, n int) {
	t.Helper()
	for id := int64(1); id <= int64(n); id++ {
		src, qs, err := st.GetSource(context.Background(), id)
		if err != nil {
			t.Fatalf("source %d: %v", id, err)
		}
		if src.QuoteCount != int64(len(qs)) {
			t.Fatalf("source %d: quote_count %d, %d quotes", id, src.QuoteCount, len(qs))
		}
	}
}
