package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"strings"
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
//     loads through the writer's raw connection) rewrites the header of
//     the WAL index (the -shm file every connection to a WAL database
//     maps; its change counter goes up on every commit, and it is what
//     readers find their snapshot through), which Generation reads on
//     every call with one pread, taking no lock in SQLite; a change bumps
//     the generation. Where the -shm file cannot be read (a database not
//     in WAL mode), Generation asks PRAGMA data_version instead, on one
//     connection kept for it (that connection also keeps the -shm file in
//     place while the Store is open). The header read is some 30 times
//     cheaper than the query and lets concurrent reads check at once
//     instead of queueing on that connection.
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

	// shm is the WAL index file, nil when it cannot be read.
	shm *os.File

	mu      sync.Mutex
	db      *sql.DB // one connection, only for data_version; nil: not SQLite
	stmt    *sql.Stmt
	lastDV  int64
	lastHdr [walIndexHeaderSize]byte
	seen    bool
}

// walIndexHeaderSize is the size of the first copy of the WAL index
// header at the start of the -shm file (SQLite's WalIndexHdr: version,
// change counter, last frame, page count, checksums and salts).
const walIndexHeaderSize = 48

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
	// The -shm file exists once a connection has the database open in
	// WAL mode; the watcher's connection is opened here so that it does.
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err == nil && strings.EqualFold(mode, "wal") && !strings.ContainsAny(path, "?#") && !strings.HasPrefix(path, "file:") && path != ":memory:" {
		if f, err := os.Open(path + "-shm"); err == nil {
			s.gen.shm = f
		}
	}
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
	if g.shm != nil {
		var hdr [walIndexHeaderSize]byte
		if n, err := g.shm.ReadAt(hdr[:], 0); n == len(hdr) && err == nil {
			g.mu.Lock()
			// A header read while SQLite rewrites it may be torn: it
			// then differs from both and only bumps once more.
			if !g.seen || !bytes.Equal(hdr[:], g.lastHdr[:]) {
				g.lastHdr, g.seen = hdr, true
				g.n.Add(1)
			}
			gen := g.n.Load()
			g.mu.Unlock()
			return gen, true
		}
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
	if g.shm != nil {
		_ = g.shm.Close()
	}
	_ = g.stmt.Close()
	return g.db.Close()
}
