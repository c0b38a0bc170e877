package extract

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// The hostile-input suite: texts crafted against the quote parser, each
// about a megabyte. Extraction must stay linear in time and memory on all
// of them: quotations are substrings with the right offsets, their texts
// add up to at most quoteBytesFactor times the input, and there are at
// most quoteCountFactor·len(input) of them.

// quoteBytesFactor bounds the quotations' texts against the input: a text
// is counted once at each depth of nesting that gets records.
const quoteBytesFactor = maxNestDepth + 1

// hostileInput is one crafted text.
type hostileInput struct {
	name string
	text string
}

// nestedBomb is the input of issue 15: n nested openings (“ and ‘
// alternating) with a word after each, then their closings, each level
// holding everything inside it.
func nestedBomb(n int, words bool) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString([]string{"“", "‘"}[i%2])
		if words {
			fmt.Fprintf(&b, "word%d ", i)
		}
	}
	for i := n - 1; i >= 0; i-- {
		if words {
			fmt.Fprintf(&b, " end%d", i)
		}
		b.WriteString([]string{"”", "’"}[i%2])
	}
	return b.String()
}

// repeatTo repeats unit to about n bytes.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

// hostileInputs returns the suite's texts, each about n bytes.
func hostileInputs(n int) []hostileInput {
	rng := rand.New(rand.NewSource(15))
	marks := []string{"\"", "'", "`", "``", "''", "‘", "’", "‚", "‛", "“", "”", "„", "«", "»"}
	var onlyMarks strings.Builder
	for onlyMarks.Len() < n {
		onlyMarks.WriteString(marks[rng.Intn(len(marks))])
	}
	// Invalid UTF-8: quote marks cut short, stray continuation bytes and
	// bytes that never occur in UTF-8, between words and whole marks.
	bad := []string{"\xe2\x80", "\xe2", "\x80", "\x9c", "\xff", "\xfe", "\xc2", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99", "said ", "he ", "'", "\"", "\n"}
	var invalid strings.Builder
	for invalid.Len() < n {
		invalid.WriteString(bad[rng.Intn(len(bad))])
	}
	sentence := "The minister said “we will not back down” on Tuesday, and the ‘so-called plan’ was “a disgrace,” he added; "
	depth := n / (len("“word00000 ") + len(" end00000”"))
	return []hostileInput{
		{"only quote marks", onlyMarks.String()},
		{"only straight apostrophes", strings.Repeat("'", n)},
		{"only curly apostrophes", repeatTo("’", n)},
		{"one 1 MB paragraph", repeatTo(sentence, n)},
		{"100,000 one-line paragraphs", strings.Repeat("“Yes,” he said.\n", 100000)},
		{"deeply nested quotes", nestedBomb(n/6, false)},
		{"invalid UTF-8", invalid.String()},
		{"nested-quote bomb", nestedBomb(depth, true)},
		{"unbalanced marks and words", adversarial(n, false)},
		{"nested straight and curly marks", adversarial(n, true)},
	}
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
		t.Run(h.name, func(t *testing.T) {
			start := time.Now()
			r := Extract(h.text)
			el := time.Since(start)
			checkBounded(t, h.text, r)
			total := 0
			for _, q := range r.Quotes {
				total += len(q.Text)
			}
			t.Logf("%d bytes: %d quotations, %d bytes of quotation text, in %v", len(h.text), len(r.Quotes), total, el)
		})
	}
}

// TestNestedBombIsLinear is issue 15's crash: each level of nesting used
// to repeat everything inside it, so 41 KB gave 52 MB of output. However
// deep the nesting, only the outer quotation and two inside it get
// records, and the output stays under quoteBytesFactor times the input.
func TestNestedBombIsLinear(t *testing.T) {
	for _, n := range []int{10, 1000, 4000, 16000} {
		in := nestedBomb(n, true)
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
	text := repeatTo("The minister said “we will not back down” on Tuesday.\n", 4<<20)
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
		f.Add(h.text)
	}
	f.Add(nestedBomb(300, true))
	f.Add("“a ‘b “c ‘d’ e” f’ g” h")
	f.Fuzz(func(t *testing.T, s string) {
		checkBounded(t, s, Extract(s))
	})
}

// BenchmarkHostile measures throughput on the hostile inputs, to compare
// with BenchmarkExtract's ordinary news text (issue 15 asks for within 3×).
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostileInputs(1 << 20) {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(h.text)))
			for i := 0; i < b.N; i++ {
				Extract(h.text)
			}
		})
	}
}
