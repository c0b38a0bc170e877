package store_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// BenchmarkReadLongArticles reads quotes of articles as long as real ones:
// the perf corpus of 100,000 quotes with each article padded to about
// 6,500 bytes (corpus.Config.ArticleBytes), longer than a 4 KB page, where
// unpadded ones are about 1 KB. GET by id and a page of a rare word.
// LONG_ARTICLES_DIR names a directory where the database is built once and
// reused. Count the page reads with
//
//	LONG_ARTICLES_DIR=/tmp/longart strace -f -c -e trace=pread64 ./store.test -test.run '^$' -test.bench ReadLongArticles
func BenchmarkReadLongArticles(b *testing.B) {
	dir := os.Getenv("LONG_ARTICLES_DIR")
	if dir == "" {
		b.Skip("LONG_ARTICLES_DIR")
	}
	ctx := context.Background()
	c := corpus.New(corpus.Config{Quotes: 100000, ArticleBytes: 6500})
	cfg := c.Config()
	path := filepath.Join(dir, "long-articles-"+c.Digest()+".db")
	_, statErr := os.Stat(path)
	st, err := store.Open(ctx, store.Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if statErr != nil {
		docs := func(yield func(store.IngestInput) bool) {
			for i := range cfg.Sources {
				if !yield(c.Doc(i)) {
					return
				}
			}
		}
		if _, err := st.BulkIngest(ctx, docs, store.BulkOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	b.Run("GetQuote", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := st.GetQuoteCorroborated(ctx, int64(1+rng.IntN(cfg.Quotes))); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SearchPage", func(b *testing.B) {
		for b.Loop() {
			// Ranks of a few hundred: tens of matches, a full page.
			if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: c.Word(200 + rng.IntN(300))}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
