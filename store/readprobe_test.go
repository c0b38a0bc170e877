package store_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// readStore opens a perf suite database in place for store-level
// benchmarks of the suite's read requests, without the HTTP layer or its
// cache: READ_PROBE_DB names the file (a copy of your own: opening it may
// migrate it) and READ_PROBE_QUOTES the corpus size it was loaded with.
//
//	READ_PROBE_DB=/tmp/reads-perf/whosaid-1000000-….db READ_PROBE_QUOTES=1000000 \
//	  go test ./store/ -run '^$' -bench Read -benchtime 2s
func readStore(b *testing.B) readProbe {
	path := os.Getenv("READ_PROBE_DB")
	if path == "" {
		b.Skip("READ_PROBE_DB")
	}
	n, err := strconv.Atoi(os.Getenv("READ_PROBE_QUOTES"))
	if err != nil {
		b.Fatal("READ_PROBE_QUOTES: ", err)
	}
	st, err := store.Open(context.Background(), store.Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	maxQuote, maxSpeaker, err := st.MaxIDs(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	c := corpus.New(corpus.Config{Quotes: n, Seed: 20251016})
	cpuPerOp(b)
	return readProbe{st: st, c: c, maxQuote: maxQuote, maxSpeaker: maxSpeaker}
}

// readProbe is an opened perf database with its corpus and id ranges.
type readProbe struct {
	st                   *store.Store
	c                    *corpus.Corpus
	maxQuote, maxSpeaker int64
}

// A readRequest is one of the suite's reads, its random choices drawn
// from rng.
type readRequest func(p readProbe, ctx context.Context, rng *rand.Rand) error

// getCorroborated is GET /quotes/{id}.
func getCorroborated(p readProbe, ctx context.Context, rng *rand.Rand) error {
	_, _, err := p.st.GetQuoteCorroborated(ctx, 1+rng.Int64N(p.maxQuote))
	return err
}

// speakerQuotes is GET /speakers/{id}/quotes?limit=20: the speaker, then
// its newest quotes.
func speakerQuotes(p readProbe, ctx context.Context, rng *rand.Rand) error {
	sp, err := p.st.GetSpeaker(ctx, strconv.FormatInt(1+rng.Int64N(p.maxSpeaker), 10))
	if err != nil {
		return err
	}
	_, err = p.st.ListQuotes(ctx, store.QuoteFilter{Speaker: strconv.FormatInt(sp.ID, 10), Page: store.Page{Limit: 20}})
	return err
}

// aliasLookup is GET /speakers?q= a speaker's name or its surname alone.
func aliasLookup(p readProbe, ctx context.Context, rng *rand.Rand) error {
	speakers := p.c.Speakers()
	sp := speakers[rng.IntN(len(speakers))]
	q := sp.Name
	if rng.IntN(2) == 0 {
		q = sp.Aliases[0]
	}
	_, err := p.st.ListSpeakers(ctx, store.SpeakerFilter{Q: q})
	return err
}

// searchRare and searchCommon are GET /quotes?q= a word of the
// vocabulary's ranks 20,000–40,000 and 30–39.
func searchRare(p readProbe, ctx context.Context, rng *rand.Rand) error {
	_, err := p.st.ListQuotes(ctx, store.QuoteFilter{Q: p.c.Word(20000 + rng.IntN(20000))})
	return err
}

func searchCommon(p readProbe, ctx context.Context, rng *rand.Rand) error {
	_, err := p.st.ListQuotes(ctx, store.QuoteFilter{Q: p.c.Word(30 + rng.IntN(10))})
	return err
}

// benchRead runs req in a loop. Its context can be cancelled, as every
// HTTP request's can (database/sql and the driver treat such contexts
// differently from context.Background).
func benchRead(b *testing.B, req readRequest) {
	p := readStore(b)
	ctx := b.Context()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		if err := req(p, ctx, rng); err != nil {
			b.Fatal(err)
		}
	}
}

// benchReadParallel runs req from 8 goroutines per core, as the suite's 8
// connections ask on 2 cores: each query takes whichever pooled reader is
// free.
func benchReadParallel(b *testing.B, req readRequest) {
	p := readStore(b)
	ctx := b.Context()
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
		for pb.Next() {
			if err := req(p, ctx, rng); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkReadGetCorroborated(b *testing.B)       { benchRead(b, getCorroborated) }
func BenchmarkReadSpeakerQuotes(b *testing.B)         { benchRead(b, speakerQuotes) }
func BenchmarkReadAliasLookup(b *testing.B)           { benchRead(b, aliasLookup) }
func BenchmarkReadSearchRare(b *testing.B)            { benchRead(b, searchRare) }
func BenchmarkReadSearchCommon(b *testing.B)          { benchRead(b, searchCommon) }
func BenchmarkReadSearchRareParallel(b *testing.B)    { benchReadParallel(b, searchRare) }
func BenchmarkReadSpeakerQuotesParallel(b *testing.B) { benchReadParallel(b, speakerQuotes) }

// cpuPerOp reports the process's CPU time (user and system) per operation
// as cpu-ns/op besides the wall time: on a shared, busy machine it moves
// less than ns/op when other work takes the cores.
func cpuPerOp(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
