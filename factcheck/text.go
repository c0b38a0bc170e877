// Package factcheck compares what someone claims was said with what the
// record shows was said. It is pure text in, plain structs out: word
// tokens that ignore case, accents, punctuation and quote-mark style; a
// word-level diff; claim parsing ("X said that …"); a similarity measure
// that tells an exact quote from a misremembered one, a fragment or a
// quote stitched to words nobody said; and the verdict over a set of
// candidate quotes. It has no database, HTTP or logging: the store finds
// the candidates, the handlers speak HTTP.
package factcheck

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text: Word as written (punctuation around it
// removed) and Norm, the form comparisons use: lowercase, without
// diacritics or apostrophes, with abbreviation dots dropped ("U.K." and
// "UK" are both "uk"). Start is true for the first word of a sentence
// (the first word of the text, or one after a full stop, question or
// exclamation mark).
type Token struct {
	Word  string
	Norm  string
	Start bool
}

// Tokens splits s into words. Hyphens, dashes, slashes and every other
// punctuation mark separate words; apostrophes and dots inside a word do
// not ("we’ve" → "weve", "U.K." → "uk"). Straight and curly quote marks,
// ellipses and brackets are dropped. Tokens never returns a token with an
// empty Norm.
func Tokens(s string) []Token {
	out := make([]Token, 0, len(s)/6+1)
	start := -1
	stop := true // a sentence ended before the next word
	flush := func(end int) {
		if start < 0 {
			return
		}
		word := s[start:end]
		start = -1
		ends := false
		if !asciiAlnum(word[0]) || !asciiAlnum(word[len(word)-1]) {
			// (A word that starts and ends with a letter or digit has
			// nothing to trim and cannot end a sentence.)
			trimmed := strings.TrimRight(word, "'’‘.")
			// "strong." ends a sentence; "U.K." is an abbreviation.
			ends = strings.HasSuffix(strings.TrimRight(word, "'’‘"), ".") && !strings.Contains(strings.TrimRight(trimmed, "."), ".")
			word = strings.TrimLeft(trimmed, "'’‘.")
		}
		if n := foldWord(word); n != "" {
			out = append(out, Token{Word: word, Norm: n, Start: stop})
			stop = false
		}
		stop = stop || ends
	}
	for i, r := range s {
		if isWordRune(r) || ((r == '\'' || r == '’' || r == '.') && start >= 0) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		if r == '!' || r == '?' || r == '.' {
			stop = true
		}
	}
	flush(len(s))
	return out
}

// eachWord calls fn with each word of s as Tokens finds them, before
// trimming and folding.
func eachWord(s string, fn func(w string)) {
	start := -1
	for i, r := range s {
		if isWordRune(r) || ((r == '\'' || r == '’' || r == '.') && start >= 0) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// foldASCII appends foldWord(w) to buf when w is ASCII (ok false, and
// nothing appended, when it is not). Trimming apostrophes and dots first
// changes nothing: folding drops them.
func foldASCII(buf []byte, w string) ([]byte, bool) {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return buf, false
		}
	}
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == '\'' || c == '.':
		case 'A' <= c && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		default:
			buf = append(buf, c)
		}
	}
	return buf, true
}

// sentenceEnd reports whether ts[i] is the last word of a sentence.
func sentenceEnd(ts []Token, i int) bool { return i == len(ts)-1 || ts[i+1].Start }

// Words returns the normalised words of s.
func Words(s string) []string {
	ts := Tokens(s)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Norm
	}
	return out
}

// Normalize returns s as its normalised words joined by single spaces:
// two texts that differ only in case, accents, punctuation, quote marks
// and white space normalise to the same string.
func Normalize(s string) string { return strings.Join(Words(s), " ") }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiAlnum(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiAlnum reports whether c is an ASCII letter or digit.
func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// foldWord lowercases a word and removes diacritics, apostrophes and dots.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		plain := true // already lowercase, nothing to drop: w is its own form
		for i := 0; i < len(w); i++ {
			if c := w[i]; c == '\'' || c == '.' || 'A' <= c && c <= 'Z' {
				plain = false
				break
			}
		}
		if plain {
			return w
		}
	}
	var b strings.Builder
	b.Grow(len(w))
	if ascii {
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case c == '\'' || c == '.':
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			default:
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	for _, r := range norm.NFD.String(w) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '.' || unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// stopwords are words too common to say whether two texts are about the
// same thing. They still count in the word-by-word comparison.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true, "to": true,
	"in": true, "on": true, "at": true, "for": true, "with": true, "by": true, "from": true, "as": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true,
	"it": true, "its": true, "this": true, "that": true, "these": true, "those": true, "there": true,
	"i": true, "we": true, "you": true, "he": true, "she": true, "they": true, "them": true, "our": true,
	"us": true, "me": true, "my": true, "his": true, "her": true, "their": true, "your": true,
	"not": true, "no": true, "do": true, "does": true, "did": true, "have": true, "has": true, "had": true,
	"will": true, "would": true, "can": true, "could": true, "should": true, "may": true, "might": true,
	"so": true, "if": true, "when": true, "what": true, "which": true, "who": true, "all": true,
	"very": true, "just": true, "than": true, "then": true, "also": true, "about": true, "into": true,
	"said": true, "says": true, "im": true, "ive": true, "weve": true,
}

// IsStopword reports whether a normalised word is too common to be
// evidence on its own.
func IsStopword(norm string) bool { return stopwords[norm] }

// ContentWords returns the normalised words of ts that are not stopwords,
// each once, in order of first appearance.
func ContentWords(ts []Token) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if stopwords[t.Norm] || seen[t.Norm] {
			continue
		}
		seen[t.Norm] = true
		out = append(out, t.Norm)
	}
	return out
}

// IndexTerms returns the distinct words of s the way SQLite's unicode61
// full-text tokenizer (remove_diacritics 2) indexes them: lowercase,
// without diacritics, split at every character that is not a letter or
// digit ("we’ve" gives "we" and "ve"). The store looks claims up with them.
func IndexTerms(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		f := foldWord(w)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	return out
}
