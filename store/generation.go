package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// The read generation lets callers cache what they read (the API keeps
// encoded answers of its hottest reads) and still see every write at once.
// It changes on every write that can have changed the database:
//
//   - each write transaction of this Store bumps it once it has ended
//     (committed or not), so the generation a reader takes before its
//     query is already stale when the write's data could be seen;
//   - on SQLite, any commit by any other connection or process (whosaid
//     import beside the server, a second Store on the same file, bulk
//     loads through the writer's raw connection) changes PRAGMA
//     data_version as seen from one connection kept for asking it, which
//     Generation asks on every call; a change bumps the generation.
//
// Callers take the generation before reading and keep what they read
// under it; an entry is good only while Generation returns the same value.
// PostgreSQL has no cheap equivalent of data_version across processes
// (several servers may write one database), so there Generation says not
// to cache.

// generation is a Store's read generation and, for SQLite, the connection
// that watches data_version.
type generation struct {
	n atomic.Uint64

	mu     sync.Mutex
	db     *sql.DB // one connection, only for data_version; nil: not SQLite
	stmt   *sql.Stmt
	lastDV int64
	seen   bool
}

// watchDataVersion opens the connection that reads data_version.
func (s *Store) watchDataVersion(path string) error {
	db, err := sql.Open("sqlite", sqliteDSN(path, watchCacheKB))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	stmt, err := db.Prepare("PRAGMA data_version")
	if err != nil {
		_ = db.Close()
		return err
	}
	s.gen.db, s.gen.stmt = db, stmt
	return nil
}

// bumpGeneration marks everything read so far as possibly stale.
func (s *Store) bumpGeneration() { s.gen.n.Add(1) }

// Generation returns the current read generation, and false when reads
// must not be cached (PostgreSQL, or data_version could not be read).
// Anything read after this call may be kept under the value returned
// until a later call returns another.
func (s *Store) Generation(ctx context.Context) (uint64, bool) {
	g := &s.gen
	if g.db == nil {
		return 0, false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var dv int64
	if err := g.stmt.QueryRowContext(ctx).Scan(&dv); err != nil {
		g.seen = false
		g.n.Add(1)
		return 0, false
	}
	if !g.seen || dv != g.lastDV {
		g.lastDV, g.seen = dv, true
		g.n.Add(1)
	}
	return g.n.Load(), true
}

func (g *generation) close() error {
	if g.db == nil {
		return nil
	}
	_ = g.stmt.Close()
	return g.db.Close()
}
