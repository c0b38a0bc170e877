package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/store"
)

// BenchmarkReadLongArticles reads quotes of articles as long as real ones
// (about 6.5 KB, longer than a 4 KB page, where the perf corpus's are
// about 1 KB): GET by id and a search page. LONG_ARTICLES_DIR names a
// directory where the 300 MB database is built once (20,000 articles of
// five quotes) and reused. Count the page reads with
//
//	LONG_ARTICLES_DIR=/tmp/longart strace -f -c -e trace=pread64 ./store.test -test.run '^$' -test.bench ReadLongArticles
func BenchmarkReadLongArticles(b *testing.B) {
	dir := os.Getenv("LONG_ARTICLES_DIR")
	if dir == "" {
		b.Skip("LONG_ARTICLES_DIR")
	}
	ctx := context.Background()
	path := filepath.Join(dir, "long-articles.db")
	_, statErr := os.Stat(path)
	st, err := store.Open(ctx, store.Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const docs = 20000
	if statErr != nil {
		if _, err := st.BulkIngest(ctx, longArticles(docs), store.BulkOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	b.Run("GetQuote", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := st.GetQuoteCorroborated(ctx, int64(1+rng.IntN(docs*5))); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SearchPage", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: fmt.Sprint(rng.IntN(docs))}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// longArticles yields n articles of five quotes, each quote after about
// 1,300 bytes of the writer's words.
func longArticles(n int) func(func(store.IngestInput) bool) {
	return func(yield func(store.IngestInput) bool) {
		rng := rand.New(rand.NewPCG(1, 2))
		words := strings.Fields("the minister said council plan budget river school hospital police court election vote party leader union strike")
		for d := range n {
			var b strings.Builder
			in := store.IngestInput{}
			b.WriteString(fmt.Sprintf("Headline %d\n\n", d))
			for k := range 5 {
				for b.Len() < (k+1)*1300 {
					b.WriteString(words[rng.IntN(len(words))] + " ")
				}
				q := fmt.Sprintf("We will act on item %d of %d now", k, d)
				name := fmt.Sprintf("Person %c%c", 'a'+d%26, 'a'+k)
				b.WriteString("“")
				start := len([]rune(b.String()))
				b.WriteString(q)
				in.Quotes = append(in.Quotes, store.IngestQuote{Text: q, Start: start, End: start + len(q), Speaker: name, Confidence: 1})
				in.Speakers = append(in.Speakers, store.IngestSpeaker{Name: name, Kind: "person"})
				b.WriteString("” she said.\n\n")
			}
			u := fmt.Sprintf("https://x.example/%d", d)
			in.Source = store.SourceInput{Title: fmt.Sprintf("Headline %d", d), URL: &u, Text: b.String()}
			if !yield(in) {
				return
			}
		}
	}
}
