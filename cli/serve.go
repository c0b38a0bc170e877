package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/seed"
	"github.com/whosaid/whosaid/store"
)

// runServe opens (creating, migrating and seeding) the database and serves
// the API, reporting version as its build, until ctx is cancelled, then
// shuts down gracefully.
func runServe(ctx context.Context, version string, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	cfg := bindConfig(fs, getenv)
	scfg := bindServeConfig(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkNoArgs(fs); err != nil {
		return err
	}
	deps := api.Deps{Extract: ingest.FromText, Version: version}
	if err := scfg.apply(&deps); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	st, err := store.Open(ctx, cfg.storeConfig())
	if err != nil {
		return err
	}
	defer st.Close() // the database closes last, after the server has drained
	added, err := seed.Load(ctx, st)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	log.Info("database ready", "database", cfg.describeDB(), "seed_documents_added", added)

	deps.Store, deps.Log = st, log
	router := api.NewRouter(deps)
	return api.Serve(ctx, cfg.Addr, router, log)
}
