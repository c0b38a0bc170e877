package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/whosaid/whosaid/api"
	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// readyLine is what the child prints on its first line of output.
type readyLine struct {
	API, Bare string
	Speakers  int     // speakers with at least one quote: ids 1..Speakers
	LoadSecs  float64 // 0 when an earlier run's data was reused
	Rows      int
}

// Record ids are 15 characters of [a-z0-9], as PocketBase requires: a
// letter for the collection and the corpus's number, zero-padded.
func quoteID(j int) string   { return fmt.Sprintf("q%014d", j) }
func speakerID(k int) string { return fmt.Sprintf("s%014d", k) }
func sourceID(i int) string  { return fmt.Sprintf("d%014d", i) }

// runServe is the child process: a PocketBase app over its own data
// directory, loaded with the corpus unless an earlier run did, served by
// apis.Serve (PocketBase's own server, middlewares and request log) on one
// loopback port, and the whosaid suite's bare gin handler on another, in
// the same process so they share its cores the same way.
func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	quotes := fs.Int("quotes", 10000, "")
	seed := fs.Uint64("seed", 20251016, "")
	data := fs.String("data", "", "PocketBase data directory")
	queryTimeout := fs.Duration("query-timeout", 30*time.Second, "")
	requestLogs := fs.Bool("request-logs", true, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pb := pocketbase.NewWithConfig(pocketbase.Config{
		HideStartBanner:     true,
		DefaultDataDir:      *data,
		DefaultQueryTimeout: *queryTimeout,
	})
	if err := pb.Bootstrap(); err != nil {
		return err
	}
	c := corpus.New(corpus.Config{Quotes: *quotes, Seed: *seed})
	marker := filepath.Join(*data, "loaded-"+c.Digest())
	ready := readyLine{}
	if b, err := os.ReadFile(marker); err == nil {
		_, err = fmt.Sscan(string(b), &ready.Speakers, &ready.Rows)
		if err != nil {
			return fmt.Errorf("%s: %w", marker, err)
		}
	} else {
		start := time.Now()
		n, rows, err := loadCorpus(pb, c)
		if err != nil {
			return err
		}
		ready.Speakers, ready.Rows, ready.LoadSecs = n, rows, time.Since(start).Seconds()
		if err := os.WriteFile(marker, fmt.Appendf(nil, "%d %d\n", n, rows), 0o644); err != nil {
			return err
		}
	}
	// Settings > Logs > "Max days retention": 0 turns the request log off,
	// 5 is the default. (Settings persist in a reused data directory.)
	if s := pb.Settings(); (s.Logs.MaxDays > 0) != *requestLogs {
		s.Logs.MaxDays = 0
		if *requestLogs {
			s.Logs.MaxDays = 5
		}
		if err := pb.Save(s); err != nil {
			return err
		}
	}

	lnAPI, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	lnBare, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	pb.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Listener = lnAPI
		e.InstallerFunc = nil // no superuser installer link
		return e.Next()
	})
	go func() {
		if err := apis.Serve(pb, apis.ServeConfig{HttpAddr: lnAPI.Addr().String()}); err != nil {
			fmt.Fprintln(os.Stderr, "pocketbase serve:", err)
			os.Exit(1)
		}
	}()

	gin.SetMode(gin.ReleaseMode)
	bare := gin.New()
	body := []byte(`{"data":"` + strings.Repeat("x", 1024-11) + `"}`)
	bare.GET("/bare", func(c *gin.Context) { c.Data(200, "application/json; charset=utf-8", body) })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() { _ = api.ServeListener(ctx, lnBare, bare, log) }()

	ready.API, ready.Bare = lnAPI.Addr().String(), lnBare.Addr().String()
	line, _ := json.Marshal(ready)
	os.Stdout.Write(append(line, '\n'))
	<-ctx.Done()
	return pb.ResetBootstrapState()
}

// loadCorpus creates the three collections and inserts the corpus with
// plain INSERTs on PocketBase's own connection, many documents to a
// transaction, then adds the indexes through the collections (PocketBase
// builds them when the collection is saved). It returns the number of
// speakers stored and of rows inserted.
func loadCorpus(app core.App, c *corpus.Corpus) (int, int, error) {
	public := types.Pointer("")
	speakers := core.NewBaseCollection("speakers")
	speakers.ListRule, speakers.ViewRule = public, public
	speakers.Fields.Add(
		&core.TextField{Name: "name", Required: true},
		&core.JSONField{Name: "aliases"},
	)
	if err := app.Save(speakers); err != nil {
		return 0, 0, err
	}
	sources := core.NewBaseCollection("sources")
	sources.ListRule, sources.ViewRule = public, public
	sources.Fields.Add(
		&core.TextField{Name: "title"},
		&core.URLField{Name: "url"},
		&core.TextField{Name: "outlet"},
		&core.DateField{Name: "published"},
	)
	if err := app.Save(sources); err != nil {
		return 0, 0, err
	}
	quotes := core.NewBaseCollection("quotes")
	quotes.ListRule, quotes.ViewRule = public, public
	quotes.Fields.Add(
		&core.TextField{Name: "text", Required: true},
		&core.RelationField{Name: "speaker", CollectionId: speakers.Id, MaxSelect: 1},
		&core.RelationField{Name: "source", CollectionId: sources.Id, MaxSelect: 1},
		&core.DateField{Name: "reported_at"},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"extracted", "verified", "disputed"}},
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
	if err := app.Save(quotes); err != nil {
		return 0, 0, err
	}

	cfg := c.Config()
	docs := make(chan store.IngestInput, 512)
	go func() {
		defer close(docs)
		for i := range cfg.Sources {
			docs <- c.Doc(i)
		}
	}()
	spk := map[string]int{} // speaker name -> number, in order of first appearance
	rows, doc := 0, 0
	const docsPerTx = 10000
	for doc < cfg.Sources {
		err := app.RunInTransaction(func(tx core.App) error {
			db := tx.DB()
			insSpeaker := db.NewQuery("INSERT INTO speakers (id, name, aliases) VALUES ({:id}, {:name}, {:aliases})").Prepare()
			defer insSpeaker.Close()
			insSource := db.NewQuery("INSERT INTO sources (id, title, url, outlet, published) VALUES ({:id}, {:title}, {:url}, {:outlet}, {:published})").Prepare()
			defer insSource.Close()
			insQuote := db.NewQuery("INSERT INTO quotes (id, text, speaker, source, reported_at, status, created, updated) VALUES ({:id}, {:text}, {:speaker}, {:source}, {:at}, 'extracted', {:at}, {:at})").Prepare()
			defer insQuote.Close()
			for end := min(doc+docsPerTx, cfg.Sources); doc < end; doc++ {
				in := <-docs
				for _, s := range in.Speakers {
					if _, ok := spk[s.Name]; ok {
						continue
					}
					spk[s.Name] = len(spk) + 1
					aliases, _ := json.Marshal(s.Aliases)
					if _, err := insSpeaker.Bind(dbx.Params{"id": speakerID(len(spk)), "name": s.Name, "aliases": string(aliases)}).Execute(); err != nil {
						return err
					}
					rows++
				}
				at, _ := types.ParseDateTime(*in.Source.PublishedAt)
				if _, err := insSource.Bind(dbx.Params{"id": sourceID(doc), "title": in.Source.Title, "url": *in.Source.URL,
					"outlet": in.Source.Outlet, "published": at.String()}).Execute(); err != nil {
					return err
				}
				rows++
				from, _ := c.QuoteRange(doc)
				for k, q := range in.Quotes {
					if _, err := insQuote.Bind(dbx.Params{"id": quoteID(from + k), "text": q.Text, "speaker": speakerID(spk[q.Speaker]),
						"source": sourceID(doc), "at": at.String()}).Execute(); err != nil {
						return err
					}
					rows++
				}
			}
			return nil
		})
		if err != nil {
			return 0, 0, err
		}
		fmt.Fprintf(os.Stderr, "\rpocketbase: loaded %d/%d documents", doc, cfg.Sources)
	}
	fmt.Fprintln(os.Stderr)

	// The indexes a PocketBase user would add for these screens: a quote's
	// speaker with the newest first (serves speaker='ID' alone and with
	// sort=-reported_at), its source, and the two dates.
	quotes.AddIndex("idx_quotes_speaker_reported", false, "`speaker`, `reported_at`", "")
	quotes.AddIndex("idx_quotes_source", false, "`source`", "")
	quotes.AddIndex("idx_quotes_reported_at", false, "`reported_at`", "")
	quotes.AddIndex("idx_quotes_created", false, "`created`", "")
	speakers.AddIndex("idx_speakers_name", false, "`name`", "")
	for _, col := range []*core.Collection{quotes, speakers} {
		if err := app.Save(col); err != nil {
			return 0, 0, err
		}
	}
	// Statistics for the query planner, and the WAL folded into the file.
	if _, err := app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		return 0, 0, err
	}
	if _, err := app.DB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		return 0, 0, err
	}
	return len(spk), rows, nil
}
