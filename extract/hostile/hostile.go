// Package hostile makes the texts crafted against the quote parser that
// issue 15 lists: only quote marks, only apostrophes, one huge paragraph,
// a hundred thousand one-line paragraphs, deeply nested quotations,
// invalid UTF-8 and the nested-quote bomb. The extractor's tests, fuzz
// seeds and benchmarks use them, and so does scripts/attack-text.sh,
// against a running server.
package hostile

import (
	"math/rand"
	"strconv"
	"strings"
)

// Input is one crafted text.
type Input struct {
	Name string
	Text string
}

// NestedBomb is issue 15's crash: n nested openings (“ and ‘ alternating),
// with a word after each when words is set, then their closings, each level
// holding everything inside it. 673 KB of it took a server to 23 GB.
func NestedBomb(n int, words bool) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString([]string{"“", "‘"}[i%2])
		if words {
			b.WriteString("word" + strconv.Itoa(i) + " ")
		}
	}
	for i := n - 1; i >= 0; i-- {
		if words {
			b.WriteString(" end" + strconv.Itoa(i))
		}
		b.WriteString([]string{"”", "’"}[i%2])
	}
	return b.String()
}

// BombOfSize is a NestedBomb with words of about n bytes.
func BombOfSize(n int) string {
	return NestedBomb(n/len("“word00000  end00000”"), true)
}

// pickTo joins pieces picked at random up to at most n bytes.
func pickTo(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for {
		p := pieces[rng.Intn(len(pieces))]
		if b.Len()+len(p) > n {
			return b.String()
		}
		b.WriteString(p)
	}
}

// repeatTo repeats unit to about n bytes.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

// Inputs returns the crafted texts, each of at most and about n bytes
// (but the hundred thousand paragraphs are always a hundred thousand, 2 MB),
// the same on every call.
func Inputs(n int) []Input {
	rng := rand.New(rand.NewSource(15))
	marks := []string{"\"", "'", "`", "``", "''", "‘", "’", "‚", "‛", "“", "”", "„", "«", "»"}
	// Quote marks cut short, stray continuation bytes and bytes that never
	// occur in UTF-8, between words and whole marks.
	bad := []string{"\xe2\x80", "\xe2", "\x80", "\x9c", "\xff", "\xfe", "\xc2", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99", "said ", "he ", "'", "\"", "\n"}
	sentence := "The minister said “we will not back down” on Tuesday, and the ‘so-called plan’ was “a disgrace,” he added; "
	return []Input{
		{"only quote marks", pickTo(rng, marks, n)},
		{"only straight apostrophes", strings.Repeat("'", n)},
		{"only curly apostrophes", repeatTo("’", n)},
		{"one huge paragraph", repeatTo(sentence, n)},
		{"100,000 one-line paragraphs", strings.Repeat("“Yes,” he said.\n", 100000)},
		{"deeply nested quotes", NestedBomb(n/6, false)},
		{"invalid UTF-8", pickTo(rng, bad, n)},
		{"nested-quote bomb", BombOfSize(n)},
	}
}
