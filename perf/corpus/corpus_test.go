package corpus

import (
	"slices"
	"testing"

	"github.com/whosaid/whosaid/store"
)

// Padding articles lengthens them and changes nothing else: the same
// quotes, at offsets that still point at them, by the same speakers.
func TestArticleBytesPadsAndKeepsQuotes(t *testing.T) {
	short := New(Config{Quotes: 500})
	long := New(Config{Quotes: 500, ArticleBytes: 5000})
	if short.Digest() == long.Digest() {
		t.Error("a padded corpus has the unpadded one's digest (and database file)")
	}
	var shortBytes, longBytes int
	for i := range short.Config().Sources {
		s, l := short.Doc(i), long.Doc(i)
		shortBytes += len(s.Source.Text)
		longBytes += len(l.Source.Text)
		if len(l.Source.Text) < 5000 {
			t.Errorf("doc %d: %d bytes, want at least 5000", i, len(l.Source.Text))
		}
		if !slices.EqualFunc(s.Quotes, l.Quotes, func(a, b store.IngestQuote) bool { return a.Text == b.Text && a.Speaker == b.Speaker }) {
			t.Fatalf("doc %d: padding changed its quotes", i)
		}
		runes := []rune(l.Source.Text)
		for _, q := range l.Quotes {
			if got := string(runes[q.Start:q.End]); got != q.Text {
				t.Fatalf("doc %d: text at %d..%d is %q, want %q", i, q.Start, q.End, got, q.Text)
			}
		}
	}
	t.Logf("mean article: %d bytes unpadded, %d padded", shortBytes/short.Config().Sources, longBytes/long.Config().Sources)
}
