package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/whosaid/whosaid/errs"
)

// copyTables are the tables CopyAll moves, parents before children so
// that foreign keys hold as rows arrive. Full-text indexes and counters are
// not copied: the target's triggers and generated columns rebuild them.
var copyTables = []string{"speakers", "speaker_aliases", "speaker_redirects", "sources", "quotes", "history", "api_keys"}

// keyColumn is each table's integer primary key, "id" unless named here.
var keyColumn = map[string]string{"speaker_redirects": "old_id"}

// derivedColumns are kept by the target's triggers.
var derivedColumns = map[string]bool{"quote_count": true}

// copyBatch is how many rows one INSERT carries.
const copyBatch = 400

// CopyCounts is how many rows each table holds.
type CopyCounts map[string]int64

// CopyAll copies every row of every table from s into dst, keeping ids,
// then checks that both hold the same number of rows in each table. dst
// must be migrated to the same schema version and hold no rows. Each batch
// is one transaction on dst; progress, when not nil, is told after each.
func (s *Store) CopyAll(ctx context.Context, dst *Store, progress func(table string, done, total int64)) (CopyCounts, error) {
	src, to := s.read(ctx), dst.w.WithContext(ctx)
	var sv, dv int64
	if err := src.Raw("SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&sv).Error; err != nil {
		return nil, err
	}
	if err := to.Raw("SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&dv).Error; err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("copy: the source is at schema version %d and the target at %d; run the same whosaid on both", sv, dv)
	}
	counts := CopyCounts{}
	tables := []string{}
	for _, t := range copyTables {
		if !hasTable(src, t) || !hasTable(to, t) {
			continue
		}
		var n, m int64
		if err := src.Raw("SELECT count(*) FROM " + t).Scan(&n).Error; err != nil {
			return nil, err
		}
		if err := to.Raw("SELECT count(*) FROM " + t).Scan(&m).Error; err != nil {
			return nil, err
		}
		if m > 0 {
			return nil, errs.Conflictf("copy: the target's %s table already holds %d rows; copy into an empty database", t, m)
		}
		counts[t] = n
		tables = append(tables, t)
	}
	for _, t := range tables {
		if err := copyTable(ctx, src, to, t, counts[t], progress); err != nil {
			return nil, fmt.Errorf("copy %s: %w", t, err)
		}
	}
	if to.Dialector.Name() == "postgres" {
		// Rows came with their ids; move each identity past them.
		for _, t := range tables {
			if keyColumn[t] != "" {
				continue // no identity: its key is another table's id
			}
			if err := to.Exec("SELECT setval(pg_get_serial_sequence(?, 'id'), coalesce((SELECT max(id) FROM "+t+"), 0) + 1, false)", t).Error; err != nil {
				return nil, fmt.Errorf("copy %s: reset its id sequence: %w", t, err)
			}
		}
	}
	for _, t := range tables {
		var got int64
		if err := to.Raw("SELECT count(*) FROM " + t).Scan(&got).Error; err != nil {
			return nil, err
		}
		if got != counts[t] {
			return counts, fmt.Errorf("copy: %s has %d rows in the source but %d in the target", t, counts[t], got)
		}
	}
	return counts, nil
}

func copyTable(ctx context.Context, src, to *gorm.DB, table string, total int64, progress func(string, int64, int64)) error {
	srcCols, err := tableColumns(src, table, false)
	if err != nil {
		return err
	}
	dstCols, err := tableColumns(to, table, true)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, c := range srcCols {
		have[c] = true
	}
	var cols []string
	for _, c := range dstCols {
		if have[c] && !derivedColumns[c] {
			cols = append(cols, c)
		}
	}
	key := keyColumn[table]
	if key == "" {
		key = "id"
	}
	list := strings.Join(cols, ", ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var after int64 = -1 << 62
	var done int64
	for {
		rows, err := src.Raw("SELECT "+list+" FROM "+table+" WHERE "+key+" > ? ORDER BY "+key+" LIMIT ?", after, copyBatch).Rows()
		if err != nil {
			return err
		}
		var vals []any
		n := 0
		for rows.Next() {
			rec := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range rec {
				ptrs[i] = &rec[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			for i, c := range cols {
				if c == key {
					after = toInt64(rec[i])
				}
			}
			vals = append(vals, rec...)
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		stmt := "INSERT INTO " + table + " (" + list + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		if err := to.Transaction(func(tx *gorm.DB) error { return tx.Exec(stmt, vals...).Error }); err != nil {
			return dbErr(err, table)
		}
		done += int64(n)
		if progress != nil {
			progress(table, done, total)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	}
	return 0
}

func hasTable(db *gorm.DB, table string) bool {
	return db.Migrator().HasTable(table)
}

// tableColumns lists a table's columns; with insertable, only those a
// row may be given (not generated ones).
func tableColumns(db *gorm.DB, table string, insertable bool) ([]string, error) {
	var cols []string
	if db.Dialector.Name() == "postgres" {
		q := "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
		if insertable {
			q += " AND is_generated = 'NEVER'"
		}
		err := db.Raw(q+" ORDER BY ordinal_position", table).Scan(&cols).Error
		return cols, err
	}
	q := "SELECT name FROM pragma_table_xinfo(?)"
	if insertable {
		q += " WHERE hidden = 0"
	}
	err := db.Raw(q+" ORDER BY cid", table).Scan(&cols).Error
	return cols, err
}
