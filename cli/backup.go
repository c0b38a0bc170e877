package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/whosaid/whosaid/store"
)

// runBackup writes a consistent copy of the database while the service may
// keep running.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", stderr)
	cfg := bindConfig(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("backup: name one new file to write, e.g. whosaid backup whosaid-2025-10-16.db")
	}
	st, err := store.Open(ctx, cfg.storeConfig())
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (integrity checked)\n", cfg.DBPath, fs.Arg(0))
	return nil
}

// runRestore replaces the database with a backup. Stop the service first.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", stderr)
	cfg := bindConfig(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("restore: name the backup file to restore from")
	}
	if err := store.Restore(ctx, fs.Arg(0), cfg.DBPath); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s; the previous database is kept as %s.before-restore\n", cfg.DBPath, fs.Arg(0), cfg.DBPath)
	return nil
}
