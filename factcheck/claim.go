package factcheck

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Claim is a quote as someone claims it was said: the words, and who is
// said to have said them when the claim names someone.
type Claim struct {
	// Text is the claimed words without the attribution around them.
	Text string
	// Speaker is who the claim says said them; "" when it names nobody.
	Speaker string
	// Pieces is Text split at ellipses ("…", "...", "[…]"): the claim
	// says these were said in this order, with words left out between.
	Pieces []string
}

// attribution verbs that introduce or follow a quote.
const verbs = `(?:said|says|stated|states|claimed|claims|declared|declares|admitted|admits|insisted|insists|warned|warns|argued|argues|added|adds|wrote|writes|tweeted|tweets|posted|announced|announces|remarked|told\s+[\p{L}\p{N}]+(?:\s+[\p{L}\p{N}]+)?)`

// name is up to eight words of a name or role ("the head of MI5").
const name = `([\p{L}\p{N}][\p{L}\p{N}'’.&-]*(?:\s+[\p{L}\p{N}][\p{L}\p{N}'’.&-]*){0,7})`

var (
	leading    = regexp.MustCompile(`(?is)^\s*` + name + `\s+` + verbs + `(?:\s+that)?\s*[:,]?\s+(.+)$`)
	according  = regexp.MustCompile(`(?is)^\s*according\s+to\s+` + name + `\s*,\s*(.+)$`)
	trailingNV = regexp.MustCompile(`(?is)^(.+?)\s*[,"“”'‘’]+\s*` + name + `\s+` + verbs + `\s*[.!]?\s*$`)
	trailingVN = regexp.MustCompile(`(?is)^(.+?)\s*[,"“”'‘’]+\s*` + verbs + `\s+` + name + `\s*[.!]?\s*$`)
	ellipsis   = regexp.MustCompile(`\s*(?:\[\s*(?:\.\s?\.\s?\.|…)\s*\]|\(\s*(?:\.\s?\.\s?\.|…)\s*\)|\.\s?\.\s?\.|…)\s*`)
)

// notNames are first words that show a match of the name pattern is part
// of a sentence, not a name: "I said that last year" is a quote, not a
// claim about a speaker called "I".
var notNames = map[string]bool{
	"i": true, "we": true, "you": true, "he": true, "she": true, "they": true, "it": true, "this": true,
	"that": true, "as": true, "and": true, "but": true, "if": true, "when": true, "what": true, "who": true,
	"which": true, "so": true, "because": true, "then": true, "there": true, "here": true, "one": true,
	"someone": true, "somebody": true, "nobody": true, "everyone": true, "people": true, "he’s": true,
	"had": true, "has": true, "have": true, "never": true, "not": true, "also": true, "once": true,
}

// ParseClaim splits a claim as it circulates into the words and the
// speaker it names, when it names one: "X said (that) …", "X told MPs: …",
// "According to X, …", "“…”, X said" and "“…”, said X". Quote marks around
// the words are removed. A claim that names nobody keeps all of its text.
func ParseClaim(s string) Claim {
	s = strings.TrimSpace(s)
	c := Claim{Text: s}
	tries := []struct {
		re          *regexp.Regexp
		name, words int
	}{{according, 1, 2}, {leading, 1, 2}, {trailingNV, 2, 1}, {trailingVN, 2, 1}}
	if !mayAttribute(s) {
		tries = nil
	}
	for _, try := range tries {
		m := try.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		who, words := strings.TrimSpace(m[try.name]), strings.TrimSpace(m[try.words])
		if !plausibleName(who) || len(Tokens(words)) == 0 {
			continue
		}
		c.Speaker, c.Text = strings.TrimRight(who, ".,"), words
		break
	}
	c.Text = trimQuoteMarks(c.Text)
	c.Pieces = SplitEllipsis(c.Text)
	return c
}

// attributionWords are the words one of which every attribution pattern
// needs (the verbs' stems, and "according"), lowercase.
var attributionWords = []string{"said", "says", "stated", "states", "claim", "declare", "admit", "insist", "warn",
	"argue", "added", "adds", "wrote", "writes", "tweet", "posted", "announce", "remarked", "told", "according"}

// mayAttribute reports whether s may match an attribution pattern: false
// only for ASCII text with none of attributionWords (the patterns ignore
// case, and beyond ASCII their case folding is not strings.ToLower's), so
// that most quotes skip the regular expressions.
func mayAttribute(s string) bool {
	lower := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, w := range attributionWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// SplitEllipsis splits text at its ellipses, dropping pieces with no word.
func SplitEllipsis(text string) []string {
	var out []string
	for _, p := range ellipsis.Split(text, -1) {
		if len(Tokens(p)) > 0 {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

func plausibleName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 8 {
		return false
	}
	first := strings.ToLower(strings.Trim(ws[0], "'’.,"))
	if notNames[first] {
		return false
	}
	// A name is not a clause: no word of it may be a pronoun.
	for _, w := range ws {
		switch strings.ToLower(w) {
		case "i", "we", "you", "he", "she", "they", "it":
			return false
		}
	}
	return true
}

func trimQuoteMarks(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, ":")
	return strings.TrimSpace(strings.Trim(s, " \t\n\"“”'‘’«»„"))
}
