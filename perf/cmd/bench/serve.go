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
	"strconv"
	"strings"
	"sync/atomic"

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
// one loopback port, and a bare gin engine answering a constant body
// (newBareEngine) on another, in the same process so they share its cores
// the same way.
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
	bare := newBareEngine()

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

// newBareEngine is the bare handler the endpoints are measured against: a
// gin engine that answers any method and path with a constant JSON body
// (after reading the request's body, as the API reads a POST's). The
// body is 1 KB until PUT /_bare/size?bytes=N sets another size, so that
// each endpoint is compared with a handler answering the same requests
// with as many bytes as it answered on average.
func newBareEngine() *gin.Engine {
	var body atomic.Pointer[[]byte]
	setSize := func(n int) {
		b := []byte(`{"data":"` + strings.Repeat("x", max(n-11, 0)) + `"}`)
		body.Store(&b)
	}
	setSize(1024)
	e := gin.New()
	e.PUT("/_bare/size", func(c *gin.Context) {
		n, err := strconv.Atoi(c.Query("bytes"))
		if err != nil || n < 0 || n > 16<<20 {
			c.String(400, "bytes: want a size from 0 to 16 MiB")
			return
		}
		setSize(n)
		c.Status(204)
	})
	e.NoRoute(func(c *gin.Context) {
		_, _ = io.Copy(io.Discard, c.Request.Body)
		c.Data(200, "application/json; charset=utf-8", *body.Load())
	})
	return e
}
