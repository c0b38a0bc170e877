package main

import (
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/whosaid/whosaid"

// layers is the picture in CONTRIBUTING.md as data: a package of the
// house may import only packages of lower layers, so calls go downward and
// packages on one layer (the adapters on 3, say) never import each other.
// tool packages stand beside the house: they may import any of it up to
// the API, and nothing of the house imports them. A new package needs a
// line here, and its place in the picture.
var layers = map[string]int{
	"errs": 0, "names": 0, "factcheck": 0, "docs": 0, "extract/hostile": 0,
	"models": 1, "extract": 1,
	"store": 2, "extract/learn": 2,
	"ingest": 3, "handlers": 3, "web": 3, "seed": 3, "storetest": 3,
	"api": 4,
	"cli": 5,
	"":    6, // the binary: main.go
}

const tool = -1

var tools = []string{"e2e", "loadtest", "perf", "perf/cmd/bench", "perf/corpus", "perf/load", "scripts/attacktext"}

// pure packages are the domain and what turns text into plain values: no
// storage or HTTP, directly or through what they import.
var pure = []string{"models", "errs", "names", "factcheck", "extract", "extract/learn", "extract/hostile"}

// housePackages reads every package of the module under the repository
// root (perf/pocketbase is a module of its own), by its path relative to
// the module ("" for the root).
func housePackages(t *testing.T) map[string]*build.Package {
	t.Helper()
	pkgs := map[string]*build.Package{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && p != "." {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(p, 0)
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil
		}
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(p)
		if rel == "." {
			rel = ""
		}
		pkgs[rel] = pkg
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 15 {
		t.Fatalf("found only %d packages; the walk is broken", len(pkgs))
	}
	return pkgs
}

// ours returns the house packages among imports, relative to the module.
func ours(imports []string) []string {
	var out []string
	for _, imp := range imports {
		if imp == module {
			out = append(out, "")
		} else if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
			out = append(out, rel)
		}
	}
	return out
}

func show(rel string) string {
	if rel == "" {
		return "the root (main)"
	}
	return rel
}

// TestImportsGoDownward checks the picture: each package imports only
// lower layers, tools only the house below cli, and only the binary imports
// cli, its tests included.
func TestImportsGoDownward(t *testing.T) {
	layer := func(rel string) (int, bool) {
		if slices.Contains(tools, rel) {
			return tool, true
		}
		l, ok := layers[rel]
		return l, ok
	}
	pkgs := housePackages(t)
	names := make([]string, 0, len(pkgs))
	for rel := range pkgs {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		pkg := pkgs[rel]
		from, ok := layer(rel)
		if !ok {
			t.Errorf("package %s is not in the picture: give it a layer in imports_test.go and a place in CONTRIBUTING.md", show(rel))
			continue
		}
		for _, imp := range ours(pkg.Imports) {
			to, ok := layer(imp)
			switch {
			case !ok:
				// reported when imp itself is visited
			case to == tool && from != tool:
				t.Errorf("%s imports the tool %s; the house does not depend on its tools", show(rel), imp)
			case from == tool && to > layers["api"]:
				t.Errorf("the tool %s imports %s; tools use the house up to api, and run the binary to go further", show(rel), show(imp))
			case from != tool && to >= from:
				t.Errorf("%s (layer %d) imports %s (layer %d); imports go to lower layers only (CONTRIBUTING.md)", show(rel), from, show(imp), to)
			}
		}
		if rel == "" {
			continue
		}
		for _, imp := range ours(slices.Concat(pkg.TestImports, pkg.XTestImports)) {
			if imp == "cli" {
				t.Errorf("tests of %s import cli; only the binary at the root imports cli", show(rel))
			}
		}
	}
}

// TestPurePackagesImportNoStorageOrHTTP: the text-analysis packages take
// text and give plain values, so nothing they import, however indirectly,
// is a database driver, gorm, gin or net/http.
func TestPurePackagesImportNoStorageOrHTTP(t *testing.T) {
	banned := []string{"gorm.io/", "github.com/gin-gonic/", "database/sql", "net/http", "github.com/jackc/", "modernc.org/sqlite", "github.com/mattn/go-sqlite3"}
	for _, rel := range pure {
		seen := map[string]bool{}
		var walk func(imp string)
		walk = func(imp string) {
			if seen[imp] {
				return
			}
			seen[imp] = true
			for _, b := range banned {
				if strings.HasPrefix(imp, b) {
					t.Errorf("%s depends on %s", rel, imp)
					return // and on what it imports, said once
				}
			}
			pkg, err := build.Import(imp, ".", 0)
			if err != nil {
				t.Fatalf("import %s: %v", imp, err)
			}
			for _, next := range pkg.Imports {
				if next != "C" {
					walk(next)
				}
			}
		}
		walk(path.Join(module, rel))
	}
}
