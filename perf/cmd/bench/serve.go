package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/store"
)

// readyLine is what the child prints on its first line of output.
type readyLine struct {
	API, Bare  string
	Token      string
	MaxQuote   int64
	MaxSpeaker int64
}

// runServe is the child: the real router over the database, with rate
// limits off (api.Deps' zero Limits) and an editor key for the writes, on
// one loopback port, and a bare gin engine answering a constant 1 KB body
// on another, in the same process so they share its cores the same way.
func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	path := fs.String("db", "", "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// WHOSAID_PERF_CPUPROFILE names a file for the server's CPU profile.
	if f := os.Getenv("WHOSAID_PERF_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); out.Close() }()
	}
	st, err := store.Open(ctx, store.Config{Path: *path})
	if err != nil {
		return err
	}
	defer st.Close()
	_, token, err := st.CreateKey(ctx, "perf", store.RoleEditor)
	if err != nil {
		return err
	}
	maxQuote, maxSpeaker, err := st.MaxIDs(ctx)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	router := api.NewRouter(api.Deps{Store: st, Log: log, Extract: ingest.FromText, Version: "perf"})

	gin.SetMode(gin.ReleaseMode)
	bare := gin.New()
	body := []byte(`{"data":"` + strings.Repeat("x", 1024-11) + `"}`)
	bare.GET("/bare", func(c *gin.Context) { c.Data(200, "application/json; charset=utf-8", body) })

	lnAPI, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	lnBare, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = api.ServeListener(ctx, lnBare, bare, log) }()
	ready, _ := json.Marshal(readyLine{API: lnAPI.Addr().String(), Bare: lnBare.Addr().String(), Token: token, MaxQuote: maxQuote, MaxSpeaker: maxSpeaker})
	os.Stdout.Write(append(ready, '\n'))
	return api.ServeListener(ctx, lnAPI, router, log)
}
