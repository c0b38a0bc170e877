package store

import (
	"context"
	"path/filepath"
	"testing"
)

// Both ways of seeing another connection's commits bump the generation:
// the WAL index header (the usual way) and PRAGMA data_version (when the
// -shm file cannot be read). The other connection here is a second Store
// on the same file, as whosaid import beside the server would be.
func TestGenerationSeesOtherConnections(t *testing.T) {
	for _, tc := range []struct {
		name   string
		useShm bool
	}{{"wal index header", true}, {"data_version", false}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := Config{Path: filepath.Join(t.TempDir(), "gen.db")}
			st, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if st.gen.shm == nil {
				t.Fatal("a WAL database's -shm file was not opened")
			}
			if !tc.useShm {
				st.gen.shm.Close()
				st.gen.shm = nil
			}
			other, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()

			g0, ok := st.Generation(ctx)
			if !ok {
				t.Fatal("SQLite store says not to cache")
			}
			for i := range 3 {
				if g, _ := st.Generation(ctx); g != g0 {
					t.Fatalf("read %d: generation moved without a write: %d then %d", i, g0, g)
				}
			}
			for i, name := range []string{"Ada One", "Bea Two", "Cy Three"} {
				if _, err := other.CreateSpeaker(ctx, SpeakerInput{Name: name}); err != nil {
					t.Fatal(err)
				}
				g, _ := st.Generation(ctx)
				if g == g0 {
					t.Fatalf("write %d by another store left the generation at %d", i, g)
				}
				g0 = g
			}
		})
	}
}
