package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/store"
)

// runImport stores every article under the given files and folders, each
// in its own transaction: a bad file is reported and skipped, never half
// stored, and a file already stored is counted, not stored again.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fset := newFlagSet("import", stderr)
	cfg := bindConfig(fset, getenv)
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return fmt.Errorf("import: name at least one file or folder of articles (.txt, .md)")
	}
	files, err := articleFiles(fset.Args())
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.storeConfig())
	if err != nil {
		return err
	}
	defer st.Close()

	bar := newProgress(stderr, len(files))
	var added, existing, failed, quotes int
	began := time.Now()
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		bar.step(f)
		n, created, err := importFile(ctx, st, f)
		switch {
		case err != nil:
			failed++
			bar.report("skipped %s: %v", f, err)
		case created:
			added++
			quotes += n
		default:
			existing++
		}
	}
	bar.done()
	fmt.Fprintf(stdout, "imported %d new documents with %d quotes; %d already stored; %d skipped; %d files in %s\n",
		added, quotes, existing, failed, len(files), time.Since(began).Round(time.Millisecond))
	if ctx.Err() != nil {
		return fmt.Errorf("import interrupted: %w", ctx.Err())
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be imported", failed, len(files))
	}
	return nil
}

func importFile(ctx context.Context, st *store.Store, path string) (int, bool, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, false, err
	}
	src, err := ingest.ParseArticle(string(raw))
	if err != nil {
		return 0, false, err
	}
	in, err := ingest.FromText(ctx, src)
	if err != nil {
		return 0, false, err
	}
	res, err := st.Ingest(ctx, in)
	if err != nil {
		if e, ok := errs.As(err); ok {
			return 0, false, e
		}
		return 0, false, err
	}
	return len(res.Quotes), res.Created, nil
}

// articleFiles expands folders to the .txt and .md files under them, in
// name order, keeping explicitly named files whatever their extension.
func articleFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(path))
			if !d.IsDir() && (ext == ".txt" || ext == ".md") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
