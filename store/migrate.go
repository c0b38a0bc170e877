package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/models"
)

// Each backend has its own ordered set of migrations; the same version
// number means the same change in both.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		body, err := fs.ReadFile(fsys, dir+"/"+name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies, in order and each in its own transaction, every embedded
// migration the database has not recorded yet. The check happens inside
// the migration's transaction (and, on PostgreSQL, under an advisory
// lock), so several processes starting at once apply each one once.
func migrate(ctx context.Context, db *gorm.DB) error {
	dir := "migrations/sqlite"
	pg := db.Dialector.Name() == "postgres"
	if pg {
		dir = "migrations/postgres"
	}
	ms, err := loadMigrations(migrationFS, dir)
	if err != nil {
		return err
	}
	db = db.WithContext(ctx)
	err = db.Transaction(func(tx *gorm.DB) error {
		if pg {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLock).Error; err != nil {
				return err
			}
		}
		return tx.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`).Error
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		err := db.Transaction(func(tx *gorm.DB) error {
			if pg {
				if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLock).Error; err != nil {
					return err
				}
			}
			var done int64
			if err := tx.Raw("SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&done).Error; err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if err := tx.Exec(m.sql).Error; err != nil {
				return err
			}
			if step := dataMigrations[m.version]; step != nil {
				if err := step(tx); err != nil {
					return err
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

// dataMigrations are the steps of migrations whose rows are chosen by a
// rule of the domain, run in the migration's transaction after its SQL.
var dataMigrations = map[int]func(tx *gorm.DB) error{
	5: dropGenericAliases,
}

// dropGenericAliases removes the aliases that are descriptions rather
// than names (models.GenericAlias), except a speaker's own name.
func dropGenericAliases(tx *gorm.DB) error {
	var rows []struct {
		ID   int64
		Name string
	}
	if err := tx.Raw(`SELECT a.id, a.name FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id
		WHERE a.name <> s.name ORDER BY a.id`).Scan(&rows).Error; err != nil {
		return err
	}
	var drop []int64
	for _, r := range rows {
		if models.GenericAlias(r.Name) {
			drop = append(drop, r.ID)
		}
	}
	for len(drop) > 0 {
		n := min(len(drop), 500)
		if err := tx.Exec("DELETE FROM speaker_aliases WHERE id IN ?", drop[:n]).Error; err != nil {
			return err
		}
		drop = drop[n:]
	}
	return nil
}

// migrationLock is the PostgreSQL advisory lock key that serialises
// migrations across processes.
const migrationLock = 0x77686f73 // "whos"
