package extract

import (
	"strings"
	"testing"
)

// A quotation's context is its sentence, but never more than
// maxContextPad bytes on either side of it, cut between characters:
// a text with no full stop (a list, a transcript, crafted input) must not
// give every quotation in it the whole text.
func TestContextIsBounded(t *testing.T) {
	filler := strings.Repeat("and then the committee met once more in the hall — ", 40)
	nested := strings.Repeat("“a ‘b’ c ", 200) + strings.Repeat("” ", 200)
	for _, tc := range []struct {
		name string
		text string
	}{
		{"long sentence", "The minister said " + filler + "“We will not back down from this,” she said " + filler + "and left"},
		{"non-ASCII filler", "Le ministre a déclaré " + strings.Repeat("é", 900) + " “We will not back down,” she said " + strings.Repeat("ü", 900)},
		{"nested quotations", "He said " + nested},
		{"many quotations", strings.Repeat("“Yes,” he said and ", 300)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Extract(tc.text).Quotes
			if len(res) == 0 {
				t.Fatal("no quotations found")
			}
			total, texts := 0, 0
			for i, q := range res {
				if q.ContextStart < 0 || q.ContextEnd > len(tc.text) || q.ContextStart > q.Start || q.ContextEnd < q.End || tc.text[q.ContextStart:q.ContextEnd] != q.Context {
					t.Fatalf("quote %d: context [%d,%d) does not hold [%d,%d) verbatim", i, q.ContextStart, q.ContextEnd, q.Start, q.End)
				}
				// The pad is counted from the quotation marks, a few bytes
				// outside Start and End.
				if q.Start-q.ContextStart > maxContextPad+8 || q.ContextEnd-q.End > maxContextPad+8 {
					t.Errorf("quote %d: context reaches %d bytes before and %d after it", i, q.Start-q.ContextStart, q.ContextEnd-q.End)
				}
				total += len(q.Context)
				texts += len(q.Text)
			}
			if limit := texts + len(res)*(2*maxContextPad+16); total > limit {
				t.Errorf("contexts total %d bytes for %d quotations of %d bytes", total, len(res), texts)
			}
		})
	}
}
