package store

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	// The pure-Go SQLite driver, registered as "sqlite", has FTS5 and the
	// trigram tokenizer compiled in, so `go run .` needs no cgo build tags.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/whosaid/whosaid/errs"
)

// openSQLite opens path with the pragmas every connection needs, set in the
// DSN so that each pooled connection gets them: busy_timeout first (so the
// others wait rather than fail), WAL, foreign keys, NORMAL sync (safe with
// WAL); transactions start IMMEDIATE so read-then-write never deadlocks.
// cacheKB is each connection's page cache in KiB.
func openSQLite(path string, cfg *gorm.Config, conns, cacheKB int) (*gorm.DB, error) {
	own := *cfg // gorm.Open keeps and fills in the config: one per pool
	db, err := gorm.Open(gormsqlite.New(gormsqlite.Config{DriverName: "sqlite", DSN: sqliteDSN(path, cacheKB)}), &own)
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(conns)
	sqlDB.SetMaxIdleConns(conns)
	sqlDB.SetConnMaxIdleTime(0)
	return db, nil
}

// Page cache of each connection, in KiB. Every connection has its own, so
// the readers' count eight times: they keep a small one and read the rest
// through the operating system's file cache (on the 10k perf database,
// GET by id and verify at 32 connections peaked at 236 MB resident with
// 16 MB each, 209 MB with 4 MB, 173 MB with 1 MB, no slower); the writer,
// which bulk loads and the FTS merges lean on, keeps a large one.
const (
	writerCacheKB = 16000
	readerCacheKB = 2000
	watchCacheKB  = 64 // the data_version watcher reads no pages
)

// sqliteDSN is the data source name of path with the pragmas above and a
// page cache of cacheKB KiB.
func sqliteDSN(path string, cacheKB int) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-" + strconv.Itoa(cacheKB) + ")", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// sqliteDialect is full-text search with FTS5.
type sqliteDialect struct{}

// ftsExpr renders terms as an FTS5 MATCH expression: each word a quoted
// string (so nothing typed is an operator), all required.
func ftsExpr(terms []searchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t.word, `"`, `""`) + `"`
		if t.prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// lockAttribution has nothing to do: SQLite has one writer at a time, and
// a write transaction begins IMMEDIATE, so its look-ups already see every
// committed speaker and no other writer runs until it ends.
func (sqliteDialect) lockAttribution(*gorm.DB) error { return nil }

func (sqliteDialect) quoteMatch(terms []searchTerm) textMatch {
	return textMatch{
		from:     "quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid",
		cond:     "quotes_fts MATCH ?",
		condArgs: []any{ftsExpr(terms)},
		snippet:  "snippet(quotes_fts, 0, '" + markOpen + "', '" + markClose + "', '…', 48)",
		rank:     "bm25(quotes_fts)",
		recent:   "quotes_fts.rowid",

		snippetFrom: "quotes_fts",
		snippetID:   "quotes_fts.rowid",
		rankFrom:    "quotes_fts",

		// Read once per query (it does not depend on the row).
		averages: "(SELECT block FROM quotes_fts_data WHERE id = 1)",
	}
}

func (sqliteDialect) quoteIDsMatching(terms []searchTerm) (string, []any) {
	return "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", []any{ftsExpr(terms)}
}

func (sqliteDialect) sourceIDsMatching(terms []searchTerm) (string, []any) {
	return "s.id IN (SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?)", []any{ftsExpr(terms)}
}

// translateSQLiteError maps the pure-Go driver's constraint errors to
// gorm's, which gorm's own translation only does for the cgo driver.
func translateSQLiteError(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w: %w", gorm.ErrForeignKeyViolated, err)
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return fmt.Errorf("%w: %w", gorm.ErrCheckConstraintViolated, err)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &errs.Error{Kind: errs.Unavailable, Message: "the database is busy; try again", Err: err}
	}
	return err
}
