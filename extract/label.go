package extract

import (
	"strings"
	"unicode/utf8"
)

// statementSpeaker returns the person whose statement a partial quotation
// q goes on with, or -1: the sentence has no reporting cue of its own, and
// the sentence just before it, in the same or the previous paragraph,
// reports what a person said. The fragment must be woven into narration,
// neither a label ("the ‘enhanced tier’ category") nor set apart as
// so-called.
func (d *doc) statementSpeaker(q, si int, cues, prevCues []cue, prevPara int) int {
	if len(cues) > 0 || len(prevCues) == 0 || si == 0 || d.sents[si].para-prevPara > 1 || d.quotes[q].Placement != PlaceBody {
		return -1
	}
	if d.quotes[q].Continues >= 0 || d.kindOf(q, nil) != KindPartial || d.isLabel(q) {
		return -1
	}
	for k := len(prevCues) - 1; k >= 0; k-- {
		c := &prevCues[k]
		if c.flags&cueVerb == 0 || c.flags&cueWeak != 0 || c.embedded || c.ent < 0 {
			continue
		}
		if e := d.ents[c.ent]; e.kind == SpeakerPerson && c.men.kind != mNone {
			return c.ent
		}
	}
	return -1
}

// isLabel reports whether partial quotation q names a thing rather than
// giving someone's words: a short phrase between a determiner and the noun
// it names ("the ‘enhanced tier’ category", "a ‘golden visa’ scheme"), or
// one flagged as so-called.
func (d *doc) isLabel(q int) bool {
	sp := d.spans[q]
	p := d.paras[sp.para]
	before := lastWordBefore(d.s, sp.open, p.lo)
	if strings.EqualFold(before, "so-called") || strings.EqualFold(before, "so‐called") {
		return true
	}
	// The cheapest test first: a label follows an article. (EqualFold
	// is strings.ToLower's comparison here: no other letter folds to
	// these.)
	if !strings.EqualFold(before, "the") && !strings.EqualFold(before, "a") && !strings.EqualFold(before, "an") {
		return false
	}
	text := d.s[sp.start:sp.end]
	if n := countFieldsUpTo(text, 5); n == 0 || n > 4 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(text))
	if strings.ContainsRune(".,!?;:…—-", last) {
		return false
	}
	after := firstWordAfter(d.s, sp.closeEnd, p.hi)
	if after == "" || !isLowerWord(after) {
		return false
	}
	var x lexEnt
	lex.lookup(after, &x)
	if x.low&(npStop.bit|adverbs.bit|determiners.bit) != 0 || x.cueLow != 0 || labelStop.has(after) {
		return false
	}
	// Verb, adverb and plural forms go on with a clause ("the ‘threat’
	// posed by", "a ‘threat’ remains").
	for _, suf := range [...]string{"ed", "ing", "ly", "s"} {
		if strings.HasSuffix(after, suf) && !strings.HasSuffix(after, "ss") {
			return false
		}
	}
	return true
}

// labelStop are words after a quoted phrase that go on with the sentence,
// not nouns the phrase names.
var labelStop = set("despite", "amid", "among", "amongst", "towards", "toward", "across", "behind", "beyond",
	"except", "like", "near", "per", "until", "upon", "via", "throughout", "onto", "around", "whereas", "unless",
	"including", "nor", "yet", "for", "of", "to", "instead", "rather", "again", "too", "either", "neither", "once")

// lastWordBefore returns the word ending just before pos, white space
// skipped, within s[lo:].
func lastWordBefore(s string, pos, lo int) string {
	for pos > lo && isSpaceRune(prevRune(s, pos, lo)) {
		_, n := utf8.DecodeLastRuneInString(s[lo:pos])
		pos -= n
	}
	end := pos
	for pos > lo {
		r := prevRune(s, pos, lo)
		if !(isAlnum(r) || r == '-' || r == '‐' || r == '\'' || r == '’') {
			break
		}
		_, n := utf8.DecodeLastRuneInString(s[lo:pos])
		pos -= n
	}
	return s[pos:end]
}

// firstWordAfter returns the word starting just after pos, white space
// skipped, within s[:hi].
func firstWordAfter(s string, pos, hi int) string {
	for pos < hi && isSpaceRune(nextRune(s, pos, hi)) {
		_, n := utf8.DecodeRuneInString(s[pos:hi])
		pos += n
	}
	start := pos
	for pos < hi {
		r := nextRune(s, pos, hi)
		if !(isAlnum(r) || r == '-' || r == '‐') {
			break
		}
		_, n := utf8.DecodeRuneInString(s[pos:hi])
		pos += n
	}
	return s[start:pos]
}
