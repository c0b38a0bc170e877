package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// readStmts runs the hottest read queries (GET by id, list pages, search)
// on the readers' database/sql pool directly, each statement prepared once
// and kept: through gorm every query also paid for building its statement
// (callbacks, placeholder parsing, the prepared-statement map under a
// lock), a good share of a one-row query.
//
// Queries are written with ? placeholders; on PostgreSQL they are turned
// into $1, $2, … when prepared. They must have no ? inside literals.
type readStmts struct {
	db *sql.DB
	pg bool

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// maxReadStmts bounds the statements kept; queries past it (filters
// combined in rare ways) run unprepared.
const maxReadStmts = 256

func newReadStmts(db *sql.DB, pg bool) *readStmts {
	return &readStmts{db: db, pg: pg, stmts: map[string]*sql.Stmt{}}
}

// query runs query with args on the readers. The kept statements are
// bounded reads (a row by id, a page, a capped count, a rare word's
// matches), so once started they run to the end whatever the caller's
// context does: with a context that can be cancelled, database/sql and
// the SQLite driver each start a goroutine per query to watch it, which
// made a GET by id 40 % dearer in CPU (126 against 89 µs at 1M quotes,
// BenchmarkReadGetCorroborated with a cancellable context). A context
// already ended still stops the query before it starts.
func (p *readStmts) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx = context.WithoutCancel(ctx)
	p.mu.RLock()
	st := p.stmts[query]
	p.mu.RUnlock()
	if st == nil {
		var err error
		if st, err = p.prepare(ctx, query); err != nil {
			return nil, err
		}
		if st == nil {
			return p.db.QueryContext(ctx, p.rebind(query), args...)
		}
	}
	return st.QueryContext(ctx, args...)
}

// prepare returns query's kept statement, preparing it first; nil when no
// more statements are kept.
func (p *readStmts) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st := p.stmts[query]; st != nil {
		return st, nil
	}
	if len(p.stmts) >= maxReadStmts {
		return nil, nil
	}
	st, err := p.db.PrepareContext(ctx, p.rebind(query))
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

func (p *readStmts) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, st := range p.stmts {
		_ = st.Close()
		delete(p.stmts, k)
	}
}

// rebind turns ? placeholders into PostgreSQL's $n.
func (p *readStmts) rebind(query string) string {
	if !p.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for {
		i := strings.IndexByte(query, '?')
		if i < 0 {
			b.WriteString(query)
			return b.String()
		}
		n++
		b.WriteString(query[:i])
		b.WriteString("$" + strconv.Itoa(n))
		query = query[i+1:]
	}
}

// placeholders is "(?, ?, …)" for n values, n at least 1.
func placeholders(n int) string {
	return "(?" + strings.Repeat(", ?", n-1) + ")"
}

// inList is the placeholders and arguments of an IN list of values, at
// least one: their number is rounded up to a power of two by repeating
// the last (membership is the same), so that lists of any length make a
// handful of statements to prepare and keep, not one per length.
func inList[T any](vals []T) (string, []any) {
	n := 1
	for n < len(vals) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = vals[min(i, len(vals)-1)]
	}
	return placeholders(n), args
}

// appendIn writes the placeholders of one IN list to b and returns flat
// with its values; an empty list is (NULL), which matches nothing.
func appendIn[T any](b *strings.Builder, flat []any, v []T) []any {
	if len(v) == 0 {
		b.WriteString("(?)")
		return append(flat, nil)
	}
	ph, vals := inList(v)
	b.WriteString(ph)
	return append(flat, vals...)
}

// expandIn writes out, as gorm does, each argument that is a slice of ids
// or strings as one placeholder per value in place of its ?, and returns
// the query and the flat arguments.
func expandIn(query string, args []any) (string, []any) {
	expand := false
	for _, a := range args {
		switch a.(type) {
		case []int64, []string:
			expand = true
		}
	}
	if !expand {
		return query, args
	}
	var b strings.Builder
	flat := make([]any, 0, len(args))
	for _, a := range args {
		i := strings.IndexByte(query, '?')
		if i < 0 {
			break
		}
		b.WriteString(query[:i])
		query = query[i+1:]
		switch v := a.(type) {
		case []int64:
			flat = appendIn(&b, flat, v)
		case []string:
			flat = appendIn(&b, flat, v)
		default:
			b.WriteByte('?')
			flat = append(flat, a)
		}
	}
	b.WriteString(query)
	return b.String(), flat
}

// queryIn is query with slice arguments written out (expandIn).
func (p *readStmts) queryIn(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, flat := expandIn(query, args)
	return p.query(ctx, q, flat...)
}
