package store_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// counts is what a test compares to see that the database did not change.
type counts struct{ sources, quotes, speakers int64 }

func countRows(t *testing.T, st *store.Store) counts {
	t.Helper()
	ctx := context.Background()
	src, err := st.ListSources(ctx, store.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := st.ListQuotes(ctx, store.QuoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sps, err := st.ListSpeakers(ctx, store.SpeakerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return counts{src.Total, qs.Total, sps.Total}
}

// repeatedQuotes is an ingest of n quotations "Yes," each said by a new
// speaker, the first of them quoteChars characters long.
func repeatedQuotes(n, quoteChars int) store.IngestInput {
	first := strings.Repeat("é", quoteChars)
	text := "“" + first + "” he said.\n" + strings.Repeat("“Yes,” he said.\n", n-1)
	in := store.IngestInput{Source: store.SourceInput{Title: "T", Text: text},
		Speakers: []store.IngestSpeaker{{Name: "Anna Quill", Kind: "person"}}}
	in.Quotes = append(in.Quotes, store.IngestQuote{Text: first, Start: 1, End: 1 + quoteChars, Speaker: "Anna Quill", Kind: "direct"})
	for i := 1; i < n; i++ {
		start := 1 + quoteChars + utf8.RuneCountInString("” he said.\n") + (i-1)*utf8.RuneCountInString("“Yes,” he said.\n") + 1
		in.Quotes = append(in.Quotes, store.IngestQuote{Text: "Yes,", Start: start, End: start + 4, Speaker: "Anna Quill", Kind: "direct"})
	}
	return in
}

// TestIngestLimits: a source never holds more than models/limits.go allows,
// and an ingest over a limit stores nothing.
func TestIngestLimits(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	for _, tc := range []struct {
		name      string
		in        store.IngestInput
		wantKind  errs.Kind // 0: stored
		wantField string
	}{
		{"quotations over the limit", repeatedQuotes(models.MaxQuotesPerSource+1, 3), errs.Unprocessable, "text"},
		{"quotation over the length limit", repeatedQuotes(2, models.MaxQuoteChars+1), errs.Invalid, "quotes[0].text"},
		{"text over the size limit", store.IngestInput{Source: store.SourceInput{Title: "T", Text: strings.Repeat("a", models.MaxSourceBytes+1)}}, errs.Invalid, "text"},
		{"at every limit", repeatedQuotes(models.MaxQuotesPerSource, models.MaxQuoteChars), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countRows(t, st)
			res, err := st.Ingest(context.Background(), tc.in)
			if tc.wantKind == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Quotes) != len(tc.in.Quotes) {
					t.Fatalf("stored %d quotes of %d", len(res.Quotes), len(tc.in.Quotes))
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Kind != tc.wantKind || len(e.Fields) == 0 || e.Fields[0].Field != tc.wantField {
				t.Fatalf("error %v, want a %v error naming %s", err, tc.wantKind, tc.wantField)
			}
			if after := countRows(t, st); after != before {
				t.Fatalf("a refused ingest changed the database: %+v → %+v", before, after)
			}
		})
	}
}

// cancelAfter is a context that is cancelled at the nth call of its Done
// method: the database layers ask for it at each step of their work, so
// cancelling at each n in turn cancels an ingest at each of its steps.
type cancelAfter struct {
	context.Context
	n      atomic.Int64
	cancel context.CancelFunc
}

func newCancelAfter(n int64) *cancelAfter {
	ctx, cancel := context.WithCancel(context.Background())
	c := &cancelAfter{Context: ctx, cancel: cancel}
	c.n.Store(n)
	return c
}

func (c *cancelAfter) Done() <-chan struct{} {
	if c.n.Add(-1) == 0 {
		c.cancel()
	}
	return c.Context.Done()
}

// TestCancelledIngestLeavesDatabaseAsItWas cancels an ingest at every
// step, in turn, until one gets through: each that fails must leave the
// database as it was, and the one that succeeds must store everything.
func TestCancelledIngestLeavesDatabaseAsItWas(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	in := repeatedQuotes(20, 10)
	in.Speakers = append(in.Speakers, store.IngestSpeaker{Name: "Bruno Vale", Kind: "person", Aliases: []string{"Mr Vale"}})
	in.Quotes[1].Speaker = "Mr Vale"
	before := countRows(t, st)
	for n := int64(1); ; n++ {
		if n > 10000 {
			t.Fatal("the ingest never got through")
		}
		ctx := newCancelAfter(n)
		res, err := st.Ingest(ctx, in)
		ctx.cancel()
		after := countRows(t, st)
		if err != nil {
			if after != before {
				t.Fatalf("cancelled at step %d (%v), the ingest changed the database: %+v → %+v", n, err, before, after)
			}
			continue
		}
		want := counts{before.sources + 1, before.quotes + int64(len(in.Quotes)), before.speakers + 2}
		if !res.Created || len(res.Quotes) != len(in.Quotes) || after != want {
			t.Fatalf("the ingest that got through at step %d: created %v, %d quotes; database %+v, want %+v", n, res.Created, len(res.Quotes), after, want)
		}
		t.Logf("%s: cancelled at each of steps 1 to %d, the database was unchanged; at step %d the ingest got through", storetest.Backend(), n-1, n)
		return
	}
}
