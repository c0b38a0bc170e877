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
func readStore(b *testing.B) (*store.Store, *corpus.Corpus, int64, int64) {
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
	return st, c, maxQuote, maxSpeaker
}

func BenchmarkReadGetCorroborated(b *testing.B) {
	st, _, maxQuote, _ := readStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := st.GetQuoteCorroborated(ctx, 1+rng.Int64N(maxQuote)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadSpeakerQuotes is GET /speakers/{id}/quotes?limit=20: the
// speaker, then its newest quotes.
func BenchmarkReadSpeakerQuotes(b *testing.B) {
	st, _, _, maxSpeaker := readStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		ref := strconv.FormatInt(1+rng.Int64N(maxSpeaker), 10)
		sp, err := st.GetSpeaker(ctx, ref)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: strconv.FormatInt(sp.ID, 10), Page: store.Page{Limit: 20}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAliasLookup(b *testing.B) {
	st, c, _, _ := readStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	speakers := c.Speakers()
	b.ReportAllocs()
	for b.Loop() {
		sp := speakers[rng.IntN(len(speakers))]
		q := sp.Name
		if rng.IntN(2) == 0 {
			q = sp.Aliases[0]
		}
		if _, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: q}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSearchRare(b *testing.B) {
	st, c, _, _ := readStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: c.Word(20000 + rng.IntN(20000))}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSearchCommon(b *testing.B) {
	st, c, _, _ := readStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: c.Word(30 + rng.IntN(10))}); err != nil {
			b.Fatal(err)
		}
	}
}

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

// BenchmarkReadSearchRareParallel is BenchmarkReadSearchRare from 8
// goroutines per core, as the suite's 8 connections ask on 2 cores: each
// query takes whichever pooled reader is free.
func BenchmarkReadSearchRareParallel(b *testing.B) {
	st, c, _, _ := readStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
		for pb.Next() {
			if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: c.Word(20000 + rng.IntN(20000))}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkReadSpeakerQuotesParallel is BenchmarkReadSpeakerQuotes as
// BenchmarkReadSearchRareParallel runs it.
func BenchmarkReadSpeakerQuotesParallel(b *testing.B) {
	st, _, _, maxSpeaker := readStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
		for pb.Next() {
			sp, err := st.GetSpeaker(ctx, strconv.FormatInt(1+rng.Int64N(maxSpeaker), 10))
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := st.ListQuotes(ctx, store.QuoteFilter{Speaker: strconv.FormatInt(sp.ID, 10), Page: store.Page{Limit: 20}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
