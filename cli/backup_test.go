package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

// TestBackupAndRestoreCommands: `whosaid backup` copies a database that
// is open (as a running service holds it); `whosaid restore` puts it back,
// keeping the replaced database aside; a backup never overwrites a file.
func TestBackupAndRestoreCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "live.db"), filepath.Join(dir, "backup.db")
	env := func(string) string { return "" }
	st, err := store.Open(ctx, store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seed.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		p, err := st.ListSpeakers(ctx, store.SpeakerFilter{Page: store.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	seeded := count()

	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", db, backup}, env, nil, &stdout, &stderr); err != nil {
		t.Fatalf("backup while the database is open: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "integrity checked") {
		t.Errorf("backup said %q", stdout.String())
	}
	if err := run(ctx, []string{"backup", "--db", db, backup}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("a second backup overwrote the first")
	}
	// A change after the backup …
	if _, err := st.CreateSpeaker(ctx, store.SpeakerInput{Name: "After Backup", Kind: "person"}); err != nil {
		t.Fatal(err)
	}
	if count() != seeded+1 {
		t.Fatal("speaker not added")
	}
	st.Close()
	// … is gone after restoring it; the replaced database is kept.
	stdout.Reset()
	if err := run(ctx, []string{"restore", "--db", db, backup}, env, nil, &stdout, &stderr); err != nil {
		t.Fatalf("restore: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(db + ".before-restore"); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
	st, err = store.Open(ctx, store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(); got != seeded {
		t.Errorf("after restore: %d speakers, want %d", got, seeded)
	}
	if err := run(ctx, []string{"restore", "--db", db, filepath.Join(dir, "missing.db")}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("restoring a missing file succeeded")
	}
}
