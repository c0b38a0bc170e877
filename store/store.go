// Package store keeps whosaid's speakers, sources and quotes. It is the only
// package that speaks SQL or gorm: callers pass and receive domain types
// (models and the inputs in types.go) and get errs kinds back, never driver
// errors. SQLite-specific SQL (pragmas, FTS5) lives in sqlite.go.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/whosaid/whosaid/errs"
)

// Config says where the database is and how to reach it.
type Config struct {
	// Path is the SQLite database file; it is created if missing.
	Path string
	// URL, when set, selects PostgreSQL instead (postgres://…).
	URL string
	// MaxReaders bounds the pool of read connections: default 8 for
	// SQLite, 16 for PostgreSQL. Writes have connections of their own:
	// one for SQLite, postgresWriters for PostgreSQL.
	MaxReaders int
	// MaxIdle and ConnMaxLifetime tune the PostgreSQL pool.
	MaxIdle         int
	ConnMaxLifetime time.Duration
}

// Store is the database behind the service. Writes go through a single
// connection (SQLite allows one writer at a time; queuing them in Go is
// cheaper than retrying on SQLITE_BUSY); reads use a pool.
type Store struct {
	w *gorm.DB // the one writer connection
	r *gorm.DB // pooled readers
	// rs runs the hottest reads on the readers with kept statements.
	rs *readStmts
	// counts keeps how many quotes the words of recent claims are in
	// (SQLite's candidate search, termDocs).
	counts termCounts
	// now is the clock, replaceable in tests.
	now func() time.Time
	// gen is the read generation (generation.go).
	gen generation
	// afterSpeakerLookup, set only by tests, runs in speakerForName
	// between looking a speaker up by name and creating it:
	// the window two writers must not both pass through.
	afterSpeakerLookup func()
}

// Open opens (creating if needed) and migrates the database.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	gcfg := &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	if cfg.URL != "" {
		return openPostgresStore(ctx, cfg, gcfg)
	}
	if cfg.Path == "" {
		return nil, errors.New("store: no database path")
	}
	if cfg.MaxReaders <= 0 {
		cfg.MaxReaders = 8
	}
	w, err := openSQLite(cfg.Path, gcfg, 1, writerCacheKB)
	if err != nil {
		return nil, fmt.Errorf("store: open writer: %w", err)
	}
	s := &Store{w: w, now: func() time.Time { return time.Now().UTC() }}
	if err := migrate(ctx, w); err != nil {
		s.closeDB(w)
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	r, err := openSQLite(cfg.Path, gcfg, cfg.MaxReaders, readerCacheKB)
	if err != nil {
		s.closeDB(w)
		return nil, fmt.Errorf("store: open readers: %w", err)
	}
	s.r = r
	sqlDB, err := r.DB()
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("store: open readers: %w", err)
	}
	s.rs = newReadStmts(sqlDB, false)
	if err := s.watchDataVersion(cfg.Path); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("store: open data_version watcher: %w", err)
	}
	return s, nil
}

// Close closes every connection.
func (s *Store) Close() error {
	if s.rs != nil {
		s.rs.close()
	}
	first := s.gen.close()
	if s.r != s.w {
		if err := s.closeDB(s.r); err != nil && first == nil {
			first = err
		}
	}
	if err := s.closeDB(s.w); err != nil && first == nil {
		first = err
	}
	return first
}

func (s *Store) closeDB(db *gorm.DB) error {
	if db == nil {
		return nil
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
		return &errs.Error{Kind: errs.Unavailable, Message: "the database does not answer", Err: err}
	}
	return nil
}

// read starts a read query.
func (s *Store) read(ctx context.Context) *gorm.DB { return s.r.WithContext(ctx) }

// write runs fn in one write transaction: all of it lands or none does.
// Once it has ended, committed or not, the read generation changes.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	defer s.bumpGeneration()
	return s.w.WithContext(ctx).Transaction(fn)
}

// dbErr turns a gorm error into the errs vocabulary at the boundary: a
// missing row becomes NotFound with the given description, constraint
// violations become Conflict or Invalid, everything else stays internal.
func dbErr(err error, what string) error {
	if err != nil {
		err = translateDriverError(err)
	}
	switch {
	case err == nil:
		return nil
	case errs.KindOf(err) != errs.Internal:
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return errs.NotFoundf("%s not found", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &errs.Error{Kind: errs.Conflict, Message: what + " already exists", Err: err}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return &errs.Error{Kind: errs.Conflict, Message: what + " is still referenced, or refers to something that does not exist", Err: err}
	case errors.Is(err, gorm.ErrCheckConstraintViolated):
		return &errs.Error{Kind: errs.Invalid, Message: what + " breaks a rule of the schema", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &errs.Error{Kind: errs.Unavailable, Message: "the request was cancelled or timed out", Err: err}
	}
	return fmt.Errorf("%s: %w", what, err)
}
