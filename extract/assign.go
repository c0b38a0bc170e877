package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// attribute is the second pass: sentence by sentence, in order, it finds
// the cues, resolves their subjects against what the article has said so
// far, and gives each quotation its speaker, kind, cue and context.
func (d *doc) attribute() {
	s := d.s
	n := len(d.spans)
	d.quotes = make([]Quote, n)
	if cap(d.qent) < n {
		d.qent = make([]int, n)
	}
	d.qent = d.qent[:n]
	if cap(d.qrule) < n {
		d.qrule = make([]qRule, n)
	}
	d.qrule = d.qrule[:n]
	clear(d.qrule)
	for i, sp := range d.spans {
		d.quotes[i] = Quote{Text: s[sp.start:sp.end], Start: sp.start, End: sp.end, Placement: d.paras[sp.para].place, Continues: -1}
		d.qent[i] = -1
	}
	// A quotation left open at the end of its paragraph is continued by the
	// quotation that opens the next body paragraph.
	for i, sp := range d.spans {
		if !sp.toEnd {
			continue
		}
		for pj := sp.para + 1; pj < len(d.paras); pj++ {
			if d.paras[pj].place == PlaceCaption {
				continue
			}
			j := i + 1
			for j < n && d.spans[j].para < pj {
				j++
			}
			if j < n && d.spans[j].para == pj && d.spans[j].open == d.paras[pj].lo {
				d.quotes[j].Continues = i
			}
			break
		}
	}
	cues, prevCues := d.cues[:0], d.prevCues[:0]
	defer func() { d.cues, d.prevCues = cues[:0], prevCues[:0] }()
	prevColon := false
	prevPara := -2
	lastQuote := -1
	qi := 0
	// openTok[q-q0], closeTok[q-q0]: the mark tokens of the sentence's
	// quotations q0 <= q < qi (0 when missing).
	openTok, closeTok := d.openTok[:0], d.closeTok[:0]
	defer func() { d.openTok, d.closeTok = openTok[:0], closeTok[:0] }()
	// Only the sentences near a quotation can change who its speaker is:
	// the work of reading cues and subjects is skipped for a paragraph
	// more than warmParas paragraphs before the next one with a quotation
	// (or after the last).
	warm := d.warmParas()
	for si := range d.sents {
		se := d.sents[si]
		d.advanceNames(int(d.toks[se.thi-1].end))
		body := d.paras[se.para].place == PlaceBody
		q0 := qi
		for qi < n && d.spanSen[qi] == si {
			qi++
		}
		if qi == q0 && !warm[se.para] {
			prevCues = prevCues[:0]
			prevColon = false
			continue
		}
		if body {
			d.touchSubject(se)
		}
		cues = d.cuesIn(si, cues[:0], false)
		for ci := range cues {
			c := &cues[ci]
			c.ent, c.conf = d.resolve(c.men, si)
			if body && c.ent >= 0 {
				d.touch(c.ent)
				d.group = 0
				if c.group {
					// One of several speakers: the first named stands for
					// them, with less certainty.
					c.conf = min(c.conf, 0.6)
					d.group = c.ent + 1
				}
			}
		}
		if qi > q0 {
			openTok = append(openTok[:0], make([]int, qi-q0)...)
			closeTok = append(closeTok[:0], make([]int, qi-q0)...)
			for t := se.tlo; t < se.thi; t++ {
				tk := d.toks[t]
				if tk.q < 0 {
					continue
				}
				if j := skipQuote(d.qRun, t, tk); j > t && j < se.thi {
					// The tokens inside a quotation are no marks: only
					// the last can be the last of its quotation.
					t, tk = j, d.toks[j]
				}
				q := int(tk.q)
				if tk.kind == tMark && tk.flags&fOpen != 0 {
					if q >= q0 && q < qi {
						openTok[q-q0] = t
					}
				}
				if q >= q0 && q < qi {
					closeTok[q-q0] = t
				}
			}
			setting, when := d.settingOf(se)
			narration := -1 // narrationWords(se), counted when first needed
			prevChosen := -1
			for q := q0; q < qi; q++ {
				oi, ci := openTok[q-q0], closeTok[q-q0]
				chosen := d.pickCue(cues, oi, ci)
				d.fillContext(q, se)
				qt := &d.quotes[q]
				qt.SaidWhen, qt.Setting = when, setting
				var c *cue
				conf := 0.0
				switch {
				case chosen >= 0:
					d.qrule[q].path = pathCue
					c = &cues[chosen]
					switch {
					case c.clo > ci && c.clo-ci <= 3:
						d.qrule[q].adj = adjAfter
					case oi > c.chi && (oi-c.chi <= 3 || oi-c.chi <= 12 && d.isPunct(oi-1, ":")):
						// “…” right after the cue, or after its colon:
						// "said in his annual assessment: “…”".
						d.qrule[q].adj = adjBefore
					}
					conf = c.conf
					if c.flags&cueWeak != 0 {
						conf *= 0.8
					}
					if prevChosen == chosen && q > q0 && cues[chosen].verb < oi && cues[chosen].verb > closeTok[q-1-q0] && qt.Continues < 0 {
						qt.Continues = q - 1 // “First,” she said, “second.”
					}
				case qt.Continues >= 0:
					d.qrule[q].path = pathContinues
					d.qent[q] = d.qent[qt.Continues]
					conf = d.quotes[qt.Continues].Confidence * 0.95
					qt.Mention, qt.Cue = d.quotes[qt.Continues].Mention, d.quotes[qt.Continues].Cue
					if qt.Setting == "" {
						qt.Setting = d.quotes[qt.Continues].Setting
					}
					if qt.SaidWhen == "" {
						qt.SaidWhen = d.quotes[qt.Continues].SaidWhen
					}
				case prevColon && len(prevCues) > 0 && oi == se.tlo:
					c = &prevCues[len(prevCues)-1]
					conf = c.conf * 0.95
					d.qrule[q].path = pathColon
				default:
					if nc := d.trailingCue(si); nc != nil {
						c = nc
						conf = c.conf * 0.9
						d.qrule[q].path = pathTrailing
					} else if lastQuote >= 0 && d.qent[lastQuote] >= 0 && qt.Placement == PlaceBody && d.countNarration(&narration, se) == 0 {
						d.qent[q] = d.qent[lastQuote]
						conf = 0.55
						d.qrule[q].path = pathPrevQuote
						qt.Mention = d.quotes[lastQuote].Mention
					} else if e := d.statementSpeaker(q, si, cues, prevCues, prevPara); e >= 0 {
						// A fragment in a sentence with no reporting verb
						// that goes on with a person's statement: "These
						// included Tom Tugendhat being “almost certain” to…"
						d.qent[q] = e
						conf = 0.45
						d.qrule[q].path = pathStatement
					}
				}
				if c != nil {
					d.qrule[q].menKind, d.qrule[q].pron = c.men.kind, c.men.pron
					d.qent[q] = c.ent
					if c.men.kind != mNone {
						qt.Mention = squeeze(s[c.men.lo:c.men.hi])
					}
					qt.Cue = c.text
					if c.men.setting != "" {
						qt.Setting = c.men.setting
					}
				}
				qt.Kind = d.kindOf(q, c)
				if qt.Kind == KindPartial {
					conf *= 0.9
					if d.qent[q] >= 0 && d.isLabel(q) {
						// The name of a thing, not words given to the
						// speaker: "list China on the ‘enhanced tier’
						// category".
						d.qent[q] = -1
						qt.Mention, qt.Cue = "", ""
					}
				}
				if d.qent[q] < 0 {
					conf = 0.3
				}
				qt.Confidence = round2(conf)
				if d.qent[q] >= 0 {
					d.ents[d.qent[q]].speaker = true
					if body {
						d.touch(d.qent[q])
						lastQuote = q
					}
				}
				prevChosen = chosen
			}
		}
		prevCues = append(prevCues[:0], cues...)
		prevColon = se.thi > se.tlo && d.isPunct(se.thi-1, ":")
		prevPara = se.para
	}
}

// warmBefore is how many paragraphs before a quotation's paragraph are
// read for the people it may refer to.
const warmBefore = 3

// warmParas marks the paragraphs that hold a quotation or come at most
// warmBefore paragraphs before one.
func (d *doc) warmParas() []bool {
	warm := d.warm[:0]
	warm = append(warm, make([]bool, len(d.paras))...)
	for _, sp := range d.spans {
		for p := max(0, sp.para-warmBefore); p <= sp.para; p++ {
			warm[p] = true
		}
	}
	d.warm = warm
	return warm
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// pickCue chooses the cue of the quotation whose marks are tokens oi and
// ci: one right after it (“…,” she said), one right before it (she said:
// “…”), the nearest before it in the sentence, or the nearest after.
func (d *doc) pickCue(cues []cue, oi, ci int) int {
	post, pre, left, right, leftMen := -1, -1, -1, -1, -1
	// Cues are in text order: find the first whose verb follows the
	// quotation, so a sentence with many quotations stays linear.
	lo, hi := 0, len(cues)
	for lo < hi {
		m := (lo + hi) / 2
		if cues[m].verb > ci {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo < len(cues) {
		right = lo
		for k := lo; k < len(cues) && k < lo+2; k++ {
			if d.adjacent(ci+1, cues[k].clo, ",—–-") {
				post = k
				break
			}
		}
	}
	for k, n := lo-1, 0; k >= 0 && n < 64; k, n = k-1, n+1 {
		c := &cues[k]
		if c.chi >= oi {
			continue
		}
		if left < 0 {
			left = k
			if d.adjacent(c.chi+1, oi, ":,—–-") {
				pre = k
			}
		}
		if c.men.kind != mNone {
			leftMen = k
			break
		}
	}
	for _, k := range []int{post, pre, leftMen, right} {
		if k >= 0 && (cues[k].men.kind != mNone || cues[k].embedded) {
			return k
		}
	}
	for _, k := range []int{post, pre, left, right} {
		if k >= 0 {
			return k
		}
	}
	return -1
}

// adjacent reports whether tokens [a, b) are at most two punctuation marks
// from the set allowed (or the word "that").
func (d *doc) adjacent(a, b int, allowed string) bool {
	if b-a > 2 {
		return false
	}
	for k := a; k < b; k++ {
		t := d.toks[k]
		w := d.s[t.start:t.end]
		if t.kind == tPunct && strings.Contains(allowed, w) {
			continue
		}
		if t.kind == tWord && w == "that" {
			continue
		}
		return false
	}
	return true
}

// trailingCue handles “We won.” Sir Ken said. where the full stop inside
// the quotation split the sentence: a short next sentence that is only a
// cue.
func (d *doc) trailingCue(si int) *cue {
	if si+1 >= len(d.sents) || d.sents[si+1].para != d.sents[si].para {
		return nil
	}
	ns := d.sents[si+1]
	if ns.thi-ns.tlo > 9 {
		return nil
	}
	for t := ns.tlo; t < ns.thi; t++ {
		if d.toks[t].q >= 0 {
			return nil
		}
	}
	cs := d.cuesIn(si+1, nil, true)
	if len(cs) == 0 || cs[0].clo != ns.tlo || cs[0].men.kind == mNone {
		return nil
	}
	c := cs[0]
	c.ent, c.conf = d.resolve(c.men, si+1)
	return &c
}

// countNarration returns narrationWords(se), counting it into *n the first
// time (while *n < 0).
func (d *doc) countNarration(n *int, se sentence) int {
	if *n < 0 {
		*n = d.narrationWords(se)
	}
	return *n
}

// narrationWords counts the words of a sentence outside quotations: none
// means the sentence is a quotation standing alone.
func (d *doc) narrationWords(se sentence) int {
	words := 0
	for t := se.tlo; t < se.thi; t++ {
		if tk := d.toks[t]; tk.kind == tWord && tk.q < 0 {
			words++
		} else {
			t = skipQuote(d.qRun, t, tk)
		}
	}
	return words
}

// touchSubject makes a person named at the start of a sentence the most
// recent one, for the pronouns that follow.
func (d *doc) touchSubject(se sentence) {
	i := se.tlo
	for i < se.thi && d.isWord(i) && (d.word(i) == "And" || d.word(i) == "But" || d.word(i) == "So") {
		i++
	}
	if i+1 >= se.thi || !d.isWord(i) || d.toks[i].flags&fCap == 0 || d.toks[i].q >= 0 {
		return
	}
	if !d.isWord(i+1) || (d.toks[i+1].flags&fCap == 0 && !d.in(i, articles)) {
		return // a name has two capitalised words ("Orbis Ltd", "Sir Ken")
	}
	a, b := d.npFwd(i, se.thi)
	if a > b {
		return
	}
	if d.in(a, articles) && !d.capitalIn(a+1, b) {
		// After an article only a name is touched, and interpret finds
		// a name only at a capitalised word: "The government said".
		return
	}
	m := d.interpret(a, b)
	if m.kind == mOrg && d.toks[a].flags&fCap != 0 && !d.in(a, articles) {
		d.touch(d.resolveOrg(m.org)) // "Orbis Ltd disputed the findings."
		return
	}
	if m.kind != mName || (m.nameN < 2 && m.hon == "") {
		return
	}
	if e := d.resolveName(m); e >= 0 {
		d.touch(e)
	}
}

// capitalIn reports whether a token in [a, b] begins with a capital.
func (d *doc) capitalIn(a, b int) bool {
	for k := a; k <= b; k++ {
		if d.toks[k].flags&fCap != 0 {
			return true
		}
	}
	return false
}

func (d *doc) fillContext(q int, se sentence) {
	sp := d.spans[q]
	lo, hi := int(d.toks[se.tlo].start), int(d.toks[se.thi-1].end)
	lo = min(lo, sp.open)
	hi = max(hi, sp.closeEnd)
	lo, hi = boundContext(d.s, lo, hi, sp.open, sp.closeEnd)
	qt := &d.quotes[q]
	qt.ContextStart, qt.ContextEnd = lo, hi
	qt.Context = d.s[lo:hi]
}

// maxContextPad bounds a quotation's context on each side of it, in
// bytes. A "sentence" with no full stop can be a whole page (a list, a
// transcript, crafted input), and every quotation in it, nested ones too,
// would carry all of it: output and stored rows quadratic in the text.
// The longest context in the seeds and gold texts reaches 281 bytes
// beyond its quotation.
const maxContextPad = 400

// boundContext narrows the context [lo, hi) of the quotation [qlo, qhi)
// in s to at most maxContextPad bytes on each side, cut at a space where
// one is near, never inside a character.
func boundContext(s string, lo, hi, qlo, qhi int) (int, int) {
	if qlo-lo > maxContextPad {
		lo = qlo - maxContextPad
		if i := strings.IndexByte(s[lo:qlo], ' '); i >= 0 {
			lo += i + 1
		}
		for lo < qlo && !utf8.RuneStart(s[lo]) {
			lo++
		}
	}
	if hi-qhi > maxContextPad {
		hi = qhi + maxContextPad
		if i := strings.LastIndexByte(s[qhi:hi], ' '); i >= 0 {
			hi = qhi + i
		}
		for hi > qhi && !utf8.RuneStart(s[hi]) {
			hi--
		}
	}
	return lo, hi
}

// settingOf reads when and in what setting the words of a sentence were
// given: "In his final witness statement in August", "In a speech at MI5’s
// London headquarters".
func (d *doc) settingOf(se sentence) (setting, when string) {
	for t := se.tlo; t < se.thi; t++ {
		tk := d.toks[t]
		if tk.kind != tWord || tk.q >= 0 {
			t = skipQuote(d.qRun, t, tk)
			continue
		}
		w := d.word(t)
		if len(w) > 9 || !(w[0]|0x20 == 'i' || w[0]|0x20 == 'o' || w[0]|0x20 == 'l' || w[0]|0x20 == 't' || w[0]|0x20 == 'e' || w[0]|0x20 == 's' || w[0]|0x20 == 'y') {
			continue
		}
		lw := settingWord(w)
		if when == "" {
			switch {
			case (lw == "in" || lw == "on" || lw == "last" || lw == "this" || lw == "earlier" || lw == "since") && d.isWord(t+1):
				nw := d.word(t + 1)
				if months.has(nw) || weekdays.has(nw) || (lw != "in" && lw != "on" && timeNouns.has(nw)) {
					end := t + 1
					if d.isWord(t+2) && (d.in(t+2, timeNouns) || isYear(d.word(t+2))) {
						end = t + 2
					}
					when = d.text(t, end)
				} else if lw == "in" && isYear(nw) {
					when = d.text(t, t+1)
				}
			case lw == "yesterday" || lw == "today" || lw == "tonight":
				when = w
			}
		}
		if setting == "" && lw == "in" && d.isWord(t+1) {
			k := t + 1
			if d.in(k, determiners) {
				k++
			}
			start := k
			for k < se.thi && d.isWord(k) && d.inLower(k, settingSkip) {
				k++
				start = k
			}
			// Find a setting noun within a few words.
			for j := k; j < se.thi && j < k+4 && d.isWord(j) && d.toks[j].q < 0; j++ {
				lj := d.word(j)
				if isLowerASCII(lj) || d.lexOf(j).low != 0 {
					lj = lowerKnown(lj)
				} else {
					lj = lower(lj)
				}
				if settingNouns.has(lj) || (lj == "statement" || lj == "statements") {
					end := j
					if lj == "conference" && j > start {
						start = j - 1
					}
					// "speech at MI5’s London headquarters"
					if d.isWord(j+1) && (d.word(j+1) == "at" || d.word(j+1) == "to" || d.word(j+1) == "on") {
						e := j + 2
						for e < se.thi && e < j+7 && d.isWord(e) && d.toks[e].q < 0 && !d.in(e, npStop) && d.lexOf(e).cueLow == 0 {
							e++
						}
						if e > j+2 {
							end = e - 1
						}
					}
					setting = d.text(start, end)
					break
				}
				if d.in(j, npStop) {
					break
				}
			}
		}
	}
	return setting, when
}

// settingWord returns w in lower case when that is one of the words
// settingOf looks for ("in", "last", "yesterday", ...), and otherwise ""
// (or, for a word beyond ASCII, its lower case: "İn" lowers to "in"); the
// caller only compares it with those words.
func settingWord(w string) string {
	if !isASCII(w) {
		return lower(w)
	}
	var ks [2]string
	switch len(w) {
	case 2:
		ks = [2]string{"in", "on"}
	case 4:
		ks = [2]string{"last", "this"}
	case 5:
		ks = [2]string{"since", "today"}
	case 7:
		ks = [2]string{"earlier", "tonight"}
	case 9:
		ks = [2]string{"yesterday", "yesterday"}
	default:
		return ""
	}
	for _, k := range ks {
		if equalLowerASCII(k, w) {
			return k
		}
	}
	return ""
}

func isYear(w string) bool {
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && isDigit(rune(w[2])) && isDigit(rune(w[3]))
}

// kindOf classifies a quotation as direct, partial or embedded from where
// it sits: after a colon, at the start of a sentence or as a paragraph of
// its own it is direct; woven into a clause it is partial.
func (d *doc) kindOf(q int, c *cue) Kind {
	if c != nil && c.embedded {
		return KindEmbedded
	}
	qt := &d.quotes[q]
	if qt.Continues >= 0 {
		if d.quotes[qt.Continues].Kind == KindEmbedded {
			return KindEmbedded
		}
		return KindDirect
	}
	sp := d.spans[q]
	p := d.paras[sp.para]
	text := strings.TrimSpace(qt.Text)
	// atLeastWords(n): the quotation has n words or more, counted only
	// as far as a branch below needs.
	atLeastWords := func(n int) bool { return countFieldsUpTo(text, n) >= n }
	first, _ := utf8.DecodeRuneInString(text)
	upper := unicode.IsUpper(first) || isDigit(first)
	lastR, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(text, isQuoteRune))
	endsPunct := strings.ContainsRune(".!?,…;:", lastR) || lastR == '—' || lastR == '-'
	after := -1
	if sp.closeEnd < p.hi {
		after = int(nextNonSpace(d.s, sp.closeEnd, p.hi))
	}
	prev := prevNonSpace(d.s, sp.open, p.lo)
	switch {
	case sp.toEnd:
		return KindDirect
	case prev < 0 || prev == '.' || prev == '!' || prev == '?' || prev == '”' || prev == '"' || prev == '’' && sentenceEndBefore(d.s, sp.open, p.lo):
		if endsPunct || after == ',' || after < 0 || atLeastWords(8) || (after == '.' && upper) {
			return KindDirect
		}
		return KindPartial
	case prev == ':':
		if upper || atLeastWords(4) {
			return KindDirect
		}
		return KindPartial
	case prev == ',' || prev == '—' || prev == '–':
		if upper && (endsPunct || after < 0 || after == '.') && atLeastWords(2) {
			return KindDirect
		}
		return KindPartial
	case isLetter(prev):
		// "he said “We will …”": a cue word right before a full sentence.
		k := sp.open
		for k > p.lo && isSpaceRune(prevRune(d.s, k, p.lo)) {
			k--
		}
		j := k
		for j > p.lo && isLetter(prevRune(d.s, j, p.lo)) {
			_, sz := utf8.DecodeLastRuneInString(d.s[p.lo:j])
			j -= sz
		}
		if w := d.s[j:k]; cueFlag(w)&cueVerb != 0 && upper && atLeastWords(4) && endsPunct {
			return KindDirect
		}
	}
	return KindPartial
}

func sentenceEndBefore(s string, pos, lo int) bool {
	r := prevNonSpace(s, pos, lo)
	if r != '’' && r != '"' && r != '”' {
		return false
	}
	for pos > lo && isSpaceRune(prevRune(s, pos, lo)) {
		pos--
	}
	_, n := utf8.DecodeLastRuneInString(s[lo:pos])
	r2 := prevRune(s, pos-n, lo)
	return r2 == '.' || r2 == '!' || r2 == '?'
}

func nextNonSpace(s string, pos, hi int) rune {
	for pos < hi {
		r, n := utf8.DecodeRuneInString(s[pos:hi])
		if !isSpaceRune(r) {
			return r
		}
		pos += n
	}
	return -1
}

func (d *doc) result() Result {
	r := Result{Quotes: d.quotes}
	if r.Quotes == nil {
		r.Quotes = []Quote{}
	}
	order := d.order[:0]
	seen := append(d.seen[:0], make([]bool, len(d.ents))...)
	for i := range r.Quotes {
		e := d.qent[i]
		if e < 0 {
			continue
		}
		ent := d.ents[e]
		r.Quotes[i].Speaker = ent.name
		r.Quotes[i].SpeakerKind = ent.kind
		if !seen[e] {
			seen[e] = true
			order = append(order, e)
		}
	}
	d.order, d.seen = order[:0], seen[:0]
	if len(order) > 0 {
		r.Speakers = make([]Speaker, 0, len(order))
	}
	for _, e := range order {
		ent := d.ents[e]
		sp := Speaker{Name: ent.name, Kind: ent.kind}
		if len(ent.roles) > 0 {
			sp.Role = ent.roles[0]
		}
		n := 0
		for _, a := range ent.aliases {
			if a != ent.name {
				n++
			}
		}
		if n > 0 {
			sp.Aliases = make([]string, 0, n)
			for _, a := range ent.aliases {
				if a != ent.name {
					sp.Aliases = append(sp.Aliases, a)
				}
			}
		}
		r.Speakers = append(r.Speakers, sp)
	}
	return r
}
