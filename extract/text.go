package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placements of a quotation in the article, spelt as models spells them.
const (
	PlaceHeadline = "headline"
	PlaceCaption  = "caption"
	PlaceBody     = "body"
)

// paragraph is one non-empty line of the input.
type paragraph struct {
	lo, hi     int // content bytes, white space trimmed
	place      string
	blankAfter bool
	opens      bool // begins with an opening quote mark
	terminal   bool // ends as running prose does (see terminal)
}

// splitParagraphs cuts the text into its non-empty lines and classifies
// each as headline, caption or body.
func splitParagraphs(s string, ps []paragraph, hasKey []bool) ([]paragraph, []bool) {
	i := 0
	for i <= len(s) {
		j := strings.IndexByte(s[i:], '\n')
		end := len(s)
		if j >= 0 {
			end = i + j
		}
		lo, hi := trimSpace(s, i, end)
		if lo < hi {
			ps = append(ps, paragraph{lo: lo, hi: hi, place: PlaceBody})
		} else if len(ps) > 0 {
			ps[len(ps)-1].blankAfter = true
		}
		if j < 0 {
			break
		}
		i = end + 1
	}
	if len(ps) == 0 {
		return ps, hasKey
	}
	ps = joinWrappedLines(s, ps)
	// Only lines that do not end as prose can be captions: they alone have
	// a caption key, compared between neighbours without building it.
	hasKey = append(hasKey[:0], make([]bool, len(ps))...)
	for k := range ps {
		line := s[ps[k].lo:ps[k].hi]
		ps[k].terminal = terminal(line)
		hasKey[k] = !ps[k].terminal && len(line) <= 600 && !emptyKey(line)
		r, _ := utf8.DecodeRuneInString(line)
		ps[k].opens = r == '“' || r == '‘' || r == '"' || r == '\'' || r == '«' || r == '„' || r == '”'
	}
	sameKey := func(a, b int) bool {
		return hasKey[a] && hasKey[b] && sameCaptionKey(s[ps[a].lo:ps[a].hi], s[ps[b].lo:ps[b].hi])
	}
	// A line compared with the next is compared with the same line again
	// as that line's previous: the answer is kept (the comparison is
	// symmetric, and most costly for the repeated captions it finds).
	pairKnown, pairSame := false, false // sameKey(k-1, k), when compared
	for k := range ps {
		prevKnown, prevSame := pairKnown, pairSame
		pairKnown = false
		line := s[ps[k].lo:ps[k].hi]
		if k == 0 {
			if isHeadline(line) {
				ps[k].place = PlaceHeadline
			}
			continue
		}
		if ps[k].terminal {
			continue
		}
		repeated := prevSame
		if !prevKnown {
			repeated = sameKey(k, k-1)
		}
		if !repeated && k+1 < len(ps) {
			repeated = sameKey(k, k+1)
			pairKnown, pairSame = true, repeated
		}
		if repeated || strings.HasSuffix(line, ")") || strings.Contains(line, "(pictured") || strings.Contains(line, "(Pictured") {
			ps[k].place = PlaceCaption
		}
	}
	return ps, hasKey
}

// joinWrappedLines detects hard-wrapped text: when the document separates
// its paragraphs with blank lines and also breaks lines inside them at a
// wrapping width, the single newlines are soft wraps, and the lines between
// two blank lines form one paragraph. A document whose every line is a
// paragraph (single newlines only, or blank lines only) is left alone, and
// so is one with a few single newlines that are not wrapping (a headline
// over a standfirst, a footer).
func joinWrappedLines(s string, ps []paragraph) []paragraph {
	blank, single, wrapped := 0, 0, 0
	for k := 0; k+1 < len(ps); k++ {
		if ps[k].blankAfter {
			blank++
			continue
		}
		single++
		// A wrapped line is of a typical terminal width and runs on.
		// The rune count lies between len/4 and len.
		if l := ps[k].hi - ps[k].lo; l < 30 || l > 400 {
			continue
		} else if n := utf8.RuneCountInString(s[ps[k].lo:ps[k].hi]); n >= 30 && n <= 100 {
			wrapped++
		}
	}
	if blank == 0 || single < 2 || wrapped*4 < single*3 {
		return ps
	}
	out := ps[:0]
	for k := 0; k < len(ps); k++ {
		p := ps[k]
		for !p.blankAfter && k+1 < len(ps) {
			k++
			p.hi, p.blankAfter = ps[k].hi, ps[k].blankAfter
		}
		out = append(out, p)
	}
	return out
}

func trimSpace(s string, lo, hi int) (int, int) {
	for lo < hi {
		r, n := utf8.DecodeRuneInString(s[lo:hi])
		if !isSpaceRune(r) && r != '\uFEFF' {
			break
		}
		lo += n
	}
	for hi > lo {
		r, n := utf8.DecodeLastRuneInString(s[lo:hi])
		if !isSpaceRune(r) {
			break
		}
		hi -= n
	}
	return lo, hi
}

// terminal reports whether a line ends as running prose does.
func terminal(line string) bool {
	line = strings.TrimRightFunc(line, isQuoteRune)
	r, _ := utf8.DecodeLastRuneInString(line)
	switch r {
	case '.', '!', '?', ':', '…', ';':
		return true
	}
	return false
}

// isHeadline decides whether the first line is a title rather than the
// opening paragraph: titles do not end with a full stop and are short.
func isHeadline(line string) bool {
	t := strings.TrimRightFunc(line, isQuoteRune)
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "...") {
		return false
	}
	return countFieldsUpTo(line, 41) <= 40
}

// captionKey reduces a line to what repeated captions share: no quote marks,
// dashes unified, a trailing "(PA Wire)" credit removed, lower case. It is
// the reference for keyRunes, which splitParagraphs uses to compare keys
// without building them.
func captionKey(line string) string {
	if len(line) > 600 {
		return ""
	}
	var b strings.Builder
	it := keyRunes{line: trimCredit(line)}
	for r := it.next(); r >= 0; r = it.next() {
		b.WriteRune(r)
	}
	return b.String()
}

func trimCredit(line string) string {
	if strings.HasSuffix(line, ")") {
		if k := strings.LastIndexByte(line, '('); k > 0 {
			line = line[:k]
		}
	}
	return line
}

// keyRunes yields the runes of a line's caption key one by one.
type keyRunes struct {
	line    string
	i       int
	space   bool
	started bool
	pending rune // a rune held back behind a pending space
	held    bool
}

func (it *keyRunes) next() rune {
	if it.held {
		it.held = false
		return it.pending
	}
	for it.i < len(it.line) {
		r, n := rune(it.line[it.i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(it.line[it.i:])
		} else if keyPlain[r] {
			// Most bytes of a line: an ASCII letter, digit or
			// punctuation that the key keeps, lowered.
			it.i++
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			return it.emit(r)
		}
		it.i += n
		switch {
		case isQuoteRune(r):
			continue
		case r == '—' || r == '–' || r == '-':
			r = '-'
		case isSpaceRune(r):
			it.space = true
			continue
		}
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		return it.emit(r)
	}
	return -1
}

// emit returns r, or first the one space that stands for the spaces
// before it (none before the key's first rune).
func (it *keyRunes) emit(r rune) rune {
	if it.space && it.started {
		it.space = false
		it.pending, it.held = r, true
		return ' '
	}
	it.space = false
	it.started = true
	return r
}

// keyPlain marks the ASCII bytes that keyRunes passes on as they are, but
// for case: all but quote marks, the hyphen and white space.
var keyPlain = func() (t [utf8.RuneSelf]bool) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		t[c] = !isQuoteRune(c) && c != '-' && !isSpaceRune(c)
	}
	return t
}()

// emptyKey reports whether a line's caption key is empty.
func emptyKey(line string) bool {
	it := keyRunes{line: trimCredit(line)}
	return it.next() < 0
}

// sameCaptionKey compares the caption keys of two lines.
func sameCaptionKey(a, b string) bool {
	if a == b {
		return true // repeated captions are most often repeated verbatim
	}
	x, y := keyRunes{line: trimCredit(a)}, keyRunes{line: trimCredit(b)}
	for {
		r1, r2 := x.next(), y.next()
		if r1 != r2 {
			return false
		}
		if r1 < 0 {
			return true
		}
	}
}

// Token kinds.
const (
	tWord uint8 = iota
	tPunct
	tMark  // a quote mark that opens or closes a reported quotation
	tBreak // a paragraph break
)

// Token flags.
const (
	fCap     uint8 = 1 << iota // begins with an upper-case letter
	fInQ                       // inside a reported quotation
	fOpen                      // an opening mark
	fAllCaps                   // two or more letters, all upper case
	fDigit                     // begins with a digit
)

type token struct {
	start, end int32
	kind       uint8
	flags      uint8
	q          int32 // index of the quotation it opens, closes or lies in; -1 otherwise
}

var abbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "St": true, "Sen": true, "Rep": true, "Gov": true,
	"Gen": true, "Lt": true, "Col": true, "Capt": true, "Prof": true, "Rev": true, "Jr": true, "Sr": true,
	"Inc": true, "Corp": true, "Co": true, "Ltd": true, "Sgt": true, "Supt": true, "Insp": true, "Det": true,
	"Hon": true, "Mx": true, "Messrs": true, "Mt": true, "Ft": true, "Adm": true, "Cmdr": true, "Cpl": true,
	"Pvt": true, "Gov't": true, "vs": true, "No": false,
}

// tokenize cuts the text into words, punctuation, quote marks and
// paragraph breaks in one pass. spans must be sorted and not overlap. It
// also fills qRun, of 2*len(spans) entries: qRun[2q] and qRun[2q+1] are
// the first and last token inside quotation q when they form one run of
// tokens, the last -2 when they do not, and both -1 when there is none.
func tokenize(s string, spans []rawSpan, paras []paragraph, toks []token, qRun []int32) ([]token, []int32) {
	qRun = qRun[:0]
	for range spans {
		qRun = append(qRun, -1, -1)
	}
	k := 0
	i := 0
	pk := 0 // the paragraph at or after i
	// The quotation state (k, q, inQ, limit) only changes at the marks and
	// ends of span k: it is recomputed when i reaches next.
	next := -1
	q := int32(-1)
	inQ := false
	limit := len(s)
	for i < len(s) {
		if i >= next {
			for k < len(spans) && spans[k].closeEnd <= i && !(spans[k].toEnd && spans[k].end > i) {
				k++
			}
			q, inQ = -1, false
			next = len(s)
			if k < len(spans) {
				sp := spans[k]
				if i >= sp.open && i < sp.start {
					toks = append(toks, token{start: int32(i), end: int32(sp.start), kind: tMark, flags: fOpen, q: int32(k)})
					i = sp.start
					next = -1
					continue
				}
				if !sp.toEnd && i >= sp.end && i < sp.closeEnd {
					toks = append(toks, token{start: int32(i), end: int32(sp.closeEnd), kind: tMark, q: int32(k)})
					i = sp.closeEnd
					next = -1
					continue
				}
				if i >= sp.start && i < sp.end {
					q, inQ = int32(k), true
				}
				for _, e := range [4]int{sp.open, sp.start, sp.end, sp.closeEnd} {
					if e > i && e < next {
						next = e
					}
				}
			}
			limit = len(s)
			if inQ {
				limit = spans[k].end
			} else if k < len(spans) && spans[k].open > i {
				limit = spans[k].open
			}
		}
		c := s[i]
		var fl uint8
		if inQ {
			fl = fInQ
		}
		if c >= 'a' && c <= 'z' {
			// The common case: a lower-case ASCII word, most often ended
			// by a space or punctuation that never joins words.
			for {
				j := i + 1
				for j < limit && asciiAlnum[s[j]] {
					j++
				}
				if j < limit && !wordStop[s[j]] && !(s[j] == '.' && j-i >= 2 && (j-i > 2 || s[i] != 'v' || s[i+1] != 's')) {
					// A full stop after two or more letters and digits
					// ends the word unless it is an abbreviation, and
					// "vs" is the only lower-case one: wordEnd is needed
					// for the rest.
					j = wordEnd(s, i, limit)
				}
				if inQ {
					noteRun(qRun, q, len(toks))
				}
				toks = append(toks, token{start: int32(i), end: int32(j), kind: tWord, flags: fl, q: q})
				i = j
				// Another lower-case word after one space, before the
				// next quotation boundary (limit is never before next),
				// is read here, as the loop would read it.
				if i+1 < next && s[i] == ' ' && s[i+1]-'a' < 26 {
					i++
					continue
				}
				break
			}
			continue
		}
		if c == ' ' {
			i++
			continue
		}
		if c >= 'A' && c <= 'Z' {
			// A capitalised ASCII word: when a space or punctuation that
			// never joins words ends its run of letters and digits, its
			// case is known from the run.
			j, lowers, uppers := i+1, 0, 1
			for j < limit && asciiAlnum[s[j]] {
				if s[j] >= 'a' {
					lowers++
				} else if s[j] >= 'A' {
					uppers++
				}
				j++
			}
			if j == limit || wordStop[s[j]] {
				fl |= fCap
				if lowers == 0 && uppers >= 2 {
					fl |= fAllCaps
				}
				if inQ {
					noteRun(qRun, q, len(toks))
				}
				toks = append(toks, token{start: int32(i), end: int32(j), kind: tWord, flags: fl, q: q})
				i = j
				continue
			}
		}
		if c == '\n' {
			for pk < len(paras) && paras[pk].hi <= i {
				pk++
			}
			if pk < len(paras) && paras[pk].lo <= i {
				i++ // a soft wrap inside a paragraph is a space
				continue
			}
			if n := len(toks); n == 0 || toks[n-1].kind != tBreak {
				toks = append(toks, token{start: int32(i), end: int32(i + 1), kind: tBreak, q: -1})
			}
			i++
			continue
		}
		if c == '\t' || c == '\r' {
			i++
			continue
		}
		var r rune
		var n int
		if c < utf8.RuneSelf {
			r, n = rune(c), 1
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if asciiAlnum[c] || c >= utf8.RuneSelf && isAlnum(r) {
			j := wordEnd(s, i, limit)
			w := s[i:j]
			if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf && unicode.IsUpper(r) {
				fl |= fCap
				if allCaps(w) {
					fl |= fAllCaps
				}
			} else if isDigit(r) {
				fl |= fDigit
			}
			if inQ {
				noteRun(qRun, q, len(toks))
			}
			toks = append(toks, token{start: int32(i), end: int32(j), kind: tWord, flags: fl, q: q})
			i = j
			continue
		}
		if c >= utf8.RuneSelf && isSpaceRune(r) {
			i += n
			continue
		}
		if inQ {
			noteRun(qRun, q, len(toks))
		}
		toks = append(toks, token{start: int32(i), end: int32(i + n), kind: tPunct, flags: fl, q: q})
		i += n
	}
	return toks, qRun
}

// noteRun records token t, inside quotation q, in qRun (see tokenize).
func noteRun(qRun []int32, q int32, t int) {
	r := qRun[2*q : 2*q+2]
	switch {
	case r[0] < 0:
		r[0], r[1] = int32(t), int32(t)
	case r[1] == int32(t-1):
		r[1] = int32(t)
	default:
		r[1] = -2
	}
}

// wordStop marks the ASCII bytes that end a word wherever they stand: all
// but letters, digits, the apostrophe, hyphen and full stop.
var wordStop = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = !asciiAlnum[c] && c != '\'' && c != '-' && c != '.'
	}
	return t
}()

// asciiAlnum marks the ASCII letters and digits.
var asciiAlnum = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

func allCaps(w string) bool {
	if isASCII(w) {
		letters := 0
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'a' && c <= 'z' {
				return false
			}
			if c >= 'A' && c <= 'Z' {
				letters++
			}
		}
		return letters >= 2
	}
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// wordEnd returns the end of the word starting at i: letters and digits,
// with inner apostrophes and hyphens, initials such as "U.K." and the full
// stop of abbreviations such as "Mr.".
func wordEnd(s string, i, limit int) int {
	j := i
	for j < limit && asciiAlnum[s[j]] {
		j++ // the fast path: a run of ASCII letters and digits
	}
	if j > i && (j == limit || wordStop[s[j]]) {
		return j // ended by a space or punctuation that never joins words
	}
	for j < limit {
		c := s[j]
		var r rune
		n := 1
		if asciiAlnum[c] {
			j++
			continue
		}
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, n = utf8.DecodeRuneInString(s[j:limit])
		}
		if isAlnum(r) || (r > 127 && unicode.Is(unicode.Mn, r)) {
			j += n
			continue
		}
		if j > i && (r == '\'' || r == '’' || r == '-' || r == '‐') {
			nr := nextRune(s, j+n, limit)
			if isAlnum(nr) && (r == '-' || r == '‐' || isLetter(nr)) {
				j += n
				continue
			}
			if r == '\'' || r == '’' {
				// Plural possessive: "the CPS’ case".
				p := prevRune(s, j, i)
				if (p == 's' || p == 'S') && (nr == ' ') {
					j += n
				}
			}
			break
		}
		if r == '.' && j > i {
			// Initials: U.K., U.S.A.
			if j-i == 1 || (j-i >= 3 && s[j-2] == '.') {
				if j+2 <= limit && isLetter(rune(s[j+1])) && (j+2 == limit || s[j+2] == '.') {
					j += 2
					continue
				}
				if j-i >= 3 && s[j-2] == '.' {
					return j + 1
				}
			}
			if abbrevs[s[i:j]] {
				return j + 1
			}
		}
		break
	}
	if j == i {
		_, n := utf8.DecodeRuneInString(s[i:])
		j = i + n
	}
	return j
}

// sentence is a run of tokens ending at a full stop outside quotations or
// at a paragraph break.
type sentence struct {
	tlo, thi int // token range
	para     int
}

// splitSentences groups tokens into sentences.
func splitSentences(s string, toks []token, spans []rawSpan, qRun []int32, sents []sentence) []sentence {
	start := 0
	para := 0
	flush := func(end int) {
		if end > start {
			sents = append(sents, sentence{tlo: start, thi: end, para: para})
		}
		start = end
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.flags&fInQ != 0 {
			i = skipQuote(qRun, i, t)
			continue
		}
		switch t.kind {
		case tBreak:
			flush(i)
			start = i + 1
			para++
		case tPunct:
			c := s[t.start]
			if c != '.' && c != '!' && c != '?' && !(c == 0xE2 && s[t.start:t.end] == "…") {
				continue
			}
			if i+1 < len(toks) && startsSentence(toks[i+1]) {
				flush(i + 1)
			}
		case tMark:
			if t.flags&fOpen != 0 || t.q < 0 {
				continue
			}
			sp := spans[t.q]
			if !endsSentence(s, sp.start, sp.end) {
				continue
			}
			if i+1 < len(toks) && toks[i+1].kind == tWord && toks[i+1].flags&fCap != 0 {
				flush(i + 1)
			}
		}
	}
	flush(len(toks))
	return sents
}

func startsSentence(t token) bool {
	switch t.kind {
	case tBreak:
		return true
	case tMark:
		return t.flags&fOpen != 0
	case tWord:
		return t.flags&(fCap|fDigit) != 0
	}
	return false
}
