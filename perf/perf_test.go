// Package perf_test holds Go benchmarks of hot paths that need a corpus:
// JSON encoding of a quote page and keyset (cursor) pagination. They run
// only with -bench:
//
//	go test ./perf/ -run '^$' -bench . -benchmem
//
// WHOSAID_BENCH_QUOTES sizes the paginated corpus (default 20000).
package perf_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// BenchmarkQuotePageJSON encodes a page of 20 quotes as GET /quotes sends
// it.
func BenchmarkQuotePageJSON(b *testing.B) {
	c := corpus.New(corpus.Config{Quotes: 1000})
	at := time.Date(2025, 10, 16, 13, 0, 0, 0, time.UTC)
	url := "https://news.example/1"
	page := handlers.QuoteList{Total: 1000, TotalIsEstimate: true}
	for i := range 20 {
		text, name := c.Quote(i)
		page.Data = append(page.Data, handlers.Quote{
			ID: int64(i + 1), Text: text, Start: 100, End: 100 + len(text), Context: text, Kind: "direct", Placement: "body",
			Cue: "said", Status: "extracted", Confidence: 0.9, ReportedAt: at, CreatedAt: at, UpdatedAt: at,
			Speaker: &handlers.QuoteSpeaker{ID: 7, Name: name, Slug: "speaker-7", Kind: "person"},
			Source:  &handlers.QuoteSource{ID: 3, Title: "A headline of some length for the page", Outlet: "The Example Times", URL: &url, PublishedAt: &at},
		})
	}
	n := 0
	for b.Loop() {
		out, err := json.Marshal(page)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.SetBytes(int64(n))
}

// BenchmarkCursorPagination walks the newest-first quote list page by page
// with next_cursor; each page should cost the same however deep it is.
func BenchmarkCursorPagination(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("WHOSAID_BENCH_QUOTES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{Path: b.TempDir() + "/bench.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c := corpus.New(corpus.Config{Quotes: n})
	docs := func(yield func(store.IngestInput) bool) {
		for i := range c.Config().Sources {
			if !yield(c.Doc(i)) {
				return
			}
		}
	}
	if _, err := st.BulkIngest(ctx, docs, store.BulkOptions{RebuildFTS: true}); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    store.QuoteFilter
	}{
		{"all", store.QuoteFilter{}},
		{"speaker", store.QuoteFilter{Speaker: "1"}},
		{"search", store.QuoteFilter{Q: c.Word(35)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := tc.f
			f.Limit = 20
			for b.Loop() {
				page, err := st.ListQuotes(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				f.Cursor = page.NextCursor // from the start again after the last page
			}
		})
	}
}
