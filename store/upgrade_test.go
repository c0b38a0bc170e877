package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

// TestUpgradeFromSchemaV1KeepsEveryRow builds a database the way version 1
// of whosaid left it — only migration 0001 applied, recorded in
// schema_migrations — with rows in every table, then opens it with this
// build, which applies the later migrations (each in its transaction),
// and checks that every row is still there and works. It runs on SQLite
// in the SQLite pass and on PostgreSQL in the PostgreSQL pass.
func TestUpgradeFromSchemaV1KeepsEveryRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var (
		cfg            store.Config
		driver, dsn, v string
	)
	if storetest.Backend() == "postgres" {
		cfg = storetest.PostgresConfig(t)
		driver, dsn, v = "pgx", cfg.URL, "postgres"
	} else {
		cfg = store.Config{Path: filepath.Join(t.TempDir(), "v1.db")}
		driver, dsn, v = "sqlite", "file:"+cfg.Path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)", "sqlite"
	}
	v1, err := os.ReadFile("migrations/" + v + "/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	const now = "2025-10-16 12:00:00"
	text := `The director said: "We face a daily threat." Critics called it "alarmist".`
	for _, stmt := range []string{
		string(v1),
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', '` + now + `')`,
		`INSERT INTO speakers (id, name, slug, kind, description, created_at, updated_at) VALUES
			(1, 'Ken McCallum', 'ken-mccallum', 'person', 'Director General of MI5', '` + now + `', '` + now + `'),
			(2, 'The Critics', 'the-critics', 'organization', '', '` + now + `', '` + now + `')`,
		`INSERT INTO speaker_aliases (id, speaker_id, name, key, created_at) VALUES
			(1, 1, 'the director', 'the director', '` + now + `'),
			(2, 1, 'Sir Ken', 'ken', '` + now + `'),
			(3, 2, 'The Critics', 'the critics', '` + now + `')`,
		`INSERT INTO sources (id, title, outlet, url, text, content_hash, created_at, updated_at) VALUES
			(1, 'MI5 warns', 'Test Gazette', 'https://example.com/a', '` + text + `', 'hash-1', '` + now + `', '` + now + `')`,
		`INSERT INTO quotes (id, text, speaker_id, source_id, start_offset, end_offset, kind, status, reported_at, created_at, updated_at) VALUES
			(1, 'We face a daily threat.', 1, 1, 20, 43, 'direct', 'verified', '` + now + `', '` + now + `', '` + now + `'),
			(2, 'alarmist', 2, 1, 64, 72, 'partial', 'extracted', '` + now + `', '` + now + `', '` + now + `')`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("building the v1 database: %v\n%.200s", err, stmt)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open and upgrade: %v", err)
	}
	defer st.Close()

	qs, err := st.ListQuotes(ctx, store.QuoteFilter{Page: store.Page{Limit: 10}})
	if err != nil || qs.Total != 2 || len(qs.Quotes) != 2 {
		t.Fatalf("quotes after the upgrade: %+v, %v", qs, err)
	}
	found, err := st.ListQuotes(ctx, store.QuoteFilter{Q: "threat", Speaker: "Sir Ken", Page: store.Page{Limit: 10}})
	if err != nil || found.Total != 1 || found.Quotes[0].Text != "We face a daily threat." || found.Quotes[0].Status != "verified" {
		t.Fatalf("search by an old alias after the upgrade: %+v, %v", found, err)
	}
	// Version 5 drops the aliases that are descriptions ("the director"),
	// and keeps a speaker's own name even when it reads like one.
	ken, err := st.GetSpeaker(ctx, "ken-mccallum")
	if err != nil || ken.Description != "Director General of MI5" || len(ken.Aliases) != 1 || ken.Aliases[0].Name != "Sir Ken" {
		t.Fatalf("speaker after the upgrade: %+v, %v", ken, err)
	}
	if critics, err := st.GetSpeaker(ctx, "the-critics"); err != nil || len(critics.Aliases) != 1 || critics.Aliases[0].Name != "The Critics" {
		t.Fatalf("a speaker named like a description keeps its name: %+v, %v", critics, err)
	}
	// What the later versions added works on the old rows.
	if _, err := st.ReviewQuote(ctx, 2, store.ReviewInput{Status: "disputed", Note: "after upgrade"}); err != nil {
		t.Fatalf("review (v2) on an old quote: %v", err)
	}
	if _, token, err := st.CreateKey(ctx, "upgrader", store.RoleAdmin); err != nil {
		t.Fatalf("create a key (v3): %v", err)
	} else if _, err := st.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	// Opening again applies nothing twice.
	st.Close()
	st, err = store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if qs, err := st.ListQuotes(ctx, store.QuoteFilter{Page: store.Page{Limit: 10}}); err != nil || qs.Total != 2 {
		t.Fatalf("quotes after reopening: %d, %v", qs.Total, err)
	}
}
