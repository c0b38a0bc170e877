package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/factcheck"
)

// openPostgresStore opens a PostgreSQL database with two pools: readers,
// and a few writer connections of their own. PostgreSQL takes concurrent
// writers itself, but sharing one pool can deadlock inside gorm: with
// PrepareStmt, a reader waiting for a free connection to prepare a new
// statement holds gorm's statement-cache lock while it waits, and a write
// transaction that needs a new statement of its own waits for that lock;
// when every connection is held by a transaction queued behind that one
// (on a row or on lockAttribution), nothing moves. Writes only ever run
// inside transactions, which prepare on their own connection, so a pool
// of writers alone cannot wait on itself.
func openPostgresStore(ctx context.Context, cfg Config, gcfg *gorm.Config) (*Store, error) {
	conns := cfg.MaxReaders
	if conns <= 0 {
		conns = 16
	}
	idle := cfg.MaxIdle
	if idle <= 0 {
		idle = conns / 2
	}
	life := cfg.ConnMaxLifetime
	if life <= 0 {
		life = 30 * time.Minute
	}
	r, err := openPostgresPool(ctx, cfg.URL, gcfg, conns, idle, life)
	if err != nil {
		return nil, err
	}
	w, err := openPostgresPool(ctx, cfg.URL, gcfg, postgresWriters, postgresWriters, life)
	if err != nil {
		closePool(r)
		return nil, err
	}
	rDB, _ := r.DB()
	s := &Store{w: w, r: r, now: func() time.Time { return time.Now().UTC() }}
	s.rs = newReadStmts(rDB, true)
	// Migrations are scripts of many statements, which only the simple
	// query protocol carries: run them on a connection that does not
	// prepare statements.
	mdb, err := gorm.Open(postgres.New(postgres.Config{DSN: cfg.URL}), &gorm.Config{Logger: gcfg.Logger, TranslateError: true})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open PostgreSQL for migrations: %w", err)
	}
	err = migrate(ctx, mdb)
	closePool(mdb)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	return s, nil
}

// postgresWriters is the number of writer connections a process keeps on
// PostgreSQL: concurrent writes beyond it wait their turn in Go.
const postgresWriters = 4

// openPostgresPool opens one pool of connections to url and checks that
// the server answers.
func openPostgresPool(ctx context.Context, url string, gcfg *gorm.Config, open, idle int, life time.Duration) (*gorm.DB, error) {
	own := *gcfg // gorm.Open keeps and fills in the config: one per pool
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: url}), &own)
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(open)
	sqlDB.SetMaxIdleConns(idle)
	sqlDB.SetConnMaxLifetime(life)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("store: PostgreSQL does not answer: %w", err)
	}
	return db, nil
}

// closePool closes a pool's connections.
func closePool(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

// translateDriverError maps either backend's driver errors to gorm's
// sentinel errors (gorm translates PostgreSQL's constraint errors itself)
// and says when a conflict between concurrent transactions is worth a retry.
func translateDriverError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
		case "23503":
			return fmt.Errorf("%w: %w", gorm.ErrForeignKeyViolated, err)
		case "23514", "23502":
			return fmt.Errorf("%w: %w", gorm.ErrCheckConstraintViolated, err)
		case "40001", "40P01":
			return &errs.Error{Kind: errs.Unavailable, Message: "the database was busy with a conflicting change; try again", Err: err}
		}
		return err
	}
	return translateSQLiteError(err)
}

// postgresDialect is full-text search with tsvector columns and GIN
// indexes, over text folded by unaccent and the 'simple' configuration (no
// stemming, as SQLite's unicode61 tokenizer does none). Ranking is
// ts_rank_cd normalised by length, where SQLite uses bm25: both put
// shorter quotes with more of the words first, but scores differ.
type postgresDialect struct{}

// tsQuery renders terms as a to_tsquery expression: each word a quoted
// lexeme (so nothing typed is an operator), all required.
func tsQuery(terms []searchTerm, join string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		w := strings.ReplaceAll(strings.ReplaceAll(t.word, `\`, `\\`), "'", "''")
		parts[i] = "'" + w + "'"
		if t.prefix {
			parts[i] += ":*"
		}
	}
	return strings.Join(parts, join)
}

const pgQuery = "to_tsquery('simple', whosaid_unaccent(?))"

// lockAttribution takes a transaction-scoped advisory lock (taking it again
// in the same transaction returns at once). At READ COMMITTED a look-up
// sees only what was committed before it began: without the lock, two
// ingests of one new name both miss, and the slug check that follows
// (which does see the first commit) hands the second "name-2".
func (postgresDialect) lockAttribution(tx *gorm.DB) error {
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", attributionLock).Error
}

// attributionLock is the advisory lock key of lockAttribution.
const attributionLock = 0x77686f74

func (postgresDialect) quoteMatch(terms []searchTerm) textMatch {
	q := tsQuery(terms, " & ")
	return textMatch{
		from:        "quotes q",
		cond:        "q.search @@ " + pgQuery,
		condArgs:    []any{q},
		snippet:     "ts_headline('simple', q.text, " + pgQuery + ", 'StartSel=" + markOpen + ", StopSel=" + markClose + ", MaxWords=48, MinWords=24')",
		snippetArgs: []any{q},
		rank:        "-ts_rank_cd(q.search, " + pgQuery + ", 1)::float8",
		rankArgs:    []any{q},
		recent:      "q.id",
		snippetFrom: "quotes q",
		snippetID:   "q.id",
	}
}

func (postgresDialect) quoteIDsMatching(terms []searchTerm) (string, []any) {
	return "q.search @@ " + pgQuery, []any{tsQuery(terms, " & ")}
}

func (postgresDialect) sourceIDsMatching(terms []searchTerm) (string, []any) {
	return "s.search @@ " + pgQuery, []any{tsQuery(terms, " & ")}
}

// candidateIDs (PostgreSQL) fetches a bounded number of matches for each
// of the claim's longest words (long words are the rare ones) and for the
// longest three together, without ordering, so no query sorts every match
// of a common word; a word that fills its whole allowance is common and
// counts for less. The union is ranked by those weights.
func (postgresDialect) candidateIDs(db *gorm.DB, cq candidateQuery) ([]int64, error) {
	if cq.limit <= 0 || cq.limit > maxCandidates {
		cq.limit = maxCandidates
	}
	terms := factcheck.IndexTerms(cq.text)
	sort.SliceStable(terms, func(i, j int) bool { return len(terms[i]) > len(terms[j]) })
	if len(terms) > maxLookupTerms {
		terms = terms[:maxLookupTerms]
	}
	if len(terms) == 0 {
		return nil, nil
	}
	cond := "q.search @@ " + pgQuery
	var filters []any
	if len(cq.speakerIDs) > 0 {
		cond += " AND q.speaker_id IN ?"
		filters = append(filters, cq.speakerIDs)
	}
	if cq.notSource != 0 {
		cond += " AND q.source_id <> ?"
		filters = append(filters, cq.notSource)
	}
	fetch := func(query string) ([]int64, error) {
		args := append(append([]any{query}, filters...), cq.limit)
		var ids []int64
		err := db.Raw("SELECT q.id FROM quotes q WHERE "+cond+" LIMIT ?", args...).Scan(&ids).Error
		return ids, dbErr(err, "quote index")
	}
	score := map[int64]float64{}
	if len(terms) >= 2 {
		n := min(3, len(terms))
		st := make([]searchTerm, n)
		for i := range n {
			st[i] = searchTerm{word: terms[i]}
		}
		ids, err := fetch(tsQuery(st, " & "))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			score[id]++
		}
	}
	for _, t := range terms {
		ids, err := fetch(tsQuery([]searchTerm{{word: t}}, ""))
		if err != nil {
			return nil, err
		}
		weight := 1 / math.Log(2+float64(len(ids)))
		for _, id := range ids {
			score[id] += weight
		}
	}
	return bestScored(score, cq.limit), nil
}

func (postgresDialect) aliasesWithWords(db *gorm.DB, words []string) ([]aliasHit, error) {
	var terms []searchTerm
	for _, t := range factcheck.IndexTerms(strings.Join(words, " ")) {
		terms = append(terms, searchTerm{word: t})
	}
	if len(terms) == 0 {
		return nil, nil
	}
	var hits []aliasHit
	err := db.Raw(`SELECT a.speaker_id, a.name FROM speaker_aliases a
		WHERE to_tsvector('simple', whosaid_unaccent(a.name)) @@ `+pgQuery+` LIMIT 200`, tsQuery(terms, " | ")).Scan(&hits).Error
	return hits, dbErr(err, "speaker names")
}
