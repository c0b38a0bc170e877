package store_test

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/perf/corpus"
	"github.com/whosaid/whosaid/store"
)

// probeStore copies the perf suite's 10k database (PROBE_DB=/tmp/whosaid-perf/whosaid-10000-*.db)
// for store-level benchmarks of what the suite asks: go test ./store/ -run '^$' -bench Probe
func probeStore(b *testing.B) (*store.Store, *corpus.Corpus) {
	src := os.Getenv("PROBE_DB")
	if src == "" {
		b.Skip("PROBE_DB")
	}
	dst := b.TempDir() + "/p.db"
	in, _ := os.Open(src)
	out, _ := os.Create(dst)
	io.Copy(out, in)
	in.Close()
	out.Close()
	st, err := store.Open(context.Background(), store.Config{Path: dst})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, corpus.New(corpus.Config{Quotes: 10000, Seed: 20251016})
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

func BenchmarkProbeVerify(b *testing.B) {
	st, c := probeStore(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		text, sp := c.Quote(rng.IntN(10000))
		ws := strings.Fields(strings.TrimSuffix(text, "."))
		if len(ws) >= 4 {
			j := 1 + rng.IntN(len(ws)-1)
			ws[j] = c.Word(rng.IntN(200))
		}
		if _, err := st.Verify(ctx, store.VerifyInput{Claim: strings.Join(ws, " "), Speaker: sp}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProbeGet(b *testing.B) {
	st, _ := probeStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := int64(1 + (i*7919)%10000)
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
		id := int64(1 + (i*7919)%10000)
		if _, _, err := st.GetQuoteCorroborated(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
