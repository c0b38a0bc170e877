package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// TestCopyAllBetweenBackends copies a database from SQLite to PostgreSQL
// and back, and checks rows, ids, search and counters survive both ways.
func TestCopyAllBetweenBackends(t *testing.T) {
	if storetest.Backend() != "sqlite" {
		t.Skip("copies between both backends once, in the SQLite pass")
	}
	ctx := context.Background()
	lite := openStore(t)
	res := ingestArticle(t, lite, article, 1)
	ingestArticle(t, lite, article+"\nSecond edition.", 2)

	pg, err := store.Open(ctx, storetest.PostgresConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	counts, err := lite.CopyAll(ctx, pg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if counts["quotes"] != 8 || counts["sources"] != 2 {
		t.Fatalf("copied %v", counts)
	}
	if _, err := lite.CopyAll(ctx, pg, nil); err == nil {
		t.Fatal("a second copy into a database that holds rows should be refused")
	}
	q, err := pg.GetQuote(ctx, res.Quotes[0].ID)
	if err != nil || q.Text != res.Quotes[0].Text || q.Speaker == nil || q.Speaker.QuoteCount != 4 {
		t.Fatalf("quote %d after the copy: %+v (%v)", res.Quotes[0].ID, q, err)
	}
	page, err := pg.ListQuotes(ctx, store.QuoteFilter{Q: "sewage"})
	if err != nil || page.Total != 2 {
		t.Fatalf("search after the copy: %d matches (%v)", page.Total, err)
	}
	// New rows in the target get fresh ids after the copied ones.
	more := ingestArticle(t, pg, article+"\nThird edition.", 3)
	if more.Source.ID <= 2 {
		t.Fatalf("new source id %d collides with copied ids", more.Source.ID)
	}

	back, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "back.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	counts, err = pg.CopyAll(ctx, back, nil)
	if err != nil {
		t.Fatal(err)
	}
	if counts["quotes"] != 12 {
		t.Fatalf("copied back %v", counts)
	}
	page, err = back.ListQuotes(ctx, store.QuoteFilter{Q: "sewage"})
	if err != nil || page.Total != 3 {
		t.Fatalf("search after copying back: %d (%v)", page.Total, err)
	}
}
