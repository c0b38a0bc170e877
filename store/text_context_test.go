package store

import (
	"strings"
	"testing"
)

// The context of a quote with no full stop around it (a list, a
// transcript, crafted text) stops maxContextPad characters either side of
// it, at a space; an ordinary sentence is kept whole.
func TestSentenceAroundIsBounded(t *testing.T) {
	filler := strings.Repeat("and then the committee met once more in the hall ", 30)
	for _, tc := range []struct {
		name, before, quote, after string
		whole                      bool
	}{
		{"ordinary sentence", "It rained. The minister said ", "“we will not back down”", " and left. Then it stopped.", true},
		{"no full stop", filler, "“we will not back down”", " " + filler, false},
		{"no full stop, non-ASCII", strings.Repeat("déclaré ", 100), "“non”", " " + strings.Repeat("ü ", 400), false},
		{"paragraph break at the bound", strings.Repeat("x", 400) + "\n", "“yes”", "\n" + strings.Repeat("y", 10), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.before + tc.quote + tc.after
			start := len([]rune(tc.before))
			end := start + len([]rune(tc.quote))
			got := sentenceAround(text, start, end)
			if !strings.Contains(text, got) || !strings.Contains(got, tc.quote) {
				t.Fatalf("context %q is not a substring holding the quote", got)
			}
			if n := len([]rune(got)); n > len([]rune(tc.quote))+2*maxContextPad {
				t.Errorf("context of %d characters", n)
			}
			if tc.whole {
				want := strings.TrimSpace(text[strings.LastIndexAny(tc.before, ".\n")+1:])
				if i := strings.IndexAny(tc.after, ".\n"); i >= 0 {
					want = strings.TrimSpace(text[strings.LastIndexAny(tc.before, ".\n")+1 : len(tc.before)+len(tc.quote)+i+1])
					if tc.after[i] == '\n' {
						want = strings.TrimSpace(text[strings.LastIndexAny(tc.before, ".\n")+1 : len(tc.before)+len(tc.quote)+i])
					}
				}
				if got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			} else if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Count(got, " ") < 10 {
				t.Errorf("bounded context %q not cut at spaces", got)
			}
		})
	}
}
