package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/store"
)

// run is Run as the binary calls it, with the version an unstamped build
// reports.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return Run(ctx, "dev", args, getenv, stdin, stdout, stderr)
}

func TestImportStoresGoodFilesAndSkipsBadOnes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	articles := filepath.Join(dir, "articles")
	if err := os.MkdirAll(articles, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a.txt": "---\noutlet: The Test Times\ndate: 2025-10-16\n---\nMinister vows action\n\nThe minister, Jane Doe, said: \"We will act now.\"\n",
		"b.md":  "Second story\n\n\"It is a disgrace,\" said Tom Smith, the union leader.\n",
		"c.txt": "---\ndate: yesterday\n---\nBroken front matter\n",
		"d.txt": "\xff\xfe not UTF-8",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(articles, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "import.db")
	env := func(string) string { return "" }
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"import", "--db", db, articles}, env, nil, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "2 of 4 files") {
		t.Fatalf("want an error naming 2 of 4 failed files, got %v\n%s", err, stderr.String())
	}
	for _, bad := range []string{"c.txt", "d.txt"} {
		if !strings.Contains(stderr.String(), bad) {
			t.Errorf("stderr does not name the skipped file %s:\n%s", bad, stderr.String())
		}
	}
	if !strings.Contains(stdout.String(), "imported 2 new documents") {
		t.Errorf("summary: %s", stdout.String())
	}
	// Importing again stores nothing new.
	stdout.Reset()
	_ = run(context.Background(), []string{"import", "--db", db, filepath.Join(articles, "a.txt")}, env, nil, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "imported 0 new documents") || !strings.Contains(stdout.String(), "1 already stored") {
		t.Errorf("second import: %s", stdout.String())
	}
	st, err := store.Open(context.Background(), store.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.ListSources(context.Background(), store.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 {
		t.Fatalf("stored %d sources, want 2", page.Total)
	}
	for _, s := range page.Sources {
		if s.Title == "Minister vows action" && (s.Outlet != "The Test Times" || s.PublishedAt == nil) {
			t.Errorf("front matter not applied: %+v", s)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("got %v", err)
	}
}
