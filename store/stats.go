package store

import "database/sql"

// PoolStats are the connection-pool statistics of the writer connection
// and of the reader pool, for metrics.
type PoolStats struct {
	Writer sql.DBStats
	Reader sql.DBStats
}

// Stats returns the pools' statistics (zero for a pool not open).
func (s *Store) Stats() PoolStats {
	var ps PoolStats
	if s.w != nil {
		if db, err := s.w.DB(); err == nil {
			ps.Writer = db.Stats()
		}
	}
	if s.r != nil {
		if db, err := s.r.DB(); err == nil {
			ps.Reader = db.Stats()
		}
	}
	return ps
}
