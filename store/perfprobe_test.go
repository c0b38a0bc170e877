package store_test

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// probeStore copies a perf suite database (PROBE_DB=/tmp/whosaid-perf/whosaid-10000-*.db)
// for store-level benchmarks of what the suite asks: go test ./store/ -run '^$' -bench Probe
// PROBE_QUOTES is the corpus size the database was loaded with (10000
// when unset). PROBE_INPLACE=1 opens PROBE_DB itself instead of a copy
// (for a million quotes, where copying takes longer than the benchmark):
// only ever on a copy of your own, never on the suite's file.
func probeStore(b *testing.B) (*store.Store, *corpus.Corpus) {
	src := os.Getenv("PROBE_DB")
	if src == "" {
		b.Skip("PROBE_DB")
	}
	dst := src
	if os.Getenv("PROBE_INPLACE") != "1" {
		dst = b.TempDir() + "/p.db"
		in, _ := os.Open(src)
		out, _ := os.Create(dst)
		io.Copy(out, in)
		in.Close()
		out.Close()
	}
	st, err := store.Open(context.Background(), store.Config{Path: dst})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, corpus.New(corpus.Config{Quotes: probeQuotes(), Seed: 20251016})
}

// probeQuotes is PROBE_QUOTES, or 10000.
func probeQuotes() int {
	if n, err := strconv.Atoi(os.Getenv("PROBE_QUOTES")); err == nil && n > 0 {
		return n
	}
	return 10000
}

func BenchmarkProbeCommon(b *testing.B) {
	st, c := probeStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := st.ListQuotes(ctx, store.QuoteFilter{Q: c.Word(30 + i%10)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProbeVerify verifies claims as the suite's verify makes them.
// PROBE_WARM=N verifies N other claims first, untimed, so that the
// store's kept statements and word counts are those of a server that has
// been answering for a while (the timed claims' rarer words are still
// new to it).
func BenchmarkProbeVerify(b *testing.B) {
	st, c := probeStore(b)
	ctx := context.Background()
	n := probeQuotes()
	if warm, _ := strconv.Atoi(os.Getenv("PROBE_WARM")); warm > 0 {
		rng := rand.New(rand.NewPCG(3, 4))
		for range warm {
			claim, sp, _ := probeClaim(c, rng, n)
			if _, err := st.Verify(ctx, store.VerifyInput{Claim: claim, Speaker: sp}); err != nil {
				b.Fatal(err)
			}
		}
	}
	probeVerifyLoop(b, st, c, n)
}

// probeVerifyLoop is BenchmarkProbeVerify's timed loop, on its own for
// callgrind's --toggle-collect.
func probeVerifyLoop(b *testing.B, st *store.Store, c *corpus.Corpus, n int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	right, asked, compared := 0, 0, 0
	cpu0 := cpuTime()
	b.ReportAllocs()
	for b.Loop() {
		claim, sp, text := probeClaim(c, rng, n)
		res, err := st.Verify(ctx, store.VerifyInput{Claim: claim, Speaker: sp})
		if err != nil {
			b.Fatal(err)
		}
		// Right: altered (or verified, when the change made no
		// difference) resting on the quote's own words.
		asked++
		compared += res.Compared
		if (res.Verdict == factcheck.Altered || res.Verdict == factcheck.Verified) && len(res.Evidence) > 0 &&
			factcheck.Normalize(res.Evidence[0].Quote.Text) == factcheck.Normalize(text) {
			right++
		}
	}
	b.ReportMetric(100*float64(right)/float64(asked), "%right")
	b.ReportMetric(float64(compared)/float64(asked), "compared")
	// On a shared machine the process's CPU time per verify says more
	// than the time it took.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(asked), "cpu-ns/op") // cpuTime: readprobe_test.go
}

// probeClaim makes a claim as the suite's verify asks: a stored quote
// with one word replaced by a common one or left out, and its speaker;
// text is the quote.
func probeClaim(c *corpus.Corpus, rng *rand.Rand, n int) (claim, speaker, text string) {
	text, speaker = c.Quote(rng.IntN(n))
	ws := strings.Fields(strings.TrimSuffix(text, "."))
	if len(ws) >= 4 {
		j := 1 + rng.IntN(len(ws)-1)
		if rng.IntN(2) == 0 {
			ws[j] = c.Word(rng.IntN(200))
		} else {
			ws = append(ws[:j], ws[j+1:]...)
		}
	}
	return strings.Join(ws, " "), speaker, text
}

func BenchmarkProbeGet(b *testing.B) {
	st, _ := probeStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := int64(1 + (i*7919)%probeQuotes())
		if _, err := st.GetQuote(ctx, id); err != nil {
			b.Fatal(err)
		}
		if _, err := st.Corroborate(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProbeGetCorroborated(b *testing.B) {
	st, _ := probeStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := int64(1 + (i*7919)%probeQuotes())
		if _, _, err := st.GetQuoteCorroborated(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
