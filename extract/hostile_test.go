package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/whosaid/whosaid/extract/hostile"
)

// The hostile-input suite: texts crafted against the quote parser, each
// about a megabyte. Extraction must stay linear in time and memory on all
// of them: quotations are substrings with the right offsets, their texts
// add up to at most quoteBytesFactor times the input, and there are at
// most quoteCountFactor·len(input) of them.

// quoteBytesFactor bounds the quotations' texts against the input: a text
// is counted once at each depth of nesting that gets records.
const quoteBytesFactor = maxNestDepth + 1

// hostileInputs returns the suite's texts, each about n bytes: those of
// package hostile and the older adversarial ones.
func hostileInputs(n int) []hostile.Input {
	return append(hostile.Inputs(n),
		hostile.Input{Name: "unbalanced marks and words", Text: adversarial(n, false)},
		hostile.Input{Name: "nested straight and curly marks", Text: adversarial(n, true)})
}

// checkBounded fails unless r is a bounded, verbatim extraction of in.
func checkBounded(t *testing.T, in string, r Result) {
	t.Helper()
	checkInvariants(t, in, r)
	total := 0
	for _, q := range r.Quotes {
		total += len(q.Text)
	}
	if total > quoteBytesFactor*len(in) {
		t.Fatalf("%d quotations of %d bytes in all from %d bytes of input: over %d×", len(r.Quotes), total, len(in), quoteBytesFactor)
	}
	// A quotation at one depth takes a mark and a byte of text that no
	// other at its depth does.
	if limit := quoteBytesFactor * (len(in)/2 + 1); len(r.Quotes) > limit {
		t.Fatalf("%d quotations from %d bytes of input, over %d", len(r.Quotes), len(in), limit)
	}
}

func TestHostileInputs(t *testing.T) {
	for _, h := range hostileInputs(1 << 20) {
		t.Run(h.Name, func(t *testing.T) {
			start := time.Now()
			r := Extract(h.Text)
			el := time.Since(start)
			checkBounded(t, h.Text, r)
			total := 0
			for _, q := range r.Quotes {
				total += len(q.Text)
			}
			t.Logf("%d bytes: %d quotations, %d bytes of quotation text, in %v", len(h.Text), len(r.Quotes), total, el)
		})
	}
}

// TestNestedBombIsLinear is issue 15's crash: each level of nesting used
// to repeat everything inside it, so 41 KB gave 52 MB of output. However
// deep the nesting, only the outer quotation and two inside it get
// records, and the output stays under quoteBytesFactor times the input.
func TestNestedBombIsLinear(t *testing.T) {
	for _, n := range []int{10, 1000, 4000, 16000} {
		in := hostile.NestedBomb(n, true)
		r := Extract(in)
		checkBounded(t, in, r)
		if len(r.Quotes) > maxNestDepth+1 {
			t.Errorf("%d levels of nesting gave %d quotations, want at most %d", n, len(r.Quotes), maxNestDepth+1)
		}
	}
}

// TestNestingDepth says which nested quotations get records: two levels
// inside the outer one, not the third.
func TestNestingDepth(t *testing.T) {
	in := "“He said ‘she told me “they wrote ‘go’ ” ’ ” she said."
	r := Extract(in)
	checkBounded(t, in, r)
	var got []string
	for _, q := range r.Quotes {
		got = append(got, q.Text)
	}
	want := []string{
		"He said ‘she told me “they wrote ‘go’ ” ’ ",
		"she told me “they wrote ‘go’ ” ",
		"they wrote ‘go’ ",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("quotations %q, want %q", got, want)
	}
}

func TestExtractContext(t *testing.T) {
	text := strings.Repeat("“Yes,” he said. “No,” she said.\n", 100)
	all := Extract(text)
	for _, tc := range []struct {
		name      string
		ctx       func() context.Context
		maxQuotes int
		wantErr   error
	}{
		{"no limit", context.Background, 0, nil},
		{"at the limit", context.Background, len(all.Quotes), nil},
		{"over the limit", context.Background, len(all.Quotes) - 1, ErrTooManyQuotes},
		{"cancelled", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, 0, context.Canceled},
		{"deadline passed", func() context.Context {
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
			t.Cleanup(cancel)
			return ctx
		}, 0, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ExtractContext(tc.ctx(), text, Options{MaxQuotes: tc.maxQuotes})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if err != nil && len(r.Quotes) != 0 {
				t.Fatalf("%d quotations with error %v", len(r.Quotes), err)
			}
			if err == nil && len(r.Quotes) != len(all.Quotes) {
				t.Fatalf("%d quotations, want %d as Extract finds", len(r.Quotes), len(all.Quotes))
			}
		})
	}
}

// TestExtractContextStopsMidway cancels an extraction of a large text while
// it runs: it must end with the context's error long before it would have
// finished.
func TestExtractContextStopsMidway(t *testing.T) {
	text := strings.Repeat("The minister said “we will not back down” on Tuesday.\n", 80000)
	start := time.Now()
	Extract(text)
	whole := time.Since(start)
	ctx, cancel := context.WithTimeout(context.Background(), whole/20)
	defer cancel()
	start = time.Now()
	_, err := ExtractContext(ctx, text, Options{})
	el := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v after %v, want the deadline's (the whole text takes %v)", err, el, whole)
	}
	if el > whole*3/4 {
		t.Errorf("stopped after %v; the whole text takes %v", el, whole)
	}
	t.Logf("the whole text takes %v; a deadline of %v stopped it after %v", whole, whole/20, el)
}

// FuzzExtractBounded checks the bounds on any input: quotations are
// substrings at their offsets, their texts add up to at most
// quoteBytesFactor times the input, and their count is bounded.
func FuzzExtractBounded(f *testing.F) {
	for _, h := range hostileInputs(2000) {
		f.Add(h.Text)
	}
	f.Add(hostile.NestedBomb(300, true))
	f.Add("“a ‘b “c ‘d’ e” f’ g” h")
	f.Fuzz(func(t *testing.T, s string) {
		checkBounded(t, s, Extract(s))
	})
}

// BenchmarkHostile measures throughput on the hostile inputs, to compare
// with BenchmarkExtract's ordinary news text (issue 15 asks for within 3×).
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostileInputs(1 << 20) {
		b.Run(strings.ReplaceAll(h.Name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(h.Text)))
			for i := 0; i < b.N; i++ {
				Extract(h.Text)
			}
		})
	}
}

// serviceMaxQuotes is the quotation cap the service extracts with
// (models.MaxQuotesPerSource; extract does not import models).
const serviceMaxQuotes = 2000

// BenchmarkHostileVsOrdinary reports, for each hostile input, its time
// per byte over that of ordinary news text (a megabyte of
// BenchmarkExtract's corpus), the two timed alternately in each iteration
// so that a shared machine's changing load falls on both alike. "capped"
// extracts as the service does, with its quotation cap: a text over it is
// refused as soon as its marks are read.
func BenchmarkHostileVsOrdinary(b *testing.B) {
	docs, _ := syntheticCorpus(b)
	var ordinary []string
	size := 0
	for _, d := range docs {
		if size >= 1<<20 {
			break
		}
		ordinary = append(ordinary, d)
		size += len(d)
	}
	ctx := context.Background()
	for _, capped := range []bool{false, true} {
		opts := Options{}
		mode := "uncapped"
		if capped {
			opts.MaxQuotes, mode = serviceMaxQuotes, "capped"
		}
		for _, h := range hostileInputs(1 << 20) {
			b.Run(mode+"/"+strings.ReplaceAll(h.Name, " ", "_"), func(b *testing.B) {
				var ord, host time.Duration
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					for _, d := range ordinary {
						_, _ = ExtractContext(ctx, d, opts)
					}
					t1 := time.Now()
					_, _ = ExtractContext(ctx, h.Text, opts)
					host += time.Since(t1)
					ord += t1.Sub(t0)
				}
				b.ReportMetric((host.Seconds()/float64(len(h.Text)))/(ord.Seconds()/float64(size)), "x-ordinary")
				b.ReportMetric(float64(len(h.Text)*b.N)/host.Seconds()/1e6, "hostile-MB/s")
				b.ReportMetric(float64(size*b.N)/ord.Seconds()/1e6, "ordinary-MB/s")
			})
		}
	}
}

// plainPunct's runes must be what it says: no letter, digit or space.
func TestPlainPunct(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if plainPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r)) {
			t.Errorf("%U is a letter, digit or space", r)
		}
	}
}
