package factcheck

import "strings"

// Prepared is a claim made ready to compare with many quotes: its words
// are split and normalised once.
type Prepared struct {
	Claim   Claim
	Tokens  []Token    // every word of the claim, ellipses dropped
	Pieces  [][]string // normalised words of each piece between ellipses
	Content []string   // distinctive (non-stopword) words, each once

	// For Screen and compare: each distinct claim word's index, how often
	// the claim has it, and whether it is a content word; and the
	// normalised words of Tokens.
	word      map[string]int
	wordCount []int
	isContent []bool
	norms     []string
}

// Prepare readies a parsed claim for comparison.
func Prepare(c Claim) Prepared {
	p := Prepared{Claim: c}
	for _, piece := range c.Pieces {
		ts := Tokens(piece)
		if len(ts) == 0 {
			continue
		}
		p.Tokens = append(p.Tokens, ts...)
		words := make([]string, len(ts))
		for i, t := range ts {
			words[i] = t.Norm
		}
		p.Pieces = append(p.Pieces, words)
	}
	p.Content = ContentWords(p.Tokens)
	p.word = make(map[string]int, len(p.Tokens))
	for _, t := range p.Tokens {
		k, ok := p.word[t.Norm]
		if !ok {
			k = len(p.wordCount)
			p.word[t.Norm] = k
			p.wordCount = append(p.wordCount, 0)
			p.isContent = append(p.isContent, false)
		}
		p.wordCount[k]++
	}
	for _, w := range p.Content {
		p.isContent[p.word[w]] = true
	}
	p.norms = norms(p.Tokens)
	return p
}

// Screen compares the claim with one quote's text as Compare does, except
// that Match.Diff is left out (Diff gives it), and that a quote that
// cannot matter is not compared at all: ok is false, with a zero Match,
// when the quote cannot be an exact, stitched or close match of the claim
// and its Score would be below minScore. It decides that from the words
// the two have in common, without aligning them: the aligned words are at
// most, word by word, the fewer of the claim's and the quote's copies.
// Most candidates that full-text search finds share a word or two with a
// claim and no more, and screening them costs a fraction of comparing.
func (p Prepared) Screen(quote string, minScore float64) (m Match, ok bool) {
	c := p.Tokens
	if p.word == nil || len(c) == 0 {
		return p.compare(Tokens(quote), false), true
	}
	var buf [64]int
	used := buf[:0]
	if len(p.wordCount) <= len(buf) {
		used = buf[:len(p.wordCount)]
	} else {
		used = make([]int, len(p.wordCount))
	}
	common, content := 0, 0
	var fold [64]byte
	eachWord(quote, func(w string) {
		if f, ok := foldASCII(fold[:0], w); ok {
			if k, in := p.word[string(f)]; in { // no allocation for the lookup
				p.count(used, k, &common, &content)
			}
			return
		}
		if k, in := p.word[foldWord(strings.TrimLeft(strings.TrimRight(w, "'’‘."), "'’‘."))]; in {
			p.count(used, k, &common, &content)
		}
	})
	if common >= len(c) || common >= 4 {
		// Possibly exact or stitched: compare.
		return p.compare(Tokens(quote), false), true
	}
	seq := 2 * float64(common) / float64(len(c)+common)
	recall := seq
	if len(p.Content) > 0 {
		recall = float64(content) / float64(len(p.Content))
	}
	if score := 0.5*seq + 0.5*recall; score+1e-9 >= minScore || score+1e-9 >= CloseScore {
		return p.compare(Tokens(quote), false), true
	}
	return Match{}, false
}

// count records one quote word that is claim word k: common counts it
// while the claim has copies of it left, content counts content words
// once each.
func (p Prepared) count(used []int, k int, common, content *int) {
	if used[k] == 0 && p.isContent[k] {
		*content++
	}
	if used[k] < p.wordCount[k] {
		*common++
	}
	used[k]++
}

// Match is how a claim compares with one quote.
type Match struct {
	// Score is the similarity, 0 to 1: 1 for an exact match (see Exact),
	// otherwise a blend of word-order similarity to the stretch of the
	// quote the claim lines up with and the share of the claim's
	// distinctive words the quote contains.
	Score float64
	// Exact is true when, after normalising case, punctuation, quote marks
	// and white space, the claim is the quote, a contiguous stretch of it,
	// or (Ellipsis) its pieces appear in the quote in order.
	Exact    bool
	Ellipsis bool
	// Fragment is an exact match that covers less than half of a quote of
	// eight words or more and is not whole sentences of it: the words were
	// said, but cut out of what was said.
	Fragment bool
	// Stitched is true when a long stretch of the claim matches the quote
	// closely but the claim adds words before or after it that the quote
	// does not have.
	Stitched bool
	// Common is the number of claim words matched in order; Extra the
	// number of claim words before the first and after the last of them.
	Common, Extra int
	// ClaimCoverage is Common over the claim's word count.
	ClaimCoverage float64
	// Diff is the word-level difference from the quote to the claim.
	Diff []Op
}

// Thresholds of the comparison.
const (
	// CloseScore is the least Score of a quote that a claim may be an
	// altered version of.
	CloseScore = 0.45
	// fragmentShare: an exact match covering less than this share of the
	// quote's words is a fragment (for quotes of fragmentMinWords or more).
	fragmentShare    = 0.5
	fragmentMinWords = 8
)

// Compare compares the claim with one quote's text.
func (p Prepared) Compare(quote string) Match {
	return p.CompareTokens(Tokens(quote))
}

// CompareTokens is Compare on an already tokenised quote.
func (p Prepared) CompareTokens(q []Token) Match { return p.compare(q, true) }

// compare is CompareTokens, with Match.Diff only when withDiff.
func (p Prepared) compare(q []Token, withDiff bool) Match {
	c := p.Tokens
	var m Match
	if len(c) == 0 || len(q) == 0 {
		if withDiff {
			m.Diff = opsFromPairs(q, c, nil)
		}
		return m
	}
	pairs := alignPairs(q, c)
	if withDiff {
		m.Diff = opsFromPairs(q, c, pairs)
	}
	m.Common = len(pairs)
	m.ClaimCoverage = float64(m.Common) / float64(len(c))

	cn := p.norms
	if len(cn) != len(c) {
		cn = norms(c) // a Prepared not made by Prepare
	}
	switch {
	case len(p.Pieces) > 1 && piecesInOrder(q, p.Pieces):
		m.Exact, m.Ellipsis = true, true
	case len(p.Pieces) <= 1:
		if at := indexWords(q, cn, 0); at >= 0 {
			// Whole sentences of a longer quote are quoted fairly; a
			// piece cut out of a sentence is a fragment.
			m.Exact = true
			whole := q[at].Start && sentenceEnd(q, at+len(c)-1)
			m.Fragment = !whole && len(q) >= fragmentMinWords && float64(len(c)) < fragmentShare*float64(len(q))
		}
	}
	if m.Exact {
		m.Score = 1
		return m
	}
	if m.Common == 0 {
		return m
	}
	first, last := pairs[0], pairs[len(pairs)-1]
	window := last.i - first.i + 1
	span := last.j - first.j + 1
	m.Extra = first.j + (len(c) - 1 - last.j)
	seq := 2 * float64(m.Common) / float64(len(c)+window)
	recall := seq
	if len(p.Content) > 0 {
		recall = float64(p.contentIn(q)) / float64(len(p.Content))
	}
	m.Score = 0.5*seq + 0.5*recall
	core := 2 * float64(m.Common) / float64(span+window)
	m.Stitched = m.Common >= 4 && m.Extra >= 3 && float64(m.Extra) >= 0.25*float64(len(c)) && core >= 0.8 &&
		!mostlyIn(c[:first.j], q) && !mostlyIn(c[last.j+1:], q)
	return m
}

// contentIn returns how many of the claim's content words q has, looking
// each word of q up in the claim's words once (no map of q's words).
func (p Prepared) contentIn(q []Token) int {
	if p.word == nil {
		have := make(map[string]bool, len(q))
		for _, t := range q {
			have[t.Norm] = true
		}
		n := 0
		for _, w := range p.Content {
			if have[w] {
				n++
			}
		}
		return n
	}
	var buf [64]bool
	seen := buf[:0]
	if len(p.wordCount) <= len(buf) {
		seen = buf[:len(p.wordCount)]
	} else {
		seen = make([]bool, len(p.wordCount))
	}
	n := 0
	for _, t := range q {
		if k, in := p.word[t.Norm]; in && p.isContent[k] && !seen[k] {
			seen[k] = true
			n++
		}
	}
	return n
}

// Close reports whether the claim may be an altered version of the quote:
// not exact, but similar enough, with enough words in common.
func (m Match) Close() bool {
	if m.Exact {
		return false
	}
	return m.Score >= CloseScore && (m.Common >= 3 || m.ClaimCoverage >= 0.6)
}

func norms(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Norm
	}
	return out
}

// indexWords returns the first index at or after from where needle occurs
// contiguously in the normalised words of hay, or -1.
func indexWords(hay []Token, needle []string, from int) int {
	if len(needle) == 0 {
		return from
	}
outer:
	for i := from; i+len(needle) <= len(hay); i++ {
		for k, w := range needle {
			if hay[i+k].Norm != w {
				continue outer
			}
		}
		return i
	}
	return -1
}

// piecesInOrder reports whether every piece occurs contiguously in the
// normalised words of hay, each after the previous one.
func piecesInOrder(hay []Token, pieces [][]string) bool {
	at := 0
	for _, p := range pieces {
		i := indexWords(hay, p, at)
		if i < 0 {
			return false
		}
		at = i + len(p)
	}
	return true
}

// mostlyIn reports whether at least half of the words of ts (three or
// more of them) occur somewhere in hay: claim words outside the aligned
// stretch that were said elsewhere in the quote are a reordering, not
// words stitched on.
func mostlyIn(ts []Token, hay []Token) bool {
	if len(ts) < 3 {
		return false
	}
	have := make(map[string]bool, len(hay))
	for _, t := range hay {
		have[t.Norm] = true
	}
	n := 0
	for _, t := range ts {
		if have[t.Norm] {
			n++
		}
	}
	return 2*n >= len(ts)
}
