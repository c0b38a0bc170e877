package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBuildLikeDockerfile builds the binary with the script the Dockerfile
// runs and serves from an empty directory, since no Docker engine runs in CI.
func TestBuildLikeDockerfile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole binary; skipped with -short")
	}
	cmd := exec.Command("sh", "scripts/check-build.sh")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/check-build.sh: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}

func TestDockerfileUsesTheBuildScript(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, want := range []string{"RUN scripts/build.sh", "USER nonroot", "VOLUME", "HEALTHCHECK", "whosaid\", \"healthcheck"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}
