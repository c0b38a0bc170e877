package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Backup writes a consistent copy of the database to path while the
// service keeps running: SQLite's VACUUM INTO reads one snapshot (WAL lets
// writers go on meanwhile) and writes a compact, self-contained file. path
// must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.w.Dialector.Name() == "postgres" {
		return fmt.Errorf("backup: the database is PostgreSQL; use pg_dump, which takes consistent online backups")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	}
	if err := s.read(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return checkDatabase(ctx, path)
}

// Restore replaces the database at dst with the backup at src, after
// checking the backup is a whole, healthy whosaid database. The service
// must not be running on dst. The old database is kept as dst+".before-restore".
func Restore(ctx context.Context, src, dst string) error {
	if err := checkDatabase(ctx, src); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if _, err := tmp.ReadFrom(in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		// Fold the old database's WAL into it first so the kept copy is whole.
		if old, err := openSQLite(dst, &gorm.Config{Logger: logger.Discard}, 1, writerCacheKB); err == nil {
			old.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			if db, err := old.DB(); err == nil {
				db.Close()
			}
		}
		if err := os.Rename(dst, dst+".before-restore"); err != nil {
			return err
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return os.Rename(tmp.Name(), dst)
}

// checkDatabase opens path read-only and checks it is an intact SQLite file
// with whosaid's schema.
func checkDatabase(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := gorm.Open(gormsqlite.New(gormsqlite.Config{DriverName: "sqlite",
		DSN: "file:" + path + "?mode=ro&_pragma=busy_timeout(5000)"}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return err
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	var result string
	if err := db.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&result).Error; err != nil {
		return fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("%s fails its integrity check: %s", path, result)
	}
	var versions int64
	if err := db.WithContext(ctx).Raw("SELECT count(*) FROM schema_migrations").Scan(&versions).Error; err != nil || versions == 0 {
		return fmt.Errorf("%s is not a whosaid database (no schema_migrations)", path)
	}
	return nil
}
