package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

// lexEnt is what the lexicons say about one word of the text, looked up
// once per word token: which word sets hold the word as written (exact)
// and in lower case (low), its cue classes both ways, its pronoun class,
// honorific and the gender of the given name it folds to. The passes over
// the text then test bits instead of hashing the same word again and again.
type lexEnt struct {
	exact, low  uint32
	cue, cueLow uint8
	pron        uint8
	hon         uint8 // 0, or 1 | 2 (first-name honorific) | gender in bits 2-3
	given       uint8 // firstNameGender of the folded word
	// done is the document's lexGen when the entry was looked up: an
	// entry left from an earlier document is stale, so the array need
	// not be cleared between documents.
	done uint8
}

// lexSets are the word sets that have a bit in lexEnt, in bit order.
var lexSets = []*wtab{sendVerbs, orgStop, articles, groupNouns, beForms, passiveCues, particles, titleHeads,
	postNominals, placeHeads, adverbs, npStop, determiners, titleWords, roleHeads, genericRoles, spokesNouns,
	orgHeads, orgNames, docNouns, settingNouns, settingSkip, months, weekdays, timeNouns, pastRole, honorifics,
	titleHeadTC}

// titleHeadTC holds the lower-case forms w whose title case is a title
// head: lower(x) is in it exactly when titleHeads.has(titleCase(lower(x)))
// for ASCII x.
var titleHeadTC = func() *wtab {
	t := &wtab{}
	titleHeads.each(func(w string, _ uint32) {
		if l := strings.ToLower(w); titleCase(l) == w {
			t.add(l, 1)
		}
	})
	return t
}()

// lexVariant is one spelling, as written, of a lower-case lexicon key.
type lexVariant struct {
	w     string
	exact uint32
	cue   uint8
	pron  uint8
	hon   uint8
}

type lexRec struct {
	key    string // lower case
	low    uint32
	cueLow uint8
	given  uint8
	vars   []lexVariant
}

// lexIndex maps every lexicon word, by its lower-case form, to what all
// the tables say about it and its spellings.
type lexIndex struct {
	recs []lexRec
	slot []int32 // open addressing over lower-case hashes; -1 empty
	mask uint32
}

func encodeHonor(v uint32) uint8 {
	if v == 0 {
		return 0
	}
	h := uint8(1)
	if v&2 != 0 {
		h |= 2
	}
	switch byte(v >> 8) {
	case 'm':
		h |= 4
	case 'f':
		h |= 8
	}
	return h
}

var lex = func() *lexIndex {
	for i, t := range lexSets {
		t.bit = 1 << uint(i)
	}
	x := &lexIndex{}
	byKey := map[string]int{}
	rec := func(w string) *lexRec {
		k := strings.ToLower(w)
		i, ok := byKey[k]
		if !ok {
			i = len(x.recs)
			byKey[k] = i
			x.recs = append(x.recs, lexRec{key: k})
		}
		return &x.recs[i]
	}
	variant := func(w string) *lexVariant {
		r := rec(w)
		for i := range r.vars {
			if r.vars[i].w == w {
				return &r.vars[i]
			}
		}
		r.vars = append(r.vars, lexVariant{w: w})
		return &r.vars[len(r.vars)-1]
	}
	for _, t := range lexSets {
		t.each(func(w string, _ uint32) {
			variant(w).exact |= t.bit
			if strings.ToLower(w) == w {
				rec(w).low |= t.bit
			}
		})
	}
	cueWords.each(func(w string, v uint32) {
		variant(w).cue |= uint8(v)
		if strings.ToLower(w) == w {
			rec(w).cueLow |= uint8(v)
		}
	})
	pronouns.each(func(w string, v uint32) { variant(w).pron = uint8(v) })
	honorifics.each(func(w string, v uint32) { variant(w).hon = encodeHonor(v) })
	firstNameGender.each(func(w string, v uint32) { rec(w).given = uint8(v) })
	size := 16
	for size < 4*len(x.recs) {
		size *= 2
	}
	x.slot = make([]int32, size)
	for i := range x.slot {
		x.slot[i] = -1
	}
	x.mask = uint32(size - 1)
	for i, r := range x.recs {
		h, _, _ := foldHash(r.key)
		j := h & x.mask
		for x.slot[j] >= 0 {
			j = (j + 1) & x.mask
		}
		x.slot[j] = int32(i)
	}
	return x
}()

// lookup returns what the lexicons say about the word w.
func (x *lexIndex) lookup(w string, e *lexEnt) {
	if w == "" || len(w) > 48 {
		if w != "" && !isASCII(w) {
			x.slowLookup(w, e)
		}
		return
	}
	h, alnum, ascii := foldHash(w)
	if !ascii && !onlyGeneralPunct(w) {
		x.slowLookup(w, e)
		return
	}
	j := h & x.mask
	for {
		ri := x.slot[j]
		if ri < 0 {
			break
		}
		r := &x.recs[ri]
		if len(r.key) == len(w) && equalLowerASCII(r.key, w) {
			e.low, e.cueLow = r.low, r.cueLow
			if alnum {
				e.given = r.given
			}
			for k := range r.vars {
				if v := &r.vars[k]; v.w == w {
					e.exact, e.cue, e.pron, e.hon = v.exact, v.cue, v.pron, v.hon
					break
				}
			}
			break
		}
		j = (j + 1) & x.mask
	}
	if !alnum {
		var buf [64]byte
		e.given = uint8(firstNameGender.get(string(names.AppendFold(buf[:0], w))))
	}
}

// onlyGeneralPunct reports whether the bytes of w beyond ASCII are all
// general punctuation (’ – —: E2 80 xx), which has no case, so that
// lookup may compare w with the lower-case keys byte for byte.
func onlyGeneralPunct(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			if w[i] != 0xE2 || i+2 >= len(w) || w[i+1] != 0x80 {
				return false
			}
			i += 2
		}
	}
	return true
}

// foldHash hashes w with its ASCII letters in lower case, eight bytes at
// a time, so that a word and its lower-case lexicon key hash alike. It
// also reports whether w is all ASCII letters and digits (alnum) and all
// ASCII. The hash sees each byte with bit 5 set: that lowers A-Z and
// leaves a-z, digits and the punctuation of words as they are; other
// bytes may collide, which the key comparison settles.
func foldHash(w string) (h uint32, alnum, ascii bool) {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		bit5  = 0x2020202020202020
	)
	n := len(w)
	acc := uint64(n) * 0x9E3779B97F4A7C15
	var high, other uint64 // bytes beyond ASCII; bytes not letters or digits
	// mix folds in the eight bytes v, of which the bytes marked in valid
	// (their high bits) belong to w.
	mix := func(v, valid uint64) {
		high |= v & valid
		y := v | bit5
		// Bytes below 0x80 in a range [lo, hi]: (b + 0x80-lo) has its high
		// bit set and (b + 0x7F-hi) has not; no sum carries into the next
		// byte.
		letter := (y + (0x80-'a')*ones) &^ (y + (0x7F-'z')*ones)
		digit := (v + (0x80-'0')*ones) &^ (v + (0x7F-'9')*ones)
		other |= ^(letter | digit) & valid
		acc = (acc ^ y) * 0xFF51AFD7ED558CCD
		acc ^= acc >> 29
	}
	switch {
	case n < 4:
		mix(uint64(w[0])|uint64(w[n/2])<<8|uint64(w[n-1])<<16, 0x808080)
	case n < 8:
		mix(uint64(load32(w, 0))|uint64(load32(w, n-4))<<32, highs)
	default:
		for i := 0; i < n-8; i += 8 {
			mix(load64(w, i), highs)
		}
		mix(load64(w, n-8), highs)
	}
	acc *= 0xC4CEB9FE1A85EC53
	h = uint32(acc>>32) ^ uint32(acc)
	return h, other == 0 && high == 0, high == 0
}

// load32 reads the four bytes of s at i as a little-endian word.
func load32(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// slowLookup serves words with non-ASCII letters, whose lower case may
// differ in length.
func (x *lexIndex) slowLookup(w string, e *lexEnt) {
	for _, t := range lexSets {
		if t.has(w) {
			e.exact |= t.bit
		}
		if t.hasLower(w) {
			e.low |= t.bit
		}
	}
	e.cue, e.cueLow = cueFlag(w), cueFlagLower(w)
	e.pron = pronoun(w)
	e.hon = encodeHonor(honorifics.get(w))
	e.given = uint8(firstNameGender.getFold(w))
}

// lexOf returns the lexicon entry of token i, looking the word up the
// first time it is asked for: most words are never asked about.
func (d *doc) lexOf(i int) *lexEnt {
	x := &d.lx[i]
	if x.done != d.lexGen {
		*x = lexEnt{done: d.lexGen}
		if t := d.toks[i]; t.kind == tWord {
			lex.lookup(d.s[t.start:t.end], x)
		}
	}
	return x
}

// in reports whether word token i, as written, is in set t.
func (d *doc) in(i int, t *wtab) bool { return d.lexOf(i).exact&t.bit != 0 }

// inLower reports whether word token i, in lower case, is in set t.
func (d *doc) inLower(i int, t *wtab) bool { return d.lexOf(i).low&t.bit != 0 }

// fillLex makes room for the lexicon entries of the tokens. It starts a
// new generation instead of clearing the entries, but for one time in 255
// when the generation counter wraps.
func (d *doc) fillLex() {
	d.lexGen++
	if d.lexGen == 0 {
		clear(d.lx[:cap(d.lx)])
		d.lexGen = 1
	}
	if cap(d.lx) >= len(d.toks) {
		d.lx = d.lx[:len(d.toks)]
	} else {
		d.lx = make([]lexEnt, len(d.toks))
	}
}

// inStripped reports whether word token i, without a possessive ending
// ("Street’s"), is in set t.
func (d *doc) inStripped(i int, t *wtab) bool {
	w := d.word(i)
	if sw := stripPossessive(w); len(sw) != len(w) {
		return t.has(sw)
	}
	return d.lexOf(i).exact&t.bit != 0
}

// lowStripped returns the lower-case set bits of word token i without a
// possessive ending.
func (d *doc) lowStripped(i int) uint32 {
	w := d.word(i)
	if sw := stripPossessive(w); len(sw) != len(w) {
		var e lexEnt
		lex.lookup(sw, &e)
		return e.low
	}
	return d.lexOf(i).low
}

// isLowerASCII reports whether w has no upper-case ASCII letter and no
// byte beyond ASCII, so that lower(w) == w.
func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerKnown is lower(w), served from the lexicon's own lower-case keys
// when w is a lexicon word written in ASCII.
func lowerKnown(w string) string {
	if isLowerASCII(w) {
		return w
	}
	if isASCII(w) {
		if k, ok := lex.key(w); ok {
			return k
		}
	}
	return lower(w)
}

// key returns the lower-case lexicon key equal to w in ASCII case.
func (x *lexIndex) key(w string) (string, bool) {
	h, _, _ := foldHash(w)
	j := h & x.mask
	for {
		ri := x.slot[j]
		if ri < 0 {
			return "", false
		}
		if r := &x.recs[ri]; len(r.key) == len(w) && equalLowerASCII(r.key, w) {
			return r.key, true
		}
		j = (j + 1) & x.mask
	}
}
