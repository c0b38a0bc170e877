package api

import (
	"context"
	"strconv"
	"testing"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// The read cache must never answer with what a write has changed: the next
// read after a write through the API sees it.
func TestReadCacheSeesWritesThroughTheAPI(t *testing.T) {
	s := newTestServer(t)
	page := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1")
	id := page.Data[0].ID
	u := "/api/v1/quotes/" + strconv.FormatInt(id, 10)
	for _, status := range []string{"disputed", "verified", "disputed"} {
		get[handlers.Quote](t, s, u) // cached now
		get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1")
		send(t, s, "PATCH", u, `{"status":"`+status+`"}`, 200)
		if q := get[handlers.Quote](t, s, u); q.Status != status {
			t.Fatalf("after PATCH status=%s, GET says %s", status, q.Status)
		}
		if l := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1"); l.Data[0].Status != status {
			t.Fatalf("after PATCH status=%s, the list says %s", status, l.Data[0].Status)
		}
	}
}

// A write by another store on the same SQLite file (whosaid import beside
// the server) is seen by the server's next read: the store's generation
// follows PRAGMA data_version.
func TestReadCacheSeesWritesOfAnotherProcess(t *testing.T) {
	cfg := storetest.Config(t)
	if cfg.Path == "" {
		t.Skip("SQLite only: PostgreSQL answers are not cached")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	s := &testServer{h: NewRouter(Deps{Store: st, Log: testLogger(t)}), st: st}
	other, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	page := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1")
	id := page.Data[0].ID
	u := "/api/v1/quotes/" + strconv.FormatInt(id, 10)
	for _, status := range []string{"disputed", "verified", "retracted"} {
		get[handlers.Quote](t, s, u)
		get[handlers.Quote](t, s, u) // from the cache
		if _, err := other.UpdateQuote(ctx, id, store.QuotePatch{Status: &status}); err != nil {
			t.Fatal(err)
		}
		if q := get[handlers.Quote](t, s, u); q.Status != status {
			t.Fatalf("after another store set status=%s, GET says %s", status, q.Status)
		}
		if l := get[handlers.QuoteList](t, s, "/api/v1/quotes?limit=1"); l.Data[0].Status != status {
			t.Fatalf("after another store set status=%s, the list says %s", status, l.Data[0].Status)
		}
	}
}

// The store's generation changes with each write, its own or another
// store's on the same file, and not without one.
func TestStoreGeneration(t *testing.T) {
	cfg := storetest.Config(t)
	ctx := context.Background()
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if cfg.Path == "" {
		if _, ok := st.Generation(ctx); ok {
			t.Fatal("PostgreSQL store says its reads may be cached")
		}
		return
	}
	other, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	g0, ok := st.Generation(ctx)
	if !ok {
		t.Fatal("SQLite store says not to cache")
	}
	if g, _ := st.Generation(ctx); g != g0 {
		t.Fatalf("generation moved without a write: %d then %d", g0, g)
	}
	if _, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "Ada One"}); err != nil {
		t.Fatal(err)
	}
	g1, _ := st.Generation(ctx)
	if g1 == g0 {
		t.Fatal("own write left the generation unchanged")
	}
	if _, err := other.CreateSpeaker(ctx, store.SpeakerInput{Name: "Bea Two"}); err != nil {
		t.Fatal(err)
	}
	if g2, _ := st.Generation(ctx); g2 == g1 {
		t.Fatal("another store's write left the generation unchanged")
	}
}
