// Package storetest opens real databases for tests: a SQLite file under the
// test's temporary directory, or, in the PostgreSQL pass of the same test
// binary, a schema of its own in the local PostgreSQL server. Packages
// whose tests use a store call Main from TestMain, and their whole suite
// runs once per backend.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for schema setup

	"github.com/whosaid/whosaid/store"
)

// DefaultPostgresURL is the local test server every developer machine and
// CI runs; WHOSAID_TEST_POSTGRES_URL overrides it.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// backend is the database this pass of the test binary uses.
var backend = "sqlite"

// Backend names the database of the current pass: "sqlite" or "postgres".
func Backend() string { return backend }

// PostgresURL is where PostgreSQL tests connect.
func PostgresURL() string {
	if u := os.Getenv("WHOSAID_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Main runs the package's tests on SQLite, then again on PostgreSQL when
// a server answers at PostgresURL, and says plainly when it skips that
// pass. WHOSAID_TEST_BACKEND=sqlite or =postgres runs only that pass;
// with WHOSAID_REQUIRE_POSTGRES=1 an unreachable server fails the run.
func Main(m *testing.M) int {
	only := os.Getenv("WHOSAID_TEST_BACKEND")
	code := 0
	if only == "" || only == "sqlite" {
		backend = "sqlite"
		code = m.Run()
	}
	if only != "" && only != "postgres" {
		return code
	}
	if err := preparePostgres(); err != nil {
		if os.Getenv("WHOSAID_REQUIRE_POSTGRES") == "1" {
			fmt.Fprintf(os.Stderr, "storetest: PostgreSQL required but unreachable at %s: %v\n", redact(PostgresURL()), err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "storetest: PostgreSQL pass SKIPPED: no server at %s (%v); set WHOSAID_TEST_POSTGRES_URL\n", redact(PostgresURL()), err)
		return code
	}
	fmt.Fprintf(os.Stderr, "storetest: PostgreSQL pass at %s\n", redact(PostgresURL()))
	backend = "postgres"
	if c := m.Run(); c != 0 {
		code = c
	}
	return code
}

// preparePostgres checks the server answers and installs the extensions
// the schema needs once, before parallel tests race to create them.
func preparePostgres() error {
	db, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	for _, ext := range []string{"unaccent", "pg_trgm"} {
		if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS "+ext+" WITH SCHEMA public"); err != nil {
			return fmt.Errorf("create extension %s: %w", ext, err)
		}
	}
	return nil
}

// Config returns a store configuration for a new, empty database of the
// current backend that lives as long as the test.
func Config(t testing.TB) store.Config {
	t.Helper()
	if backend != "postgres" {
		return store.Config{Path: filepath.Join(t.TempDir(), "test.db")}
	}
	return postgresConfig(t)
}

// PostgresConfig returns the configuration of a new, empty PostgreSQL
// schema that lives as long as the test, whatever the current pass; it
// skips the test when no server answers (or fails it when
// WHOSAID_REQUIRE_POSTGRES=1).
func PostgresConfig(t testing.TB) store.Config {
	t.Helper()
	if err := preparePostgres(); err != nil {
		if os.Getenv("WHOSAID_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required but unreachable at %s: %v", redact(PostgresURL()), err)
		}
		t.Skipf("SKIPPED: no PostgreSQL at %s (%v)", redact(PostgresURL()), err)
	}
	return postgresConfig(t)
}

func postgresConfig(t testing.TB) store.Config {
	t.Helper()
	schema := "t_" + randomHex(8)
	db, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return store.Config{URL: u.String(), MaxReaders: 4}
}

// Open opens a new, empty, migrated store of the current backend, closed
// when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), Config(t))
	if err != nil {
		t.Fatalf("storetest: open %s store: %v", backend, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
