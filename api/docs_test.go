package api

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// swagArgs generate the spec exactly as api/gendocs.sh does, minus the
// output directory.
var swagArgs = []string{"run", "github.com/swaggo/swag/cmd/swag@v1.16.6", "init",
	"-d", "api,handlers", "-g", "doc.go", "--parseDependency=false", "--quiet"}

// TestDocsAreCurrent regenerates the OpenAPI spec from the annotations
// and fails when the committed docs/ differ, like a swagger-check CI step.
func TestDocsAreCurrent(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to run swag with")
	}
	out := filepath.Join(t.TempDir(), "docs") // the directory names the package
	cmd := exec.Command(goTool, append(swagArgs, "-o", out)...)
	cmd.Dir = ".."
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("swag init: %v\n%s", err, msg)
	}
	for _, name := range []string{"swagger.json", "swagger.yaml", "docs.go"} {
		want, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "docs", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/%s is stale: the swag annotations in api/ or handlers/ changed since it was generated.\n"+
				"Regenerate it with:\n\tsh api/gendocs.sh\n"+
				"(go run github.com/swaggo/swag/cmd/swag@v1.16.6 fmt -d api,handlers -g doc.go && "+
				"go run github.com/swaggo/swag/cmd/swag@v1.16.6 init -d api,handlers -g doc.go -o docs --parseDependency=false)\n"+
				"and commit docs/.", name)
		}
	}
}
