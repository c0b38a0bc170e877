package store

import (
	"database/sql"
	"time"
)

// SetAfterSpeakerLookup makes f run inside each ingest between looking a
// speaker up by name and creating it, so a test can hold that window open.
func SetAfterSpeakerLookup(s *Store, f func()) { s.afterSpeakerLookup = f }

// SetNow replaces the store's clock, so that two stores loaded the same
// way stamp the same times.
func SetNow(s *Store, now func() time.Time) { s.now = now }

// ReadDB is the store's pool of read connections, for tests that compare
// whole tables.
func ReadDB(s *Store) (*sql.DB, error) { return s.r.DB() }
