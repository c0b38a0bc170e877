package extract

import (
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Quote-mark classes: a closer only closes an opener of its own class, so a
// single-quoted phrase nested in a double-quoted one does not end it.
const (
	clsDouble uint8 = 1
	clsSingle uint8 = 2
)

// Directions a mark can take, decided from its shape and the characters on
// either side of it.
const (
	dirApos      uint8 = iota // an apostrophe, not a quote mark
	dirOpen                   // opens a quotation
	dirClose                  // closes a quotation
	dirWeakClose              // closes only if no better closer follows ("the CPS’ case")
	dirEither                 // straight mark with no clue: toggles
)

// qmark is one quote mark found in a paragraph: eight bytes, as a text
// may hold a mark every byte. (Offsets fit in int32, as tokens' do.)
type qmark struct {
	pos int32 // byte offset of the mark
	n   uint8 // its length in bytes
	cls uint8
	dir uint8
}

// end is the byte offset just after the mark.
func (m qmark) end() int { return int(m.pos) + int(m.n) }

// rawSpan is a quotation found by the mark parser, before attribution.
type rawSpan struct {
	start, end int // content, without the marks
	open       int // byte offset of the opening mark
	closeEnd   int // byte offset just after the closing mark (== end when unclosed)
	toEnd      bool
	para       int
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '`', '‘', '’', '‚', '‛', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

func prevRune(s string, i, lo int) rune {
	if i <= lo {
		return -1
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[lo:i])
	return r
}

func nextRune(s string, j, hi int) rune {
	if j >= hi {
		return -1
	}
	if c := s[j]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(s[j:hi])
	return r
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 || (r > 127 && !plainPunct(r) && unicode.IsSpace(r))
}

// plainPunct reports runes that are neither letters, digits nor spaces and
// are common in text crafted against the parser: curly quote marks, dashes
// and the ellipsis (U+2010 to U+2027), and utf8.RuneError, what a byte of
// invalid UTF-8 decodes to. They are answered without the Unicode tables:
// a text of nothing else would spend its time searching them.
func plainPunct(r rune) bool {
	return (r >= 0x2010 && r <= 0x2027) || r == utf8.RuneError
}

func isLetter(r rune) bool {
	if r < 0 {
		return false
	}
	if r < 128 {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	}
	return !plainPunct(r) && unicode.IsLetter(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isAlnum(r rune) bool {
	return isLetter(r) || isDigit(r) || (r > 127 && !plainPunct(r) && unicode.IsDigit(r))
}

// leftFlank: the character before a mark lets the mark open a quotation.
func leftFlank(p rune) bool {
	if p < 0 || isSpaceRune(p) || isQuoteRune(p) {
		return true
	}
	switch p {
	case '(', '[', '{', '—', '–', '-', '/', ':', '…':
		return true
	}
	return false
}

// rightFlank: the character after a mark lets the mark close a quotation.
func rightFlank(n rune) bool {
	if n < 0 || isSpaceRune(n) || isQuoteRune(n) {
		return true
	}
	switch n {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '/':
		return true
	}
	return false
}

// scanMarks appends to dst the quote marks of text[lo:hi] with their
// classes and directions. Apostrophes are left out: the parser passes
// over them, and a text of nothing else would fill dst with them.
func scanMarks(dst []qmark, s string, lo, hi int) []qmark {
	for i := lo; i < hi; i++ {
		// Skip eight bytes at a time to the first that can begin a mark.
		for i+8 <= hi {
			if m := leadMarks(load64(s, i)); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= hi {
			break
		}
		c := s[i]
		if !markLead[c] {
			continue
		}
		switch c {
		case '"':
			p, n := prevRune(s, i, lo), nextRune(s, i+1, hi)
			dst = append(dst, qmark{pos: int32(i), n: 1, cls: clsDouble, dir: straightDir(p, n)})
		case '`':
			if i+1 < hi && s[i+1] == '`' {
				dst = append(dst, qmark{pos: int32(i), n: 2, cls: clsDouble, dir: dirOpen})
				i++
			}
		case '\'':
			p := prevRune(s, i, lo)
			if i+1 < hi && s[i+1] == '\'' {
				n := nextRune(s, i+2, hi)
				d := dirClose
				if leftFlank(p) && !rightFlank(n) {
					d = dirOpen
				}
				dst = append(dst, qmark{pos: int32(i), n: 2, cls: clsDouble, dir: d})
				i++
				continue
			}
			n := nextRune(s, i+1, hi)
			if d := singleDir(s, i+1, hi, p, n, true); d != dirApos {
				dst = append(dst, qmark{pos: int32(i), n: 1, cls: clsSingle, dir: d})
			}
		case 0xC2:
			if i+1 < hi && (s[i+1] == 0xAB || s[i+1] == 0xBB) {
				d := dirOpen
				if s[i+1] == 0xBB {
					d = dirClose
				}
				dst = append(dst, qmark{pos: int32(i), n: 2, cls: clsDouble, dir: d})
				i++
			}
		case 0xE2:
			if i+2 >= hi || s[i+1] != 0x80 {
				continue
			}
			b := s[i+2]
			if b < 0x98 || b > 0x9E {
				continue
			}
			p, n := prevRune(s, i, lo), nextRune(s, i+3, hi)
			var m qmark
			m.pos, m.n = int32(i), 3
			switch b {
			case 0x98, 0x9B: // ‘ ‛
				m.cls = clsSingle
				switch {
				case isAlnum(p) && isLetter(n):
					m.dir = dirApos
				case !leftFlank(p) && rightFlank(n):
					m.dir = dirClose
				case isDigit(n) && decadeAhead(s, i+3, hi):
					m.dir = dirApos
				default:
					m.dir = dirOpen
				}
			case 0x99: // ’
				m.cls = clsSingle
				m.dir = singleDir(s, i+3, hi, p, n, false)
			case 0x9A: // ‚ low single opener
				if isAlnum(p) {
					continue
				}
				m.cls, m.dir = clsSingle, dirOpen
			case 0x9C: // “
				m.cls = clsDouble
				if p >= 0 && !leftFlank(p) && rightFlank(n) {
					m.dir = dirClose
				} else {
					m.dir = dirOpen
				}
			case 0x9D: // ”
				m.cls = clsDouble
				if leftFlank(p) && !rightFlank(n) {
					m.dir = dirOpen
				} else {
					m.dir = dirClose
				}
			case 0x9E: // „
				m.cls, m.dir = clsDouble, dirOpen
			}
			if m.dir != dirApos {
				dst = append(dst, m)
			}
			i += 2
		}
	}
	return dst
}

// load64 reads the eight bytes of s at i as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// leadMarks tests the eight bytes of the word x at once for those that
// markLead marks: a byte equal to v is a zero byte of y = x^(v*ones), and
// (y-ones)&^y&highs sets the high bit of y's first zero byte. It may set
// high bits of later bytes too (a borrow runs upwards), so only the lowest
// set bit, the first such byte, is exact; the result is 0 when there is
// none.
func leadMarks(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	a, b, c := x^('"'*ones), x^('`'*ones), x^('\''*ones)
	e, f := x^(0xC2*ones), x^(0xE2*ones)
	return ((a-ones)&^a | (b-ones)&^b | (c-ones)&^c | (e-ones)&^e | (f-ones)&^f) & highs
}

// markLead marks the bytes that can begin a quote mark.
var markLead = [256]bool{'"': true, '`': true, '\'': true, 0xC2: true, 0xE2: true}

func straightDir(p, n rune) uint8 {
	lf, rf := leftFlank(p), rightFlank(n)
	switch {
	case lf && !rf:
		return dirOpen
	case rf && !lf:
		return dirClose
	}
	return dirEither
}

// decadeAhead reports "90s" after an apostrophe ('90s, ’60s).
func decadeAhead(s string, j, hi int) bool {
	return j+2 < hi && isDigit(rune(s[j])) && isDigit(rune(s[j+1])) && s[j+2] == 's'
}

// singleDir decides what a ’ or a straight ' is: an apostrophe inside a
// word ("Labour’s", "didn't"), an opener, a closer, or a weak closer after a
// plural possessive ("the CPS’ case").
func singleDir(s string, after, hi int, p, n rune, straight bool) uint8 {
	lf, rf := leftFlank(p), rightFlank(n)
	switch {
	case isAlnum(p) && isLetter(n):
		return dirApos
	case lf && isDigit(n):
		if decadeAhead(s, after, hi) {
			return dirApos
		}
		return dirOpen
	case lf && !rf:
		return dirOpen
	case !lf && rf:
		if (p == 's' || p == 'S' || p == 'z') && n == ' ' {
			if q := nextRune(s, after+1, hi); isLetter(q) {
				return dirWeakClose
			}
		}
		return dirClose
	case lf && rf:
		if straight {
			return dirEither
		}
		return dirClose
	}
	return dirApos
}

// shrink drops the buffers a huge paragraph grew, so that a pooled
// document does not keep them alive.
func (ps *parser) shrink() {
	const keep = 1 << 16
	if cap(ps.marks) > keep || cap(ps.entries) > keep || cap(ps.spans) > keep || cap(ps.stack) > keep {
		*ps = parser{}
	}
}

// parser holds reusable buffers for parsing paragraphs.
type parser struct {
	marks   []qmark
	entries []pentry
	stack   []int32
	spans   []pspan
	strong  []bool
	depth   []uint8
}

// maxNestDepth is how deep quotations nested in reported ones get records
// of their own: a quotation inside a quotation inside a quotation, and no
// deeper. Quotations at one depth never overlap, so the records' texts
// add up to at most maxNestDepth+1 times the input, whatever its marks;
// without the bound, each level of a crafted run of nested marks repeated
// everything inside it and the output grew with the square of the input.
const maxNestDepth = 2

type pentry struct {
	mark   int32
	parent int32
	cls    uint8
	state  uint8 // 0 open, 1 closed, 2 dropped, 3 kept to the end of the paragraph
}

type pspan struct {
	open, close int32 // indices in marks of the opening and closing marks
	entry       int32
}

// raw is the quotation between sp's marks.
func (ps *parser) raw(sp pspan, para int) rawSpan {
	om, cm := ps.marks[sp.open], ps.marks[sp.close]
	return rawSpan{start: om.end(), end: int(cm.pos), open: int(om.pos), closeEnd: cm.end(), para: para}
}

// paraInfo says what the parser needs to know about the paragraph's
// surroundings.
type paraInfo struct {
	lo, hi    int  // content bytes of the paragraph (trimmed)
	body      bool // not a headline or caption
	nextOpens bool // the next body paragraph begins with an opening mark
}

// speechOpener reports whether a mark at pos can open reported speech that
// runs on: at the start of the paragraph or after a colon, comma, dash,
// sentence end or closing mark.
func (pi paraInfo) speechOpener(s string, pos int) bool {
	if pos == pi.lo {
		return true
	}
	switch r := prevNonSpace(s, pos, pi.lo); r {
	case ':', ',', '—', '–', '.', '!', '?', '”', '’', '"', '\'':
		return true
	}
	return false
}

// parse finds the top-level quotations of one paragraph and appends them to
// out. Nested quotations stay part of the quotation around them, and are
// also appended to nested, for records of their own. An opener
// that is never closed is dropped, unless it starts a quotation that runs to
// the end of the paragraph (a continued quotation, or a final paragraph of
// speech whose closer was lost); the quotations inside a dropped opener are
// promoted, so one stray mark never hides the rest of the paragraph.
func (ps *parser) parse(s string, pi paraInfo, para int, out []rawSpan, nested *[]rawSpan) []rawSpan {
	// A long paragraph gets room for a mark every eight bytes at once,
	// rather than by doubling; the buffers below hold at most one entry
	// per mark.
	ps.marks = scanMarks(slices.Grow(ps.marks[:0], (pi.hi-pi.lo)/8), s, pi.lo, pi.hi)
	if len(ps.marks) == 0 {
		return out
	}
	marks := ps.marks
	// strong[i]: a strong single closer exists at or after mark i.
	if cap(ps.strong) < len(marks)+1 {
		ps.strong = make([]bool, len(marks)+1)
	}
	strong := ps.strong[:len(marks)+1]
	strong[len(marks)] = false
	for i := len(marks) - 1; i >= 0; i-- {
		strong[i] = strong[i+1] || (marks[i].cls == clsSingle && marks[i].dir == dirClose)
	}
	ps.entries = slices.Grow(ps.entries[:0], len(marks))
	ps.stack = slices.Grow(ps.stack[:0], len(marks))
	ps.spans = slices.Grow(ps.spans[:0], len(marks))
	var count [3]int
	push := func(mi int) {
		parent := int32(-1)
		if len(ps.stack) > 0 {
			parent = ps.stack[len(ps.stack)-1]
		}
		ps.entries = append(ps.entries, pentry{mark: int32(mi), parent: parent, cls: marks[mi].cls})
		ps.stack = append(ps.stack, int32(len(ps.entries)-1))
		count[marks[mi].cls]++
	}
	closeWith := func(mi int) bool {
		m := marks[mi]
		if count[m.cls] == 0 {
			return false
		}
		for len(ps.stack) > 0 {
			e := ps.stack[len(ps.stack)-1]
			ps.stack = ps.stack[:len(ps.stack)-1]
			en := &ps.entries[e]
			count[en.cls]--
			if en.cls == m.cls {
				en.state = 1
				ps.spans = append(ps.spans, pspan{open: en.mark, close: int32(mi), entry: e})
				return true
			}
			en.state = 2
		}
		return false
	}
	for i, m := range marks {
		switch m.dir {
		case dirOpen:
			push(i)
		case dirClose:
			closeWith(i)
		case dirWeakClose:
			if !strong[i+1] {
				closeWith(i)
			}
		case dirEither:
			if !closeWith(i) {
				push(i)
			}
		}
	}
	// Decide which unclosed opener, if any, runs to the end of the paragraph.
	kept := int32(-1)
	if pi.body && len(ps.stack) > 0 {
		for _, e := range ps.stack {
			om := marks[ps.entries[e].mark]
			if pi.speechOpener(s, int(om.pos)) && (pi.nextOpens || endsSentence(s, om.end(), pi.hi)) {
				kept = e
				break
			}
		}
	}
	for _, e := range ps.stack {
		ps.entries[e].state = 2
	}
	if kept >= 0 {
		ps.entries[kept].state = 3
	}
	// depth[e]: how many ancestors of entry e are closed or kept, that is
	// how deep e is nested in quotations that are reported (0: e is top
	// level), saturating. Parents come before children, so one pass in
	// order is enough.
	if cap(ps.depth) < len(ps.entries) {
		ps.depth = make([]uint8, len(ps.entries))
	}
	depth := ps.depth[:len(ps.entries)]
	for e := range ps.entries {
		depth[e] = 0
		if p := ps.entries[e].parent; p >= 0 {
			depth[e] = depth[p]
			if st := ps.entries[p].state; (st == 1 || st == 3) && depth[e] <= maxNestDepth {
				depth[e]++
			}
		}
	}
	isTop := func(e int32) bool { return depth[e] == 0 }
	for _, sp := range ps.spans {
		r := ps.raw(sp, para)
		if r.end > r.start && !isTop(sp.entry) && depth[sp.entry] <= maxNestDepth && nested != nil {
			*nested = append(*nested, r)
		}
		if r.end <= r.start || !isTop(sp.entry) {
			continue
		}
		out = append(out, r)
	}
	if kept >= 0 {
		om := marks[ps.entries[kept].mark]
		if isTop(kept) && om.end() < pi.hi {
			out = append(out, rawSpan{start: om.end(), end: pi.hi, open: int(om.pos), closeEnd: pi.hi, toEnd: true, para: para})
		}
	}
	return out
}

// endsSentence reports whether s[lo:hi] ends like a sentence.
func endsSentence(s string, lo, hi int) bool {
	if hi <= lo {
		return false
	}
	r := prevRune(s, hi, lo)
	switch r {
	case '.', '!', '?', '…', '’', '”', '"', '\'':
		return true
	}
	return false
}
