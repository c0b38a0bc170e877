package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/storetest"
)

func TestBackupWhileOpenAndRestore(t *testing.T) {
	t.Parallel()
	if storetest.Backend() != "sqlite" {
		t.Skip("backup and restore of a file are SQLite's; PostgreSQL uses pg_dump")
	}
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	st, err := store.Open(ctx, store.Config{Path: live})
	if err != nil {
		t.Fatal(err)
	}
	ingestArticle(t, st, article, 1)
	backup := filepath.Join(dir, "backup.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, backup); err == nil {
		t.Fatal("backup over an existing file should fail")
	}
	// Writes after the backup are not in it.
	ingestArticle(t, st, article+"\nLater edition.", 2)
	st.Close()

	if err := store.Restore(ctx, backup, live); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, store.Config{Path: live})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.ListSources(ctx, store.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 {
		t.Fatalf("restored database has %d sources, want the 1 backed up", page.Total)
	}
	if _, err := os.Stat(live + ".before-restore"); err != nil {
		t.Fatalf("the replaced database was not kept: %v", err)
	}

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	if err := store.Restore(ctx, junk, live); err == nil {
		t.Fatal("restoring a file that is not a database should fail")
	}
}
