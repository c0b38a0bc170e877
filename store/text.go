package store

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/errs"
)

// runeSlice returns text[start:end] counted in code points, and whether the
// offsets are inside text.
func runeSlice(text string, start, end int) (string, bool) {
	if start < 0 || end < start {
		return "", false
	}
	bs, be := -1, -1
	i := 0
	for b := range text {
		if i == start {
			bs = b
		}
		if i == end {
			be = b
			break
		}
		i++
	}
	if i == start && bs < 0 {
		bs = len(text)
	}
	if i == end && be < 0 {
		be = len(text)
	}
	if bs < 0 || be < 0 {
		return "", false
	}
	return text[bs:be], true
}

// runesToBytes converts character offsets of text to byte offsets in one
// pass over text, whatever their order: out[i] is the byte offset of
// offs[i], or -1 when it is outside text. (runeSlice for each of many
// quotes would count from the start of the text for each.)
func runesToBytes(text string, offs []int) []int {
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(offs[a], offs[b]) })
	out := make([]int, len(offs))
	r, b := 0, 0 // b is the byte offset of character r
	for _, i := range order {
		o := offs[i]
		for r < o && b < len(text) {
			_, n := utf8.DecodeRuneInString(text[b:])
			b += n
			r++
		}
		out[i] = b
		if o < 0 || r != o {
			out[i] = -1
		}
	}
	return out
}

// locate finds quote in source and returns its character offsets. With
// offsets given it checks them; without, the text must occur exactly once.
func locate(source, quote string, start, end *int) (int, int, error) {
	if start != nil && end != nil {
		got, ok := runeSlice(source, *start, *end)
		if !ok {
			return 0, 0, errs.Invalidf("start", "offsets %d..%d are outside the source (%d characters)", *start, *end, utf8.RuneCountInString(source))
		}
		if got != quote {
			return 0, 0, errs.Invalidf("text", "is not the source's text at %d..%d (which reads %q): quotes are stored verbatim", *start, *end, clip(got, 80))
		}
		return *start, *end, nil
	}
	i := strings.Index(source, quote)
	if i < 0 {
		return 0, 0, errs.Invalidf("text", "does not occur verbatim in the source")
	}
	if n := strings.Count(source, quote); n > 1 {
		return 0, 0, errs.Invalidf("start", "the text occurs %d times in the source: give start and end to say which", n)
	}
	s := utf8.RuneCountInString(source[:i])
	return s, s + utf8.RuneCountInString(quote), nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// maxContextPad bounds a stored context on each side of its quote, in
// characters.
const maxContextPad = 400

// sentenceAround returns the sentence (or, for a multi-sentence quote, the
// run of sentences) of text that contains the characters start..end,
// without crossing a paragraph break.
func sentenceAround(text string, start, end int) string {
	return sentenceAroundRunes([]rune(text), start, end)
}

// sentenceAroundRunes is sentenceAround on text already split into runes
// (a document's quotes share one split).
func sentenceAroundRunes(r []rune, start, end int) string {
	if start < 0 || end > len(r) || start >= end {
		return ""
	}
	// A sentence with no full stop can be a whole page: the context stops
	// maxContextPad characters either side of the quote (at a space where
	// one is near), as the extractor's contexts do.
	floor, ceil := max(0, start-maxContextPad), min(len(r), end+maxContextPad)
	startsSentence := func(b int) bool {
		c := r[b-1]
		return c == '\n' || b >= 2 && (r[b-2] == '.' || r[b-2] == '!' || r[b-2] == '?') && c == ' '
	}
	b := start
	for b > floor && !startsSentence(b) {
		b--
	}
	if b > 0 && b == floor && !startsSentence(b) {
		for k := b; k < start; k++ {
			if r[k] == ' ' {
				b = k + 1
				break
			}
		}
	}
	e := end
	cut := true
	for e < ceil {
		c := r[e]
		if c == '\n' {
			cut = false
			break
		}
		e++
		if (c == '.' || c == '!' || c == '?') && (e == len(r) || r[e] == ' ' || r[e] == '\n') {
			cut = false
			break
		}
	}
	if cut && e < len(r) && r[e] != '\n' {
		for k := e; k > end; k-- {
			if r[k-1] == ' ' {
				e = k - 1
				break
			}
		}
	}
	// Keep a closing quote mark that follows the full stop.
	for e < len(r) && strings.ContainsRune("\"”’'", r[e]) {
		e++
	}
	return strings.TrimSpace(string(r[b:e]))
}
