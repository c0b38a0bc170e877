package seed

import (
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// TestMain runs the seed tests on SQLite and again on PostgreSQL.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

// TestLoadStoresEveryQuoteVerbatim loads the corpus into a real database and
// checks every stored quote against its stored source at its offsets.
func TestLoadStoresEveryQuoteVerbatim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	added, err := Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if added != len(docs) {
		t.Fatalf("added %d documents, want %d", added, len(docs))
	}
	page, err := st.ListSources(ctx, store.SourceFilter{Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range docs {
		want += len(d.Quotes)
	}
	got := 0
	for _, s := range page.Sources {
		src, quotes, err := st.GetSource(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune(src.Text)
		for _, q := range quotes {
			got++
			if q.End > len(runes) || string(runes[q.Start:q.End]) != q.Text {
				t.Errorf("source %d quote %d: %q is not the text at %d..%d", src.ID, q.ID, q.Text, q.Start, q.End)
			}
			if !utf8.ValidString(q.Text) {
				t.Errorf("quote %d: invalid UTF-8", q.ID)
			}
		}
	}
	if got != want {
		t.Errorf("stored %d quotes, corpus has %d", got, want)
	}

	// A second load adds nothing.
	again, err := Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	page2, err := st.ListQuotes(ctx, store.QuoteFilter{Page: store.Page{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if again != 0 || page2.Total != int64(want) {
		t.Errorf("second load added %d documents and left %d quotes, want 0 and %d", again, page2.Total, want)
	}
}

// TestLoadLinksOneSpeakerAcrossArticles checks the trap of one person under
// many names: McCallum is quoted in two articles and must be one speaker
// whatever name a user looks him up by.
func TestLoadLinksOneSpeakerAcrossArticles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	if _, err := Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	// "the head of MI5" finds him inside an article, but is no alias: the
	// next head of MI5 is someone else.
	if page, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: "the head of MI5"}); err != nil || page.Total != 0 {
		t.Errorf("speaker=the head of MI5: %d quotes, %v; want none, a description is no alias", page.Total, err)
	}
	for _, name := range []string{"Sir Ken", "Ken McCallum", "sir ken mccallum", "ken-mccallum"} {
		page, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: name, Page: store.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		sources := map[string]bool{}
		for _, q := range page.Quotes {
			if q.Speaker == nil || q.Speaker.Name != "Ken McCallum" {
				t.Errorf("speaker=%q: quote %d by %v", name, q.ID, q.Speaker)
			}
			sources[q.Source.Title] = true
		}
		if len(sources) != 2 {
			t.Errorf("speaker=%q: quotes from %d sources, want 2 (%v)", name, len(sources), sources)
		}
	}
	// Christopher Cash and Christopher Berry share a first name; Cash must
	// stay one speaker apart from anyone else.
	page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "Christopher", Page: store.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range page.Speakers {
		if sp.Name != "Christopher Cash" {
			t.Errorf("speaker search Christopher found %q", sp.Name)
		}
	}
}
