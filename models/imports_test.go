package models

import (
	"go/build"
	"strings"
	"testing"
)

// The domain imports no persistence or transport: no gorm, gin or SQL
// driver, directly or through the packages it uses.
func TestModelsImportNoStorageOrHTTP(t *testing.T) {
	seen := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		for _, banned := range []string{"gorm.io/", "github.com/gin-gonic/", "database/sql", "net/http", "github.com/jackc/", "modernc.org/sqlite", "github.com/mattn/go-sqlite3"} {
			if strings.HasPrefix(path, banned) {
				t.Errorf("models depends on %s", path)
			}
		}
		pkg, err := build.Import(path, ".", 0)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		for _, imp := range pkg.Imports {
			if imp == "C" {
				continue
			}
			walk(imp)
		}
	}
	walk("github.com/whosaid/whosaid/models")
	if len(seen) < 3 {
		t.Fatalf("walked only %d packages; the walk is broken", len(seen))
	}
}
