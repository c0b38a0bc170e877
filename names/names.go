// Package names normalises the names people and organisations go by, so
// that "Sir Ken McCallum", "sir ken mccallum" and "Ken McCallum" compare
// equal, and turns names into URL-safe slugs. It is pure: no I/O, no globals
// that change.
package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// honorifics are titles that do not distinguish one person from another in
// running text. They are dropped from the front of a normalised name. Multi-
// word titles are listed as their words in order.
var honorifics = [][]string{
	{"sir"}, {"dame"}, {"lord"}, {"lady"}, {"baroness"}, {"baron"}, {"mr"}, {"mrs"}, {"ms"}, {"miss"},
	{"mx"}, {"dr"}, {"prof"}, {"professor"}, {"rev"}, {"reverend"}, {"the", "rt", "hon"},
	{"rt", "hon"}, {"the", "right", "honourable"}, {"right", "honourable"}, {"hon"},
	{"president"}, {"senator"}, {"sen"}, {"rep"}, {"gov"}, {"governor"}, {"judge"},
	{"justice"}, {"general"}, {"gen"}, {"col"}, {"colonel"}, {"capt"}, {"captain"},
	{"archbishop"}, {"bishop"}, {"cardinal"}, {"pope"}, {"king"}, {"queen"}, {"prince"}, {"princess"},
}

// Fold lowercases s, removes diacritics ("Crème" → "creme"), replaces
// punctuation other than apostrophes inside words with spaces, and collapses
// runs of white space. It keeps the words of s in order.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	b.Grow(len(folded))
	space := true // suppress leading space
	for _, r := range folded {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case r == '\'' || r == '’':
			// "O'Brien" stays one word; a possessive "Labour’s" keeps its s.
			continue
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// Normalize returns the comparison key of a name: folded as by Fold, with
// leading honorifics removed ("Sir Ken McCallum" → "ken mccallum",
// "Baroness Chapman" → "chapman"). A name that is nothing but an honorific
// keeps it, so "Lord" does not become the empty key.
func Normalize(s string) string {
	words := strings.Fields(Fold(s))
	for {
		n := honorificPrefix(words)
		if n == 0 || n == len(words) {
			break
		}
		words = words[n:]
	}
	return strings.Join(words, " ")
}

// IsHonorific reports whether the whole of s is an honorific such as "Sir"
// or "Rt Hon".
func IsHonorific(s string) bool {
	words := strings.Fields(Fold(s))
	return len(words) > 0 && honorificPrefix(words) == len(words)
}

func honorificPrefix(words []string) int {
	for _, h := range honorifics {
		if len(h) <= len(words) {
			match := true
			for i := range h {
				if words[i] != h[i] {
					match = false
					break
				}
			}
			if match {
				return len(h)
			}
		}
	}
	return 0
}

// Slug turns a name into a lowercase, hyphen-separated, ASCII-only identifier
// fit for a URL path ("Sir Ken McCallum" → "ken-mccallum"). Letters that have
// no ASCII form after removing diacritics are dropped; an empty result
// becomes "speaker".
func Slug(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(Normalize(s)) {
		var word strings.Builder
		for _, r := range w {
			if r < 128 {
				word.WriteRune(r)
			}
		}
		if word.Len() == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(word.String())
	}
	if b.Len() == 0 {
		return "speaker"
	}
	return b.String()
}
