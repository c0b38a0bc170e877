package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/whosaid/whosaid/store"
)

// runMigrateData copies a whole database between backends (SQLite to
// PostgreSQL, or back) with a progress bar, and checks the counts at the
// end. The target is created and migrated if needed and must be empty.
func runMigrateData(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate-data", stderr)
	from := fs.String("from", "", "source database: sqlite:PATH or postgres://…")
	to := fs.String("to", "", "target database: sqlite:PATH or postgres://… (must be empty)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkNoArgs(fs); err != nil {
		return err
	}
	fromCfg, err := databaseArg("from", *from)
	if err != nil {
		return err
	}
	toCfg, err := databaseArg("to", *to)
	if err != nil {
		return err
	}
	if fromCfg.Path != "" {
		if _, err := os.Stat(fromCfg.Path); err != nil {
			return fmt.Errorf("migrate-data: --from: %w", err)
		}
	}
	src, err := store.Open(ctx, fromCfg)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, toCfg)
	if err != nil {
		return err
	}
	defer dst.Close()

	bar := newRowProgress(stderr)
	counts, err := src.CopyAll(ctx, dst, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	tables := make([]string, 0, len(counts))
	for t := range counts {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	fmt.Fprintln(stdout, "copied and checked:")
	for _, t := range tables {
		fmt.Fprintf(stdout, "  %-18s %d rows\n", t, counts[t])
	}
	return nil
}

// databaseArg reads sqlite:PATH or a postgres:// URL.
func databaseArg(flag, v string) (store.Config, error) {
	switch {
	case strings.HasPrefix(v, "sqlite:"):
		if p := strings.TrimPrefix(v, "sqlite:"); p != "" {
			return store.Config{Path: p}, nil
		}
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		return store.Config{URL: v}, nil
	}
	return store.Config{}, fmt.Errorf("migrate-data: --%s must be sqlite:PATH or postgres://…, got %q", flag, v)
}

// rowProgress shows one table's copy at a time.
type rowProgress struct {
	p     *progress
	table string
}

func newRowProgress(w io.Writer) *rowProgress { return &rowProgress{p: newProgress(w, 0)} }

func (r *rowProgress) update(table string, done, total int64) {
	if table != r.table {
		if r.table != "" {
			r.p.done()
		}
		r.table = table
		r.p = newProgress(r.p.w, int(total))
	}
	for r.p.n < int(done) {
		r.p.n = int(done) - 1
		r.p.step(table)
	}
}

func (r *rowProgress) done() { r.p.done() }
