package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
	}
	return w
}

func isASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isOfFor reports whether w is "of" or "for" in any case.
func isOfFor(w string) bool {
	switch len(w) {
	case 2:
		return w[0]|0x20 == 'o' && w[1]|0x20 == 'f'
	case 3:
		return w[0]|0x20 == 'f' && w[1]|0x20 == 'o' && w[2]|0x20 == 'r'
	}
	return false
}

func isLowerWord(w string) bool {
	if w != "" && w[0] < utf8.RuneSelf {
		return w[0] >= 'a' && w[0] <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// ---- noun phrases ----

// npBack finds the subject noun phrase that ends just before token v,
// within the sentence starting at token lo. It returns the token range, or
// a > b when there is none. It also reports a role given in an apposition
// between commas ("Matt Collins, the deputy national security adviser,
// said").
func (d *doc) npBack(v, lo int) (a, b int, appos string) {
	i := v - 1
	skippedDay := false
	for i >= lo && d.isWord(i) && d.in(i, adverbs) {
		if d.in(i, weekdays) {
			skippedDay = true
		}
		i--
	}
	if skippedDay && i >= lo && d.isWord(i) && d.word(i) == "on" {
		i--
	}
	if i < lo {
		return 0, -1, ""
	}
	if d.isWord(i) && d.lexOf(i).pron != 0 {
		return i, i, ""
	}
	if d.isWord(i) && (d.word(i) == "which" || d.word(i) == "who") && d.isPunct(i-1, ",") && i-2 >= lo {
		// "the Bus Riders Union, which said": the antecedent.
		a, b := d.collectBack(i-2, lo)
		if a <= b {
			r := d.capRun(b, a)
			if r <= b && d.toks[b].flags&fCap != 0 {
				if r > a && d.in(r-1, articles) {
					r--
				}
				return r, b, ""
			}
		}
		return a, b, ""
	}
	if d.isPunct(i, ",") {
		j := i - 1
		for ; j >= lo && j > i-30; j-- {
			t := d.toks[j]
			if t.kind == tMark || t.kind == tBreak || t.flags&fInQ != 0 {
				return 0, -1, ""
			}
			if t.kind == tPunct {
				w := d.word(j)
				if w == "," {
					break
				}
				if w != "-" && w != "–" && w != "(" && w != ")" {
					return 0, -1, ""
				}
			}
		}
		if j < lo || j <= i-30 {
			// "Sir Iain Duncan Smith, described": a name alone before the comma.
			a, b := d.collectBack(i-1, lo)
			if a <= b && a == lo && d.toks[b].flags&fCap != 0 {
				return a, b, ""
			}
			return 0, -1, ""
		}
		segA, segB := j+1, i-1
		if segA > segB {
			return 0, -1, ""
		}
		// An age between commas ("Margaret Holt, 67, told", "Holt, aged
		// 67, said") says nothing of who spoke: the subject is before it.
		if d.isAge(segA, segB) {
			return d.npBack(j, lo)
		}
		// The segment between the commas is itself the name: "Foreign
		// Office minister, Baroness Chapman, said".
		if r := d.capRun(segB, segA); r == segA && d.toks[segA].flags&fCap != 0 && !d.in(segA, npStop) && !d.in(segA, determiners) {
			ns, ne, _, _ := d.splitName(segA, segB)
			if ns <= ne && !d.orgish(ns, ne) {
				pa, pb := d.collectBack(j-1, lo)
				role := ""
				if pa <= pb && isRolePhrase(d.text(pa, pb)) {
					role = d.text(pa, pb)
				}
				return segA, segB, role
			}
		}
		w := d.word(segA)
		pa, pb := d.collectBack(j-1, lo)
		if pa > pb {
			return 0, -1, ""
		}
		if w == "who" || w == "whose" || w == "which" {
			return pa, pb, ""
		}
		if determiners.has(w) || isLowerWord(w) || titleWords.has(w) {
			if isRolePhrase(d.text(segA, segB)) {
				return pa, pb, d.text(segA, segB)
			}
			if adverbs.hasLower(w) || segB-segA > 6 {
				return pa, pb, ""
			}
		}
		return 0, -1, ""
	}
	a, b = d.collectBack(i, lo)
	return a, b, ""
}

// isAge reports whether tokens a..b are an age: a number of one to three
// digits, optionally after "aged".
func (d *doc) isAge(a, b int) bool {
	if b > a && d.word(a) == "aged" {
		a++
	}
	if a != b {
		return false
	}
	w := d.word(a)
	if len(w) == 0 || len(w) > 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// collectBack gathers a noun phrase leftwards from token i.
func (d *doc) collectBack(i, lo int) (int, int) {
	a := i + 1
	crossed := false
	for k := i; k >= lo && i-k < 10; k-- {
		if !d.isWord(k) || d.toks[k].flags&fInQ != 0 {
			if k != i && a == k+1 && d.joinsName(k, lo, crossed) {
				crossed, a = true, k // "Procter & Gamble", "Department for Culture, Media and Sport"
				continue
			}
			break
		}
		w := d.word(k)
		x := d.lexOf(k)
		if x.exact&articles.bit != 0 {
			a = k
			break
		}
		if x.exact&(npStop.bit|determiners.bit) != 0 || (x.low&npStop.bit != 0 && !isOfFor(w)) {
			if k != i && a == k+1 && d.joinsName(k, lo, crossed) {
				crossed, a = true, k // "Department of Health and Social Care"
				continue
			}
			break
		}
		if !isLowerWord(w) {
			a = k
			continue
		}
		if k != i && x.cueLow != 0 {
			break
		}
		if x.pron != 0 {
			break
		}
		if x.low&adverbs.bit != 0 {
			break
		}
		a = k
	}
	// A phrase may not start with "of" or "for" (or a connector, when the
	// length limit cut a name).
	for a <= i && (isOfFor(d.word(a)) || !d.isWord(a) || d.word(a) == "and") {
		a++
	}
	return a, i
}

// joinsName reports whether token k, "and" or "&" (or a comma of a list
// that such a connector ends: "Department for Culture, Media and Sport"),
// joins two parts of one capitalised name rather than two names:
// "Department of Health and Social Care", "Procter & Gamble", "Marks and
// Spencer", but not "John Smith and Mary Jones", "Mr Smith and Mr Jones" or
// "BBC and ITV". crossed says a connector of the same name to the right was
// already joined; a comma needs one.
func (d *doc) joinsName(k, lo int, crossed bool) bool {
	if k-1 < lo || k+1 >= len(d.toks) {
		return false
	}
	l, r := d.toks[k-1], d.toks[k+1]
	if l.kind != tWord || r.kind != tWord || l.flags&r.flags&fCap == 0 || (l.flags|r.flags|d.toks[k].flags)&fInQ != 0 {
		return false
	}
	w := d.word(k)
	if w != "and" && w != "&" && (w != "," || !crossed) {
		return false
	}
	if isPossessive(d.word(k - 1)) {
		return false
	}
	s := d.capRun(k-1, lo)
	if w == "," {
		// Only inside an "of"/"for" name: "Department for Environment, Food and Rural Affairs".
		return s-2 >= lo && d.isWord(s-1) && isOfFor(d.word(s-1)) && d.toks[s-2].flags&fCap != 0
	}
	// A person on either side: two speakers.
	leftPerson := false
	for j := s; j < k; j++ {
		x := d.lexOf(j)
		if x.exact&honorifics.bit != 0 || (x.given != 0 && j+1 < k) {
			leftPerson = true
			break
		}
	}
	rx := d.lexOf(k + 1)
	if leftPerson || rx.exact&honorifics.bit != 0 || rx.given != 0 && (d.lexOf(k-1).given != 0 ||
		k+2 < len(d.toks) && d.isWord(k+2) && d.toks[k+2].flags&fCap != 0) {
		return false
	}
	// Two organisations: "BBC and ITV", "Home Office and Foreign Office".
	e := k + 1
	for e+1 < len(d.toks) && d.isWord(e+1) && d.toks[e+1].flags&fCap != 0 && !isPossessive(d.word(e)) {
		e++
	}
	return !(d.orgish(k-1, k-1) && d.orgish(k+1, e))
}

// npFwd gathers a noun phrase rightwards from token i: "said Mr Smith",
// "according to the U.K. government report".
func (d *doc) npFwd(i, hi int) (int, int) {
	b := i - 1
	capsOnly := false
	for k := i; k < hi && k-i < 9; k++ {
		if !d.isWord(k) || d.toks[k].flags&fInQ != 0 {
			break
		}
		w := d.word(k)
		x := d.lexOf(k)
		if k == i {
			if x.exact&articles.bit != 0 {
				b = k
				continue
			}
			capsOnly = d.toks[k].flags&fCap != 0
		}
		if isOfFor(w) || (x.low&particles.bit != 0 && capsOnly) {
			if k+1 < hi && d.isWord(k+1) && (d.toks[k+1].flags&fCap != 0 || d.in(k+1, articles)) {
				b = k
				continue
			}
			break
		}
		if capsOnly && d.toks[k].flags&fCap == 0 {
			break
		}
		if x.exact&(npStop.bit|determiners.bit) != 0 || x.low&npStop.bit != 0 || ((x.cueLow != 0 || x.low&adverbs.bit != 0) && isLowerWord(w)) {
			break
		}
		if x.pron != 0 && k != i {
			break
		}
		b = k
		if x.pron != 0 || isPossessive(w) && d.toks[k].flags&fCap != 0 && k+1 < hi && d.isWord(k+1) && d.toks[k+1].flags&fCap == 0 {
			if x.pron != 0 {
				break
			}
			capsOnly = false // "Mr Collins’s witness statement"
		}
	}
	for b >= i && (d.word(b) == "of" || d.word(b) == "for") {
		b--
	}
	return i, b
}

func (d *doc) text(a, b int) string {
	if a > b {
		return ""
	}
	return d.s[d.toks[a].start:d.toks[b].end]
}

// interpret classifies the noun phrase in tokens [a, b].
func (d *doc) interpret(a, b int) mention {
	m := mention{}
	if a > b {
		return m
	}
	m.lo, m.hi = int(d.toks[a].start), int(d.toks[b].end)
	if a == b {
		if p := d.lexOf(a).pron; p != 0 {
			m.kind, m.pron = mPron, p
			return m
		}
	}
	for a <= b && d.in(a, determiners) {
		a++
	}
	if a > b {
		return m
	}
	last := d.word(b)
	lb := d.lowStripped(b) // the sets that hold the last word, lower case, no possessive
	lastLower := isLowerWord(last)
	if lastLower && lb&docNouns.bit != 0 {
		for k := a; k < b; k++ {
			if isPossessive(d.word(k)) {
				owner := d.interpret(a, k)
				owner.setting = strings.ToLower(d.text(k+1, b))
				owner.lo, owner.hi = m.lo, m.hi
				return owner
			}
		}
		if b > a {
			mod := d.interpret(a, b-1)
			if mod.kind == mOrg || mod.kind == mName {
				mod.lo, mod.hi = m.lo, m.hi
				mod.setting = lower(stripPossessive(last))
				return mod
			}
		}
		m.kind = mDoc
		return m
	}
	if lastLower && lb&spokesNouns.bit != 0 {
		if b > a && (!isLowerWord(d.word(a)) || d.inLower(b-1, orgHeads)) && len(OrgKey(d.text(a, b-1))) > 0 {
			mod := d.interpret(a, b-1)
			if mod.kind == mOrg || mod.kind == mName {
				mod.lo, mod.hi = m.lo, m.hi
				if mod.kind == mName {
					mod.kind, mod.org = mOrg, d.text(a, b-1)
				}
				return mod
			}
		}
		m.kind, m.role, m.generic = mRole, lower(stripPossessive(last)), true
		return m
	}
	// An "of" phrase: "the head of MI5", "Director General of MI5",
	// "Ministry of Defence".
	for k := a + 1; k < b; k++ {
		if w := d.word(k); w == "of" || w == "for" {
			hw := d.word(k - 1)
			if roleHeads.hasLower(hw) || titleHeads.has(hw) {
				m.kind, m.role = mRole, normRole(d.text(a, b))
				m.generic = genericRoles.hasLower(hw)
				m.pastRole = d.hasPast(a, b)
				return m
			}
			if d.toks[k-1].flags&fCap != 0 && !orgHeads.hasLower(hw) && !titleWords.has(hw) && d.capRun(k-1, a) < k-1 {
				// "Sen. John Thune of South Dakota", "Prof Terry Hughes of James Cook University"
				inner := d.interpret(a, k-1)
				if inner.kind == mName {
					inner.lo, inner.hi = m.lo, m.hi
					return inner
				}
			}
			if orgHeads.hasLower(hw) || d.toks[k-1].flags&fCap != 0 {
				m.kind, m.org = mOrg, d.text(a, b)
				return m
			}
			break
		}
	}
	if d.toks[b].flags&fCap != 0 {
		r := d.capRun(b, a)
		ns, ne, hon, _ := d.splitName(r, b)
		if ns == r && hon == "" && r-1 > a && d.joinsName(r-1, a, false) {
			// One name across "and" or "&": "Procter & Gamble", "Marks and Spencer".
			for r-1 > a && d.joinsName(r-1, a, true) {
				r = d.capRun(r-2, a)
			}
			m.kind, m.org = mOrg, stripPossessive(d.text(r, b))
			return m
		}
		if ns <= ne && !d.orgish(ns, ne) {
			w := d.word(ns)
			if ns == ne && (titleHeads.has(w) || titleWords.has(w) || honorifics.get(w) > 1) {
				m.kind, m.role = mRole, normRole(d.text(a, b))
				m.pastRole = d.hasPast(a, b)
				return m
			}
			m.kind = mName
			m.nameLo, m.nameN = ns, ne-ns+1
			m.hon = hon
			if ns > a {
				m.role = normRole(d.text(a, ns-1))
				if hon != "" {
					m.role = strings.TrimSpace(strings.TrimSuffix(m.role, lower(hon)))
				}
				if !isRolePhrase(m.role) {
					m.role = ""
				}
				m.pastRole = d.hasPast(a, ns-1)
			}
			return m
		}
		if ns > ne {
			m.kind, m.role = mRole, normRole(d.text(a, b))
			m.pastRole = d.hasPast(a, b)
			return m
		}
		m.kind, m.org = mOrg, stripPossessive(d.text(r, b))
		return m
	}
	if lb&groupNouns.bit != 0 {
		m.kind, m.org = mOrg, d.text(a, b)
		return m
	}
	if lb&orgHeads.bit != 0 {
		m.kind, m.org = mOrg, stripPossessive(d.text(a, b))
		return m
	}
	if lb&roleHeads.bit != 0 {
		m.kind, m.role = mRole, normRole(d.text(a, b))
		m.generic = lb&genericRoles.bit != 0
		m.pastRole = d.hasPast(a, b)
		return m
	}
	return m
}

func (d *doc) hasPast(a, b int) bool {
	for k := a; k <= b; k++ {
		w := d.word(k)
		if d.lexOf(k).low&pastRole.bit != 0 || hasPrefixFold(w, "then-") || hasPrefixFold(w, "ex-") {
			return true
		}
	}
	return false
}

// ---- cues ----

// nounDets, like the determiners and a possessive, make a cue word ending
// in -s a plural noun ("these claims", "such comments").
var nounDets = set("these", "These", "those", "Those", "such", "Such", "whose", "your", "Your", "no", "No", "any",
	"some", "Some", "many", "Many", "several", "other", "Other", "new", "fresh", "repeated")

var sendVerbs = set("sending", "sent", "send", "sends", "texted", "texting", "wrote", "writing", "emailed",
	"posted", "posting", "messaged", "messaging", "tweeted")

// cuesIn finds the reporting cues of a sentence and their subjects,
// appended to out. A sentence read ahead of its turn (by trailingCue or
// resolveRole, with ahead set) is read once: its cues are kept for the
// later calls, unless reading them changed what the document knows
// (cueSideEffect).
func (d *doc) cuesIn(si int, out []cue, ahead bool) []cue {
	if m := d.cueMemo[si]; m[0] >= 0 {
		return append(out, d.cueStore[m[0]:m[1]]...)
	}
	n := len(out)
	d.cueSideEffect = false
	out = d.readCues(si, out)
	if ahead && !d.cueSideEffect && n == 0 {
		lo := len(d.cueStore)
		d.cueStore = append(d.cueStore, out...)
		d.cueMemo[si] = [2]int32{int32(lo), int32(len(d.cueStore))}
	}
	return out
}

// readCues is cuesIn without the memory of sentences already read.
func (d *doc) readCues(si int, out []cue) []cue {
	se := d.sents[si]
	for t := se.tlo; t < se.thi; t++ {
		tk := d.toks[t]
		if tk.kind != tWord || tk.flags&fInQ != 0 {
			t = skipQuote(d.qRun, t, tk)
			continue
		}
		w := d.word(t)
		if len(w) < 3 || len(w) >= 32 || cueStart[(w[0]|0x20)&31][(w[1]|0x20)&31]&(1<<(w[len(w)-1]&31)) == 0 ||
			cueLens[(w[0]|0x20)&31]&(1<<len(w)) == 0 {
			continue
		}
		x := d.lexOf(t)
		fl := x.cue
		if fl == 0 {
			if (w == "according" || w == "According") && d.isWord(t+1) && d.word(t+1) == "to" && t+2 < se.thi {
				a, b := d.npFwd(t+2, se.thi)
				c := cue{verb: t, clo: t, chi: max(b, t+1), flags: cueAccording, text: "according to", ent: -1}
				c.men = d.interpret(a, b)
				out = append(out, c)
			}
			continue
		}
		prev, prevBits := "", uint32(0)
		if d.isWord(t - 1) {
			prev, prevBits = d.word(t-1), d.lexOf(t-1).exact
		}
		next := ""
		if d.isWord(t + 1) {
			next = d.word(t + 1)
		}
		if prev == "to" || next == "by" || prevBits&determiners.bit != 0 {
			continue // "declined to say", "asked by"
		}
		if w[len(w)-1] == 's' && prev != "" && d.toks[t-1].flags&fInQ == 0 && (isPossessive(prev) || nounDets.has(prev)) {
			continue // a plural noun: "the union's demands", "those claims"
		}
		if next == "to" && prevBits&beForms.bit != 0 {
			continue // "is said to have had access"
		}
		if prevBits&beForms.bit != 0 && x.exact&passiveCues.bit != 0 {
			continue // "Mr Cash was told"
		}
		c := cue{verb: t, clo: t, chi: t, flags: fl, text: w, ent: -1}
		if fl&cueMessage != 0 && fl&cueVerb == 0 {
			// "a message which read:": the writer of the message speaks.
			k := t - 1
			if k >= se.tlo && d.isWord(k) && (d.word(k) == "which" || d.word(k) == "that") {
				k--
			}
			if k < se.tlo || !d.isWord(k) || !d.inLower(k, docNouns) {
				continue
			}
			c.embedded = true
			c.clo = k
			for j := k - 1; j >= se.tlo && j > k-10; j-- {
				if d.isWord(j) && d.in(j, sendVerbs) {
					a, b, _ := d.npBack(j, se.tlo)
					c.men = d.interpret(a, b)
					break
				}
			}
			out = append(out, c)
			continue
		}
		var a, b int
		appos := ""
		if fl&cuePart != 0 && fl&cueVerb == 0 && d.isPunct(t-1, ",") {
			a, b = d.sentenceSubject(se.tlo, t)
		} else {
			a, b, appos = d.npBack(t, se.tlo)
		}
		coord := false
		if a > b {
			// "... said X but added Y": the subject of the first verb.
			k := t - 1
			for k >= se.tlo && d.isWord(k) && d.in(k, adverbs) {
				k--
			}
			if k >= se.tlo && d.isWord(k) && (d.word(k) == "and" || d.word(k) == "but") {
				coord = true
				if len(out) > 0 && out[len(out)-1].men.kind != mNone {
					c.men = out[len(out)-1].men
				} else {
					sa, sb := d.sentenceSubject(se.tlo, k)
					c.men = d.interpret(sa, sb)
				}
			} else if fl&cueInvertible != 0 && (k < se.tlo || d.toks[k].kind == tMark || d.isPunct(k, ",") || d.isPunct(k, ":")) {
				a, b = d.npFwd(t+1, se.thi)
				if a <= b {
					c.chi = b
				}
			}
		} else {
			c.clo = a
		}
		if !coord {
			c.men = d.interpret(a, b)
		}
		if (w == "found" || w == "finds") && c.men.kind != mOrg && c.men.kind != mDoc {
			continue // only a report or a body "finds" words
		}
		if appos != "" && c.men.kind == mName && c.men.role == "" {
			c.men.role = normRole(appos)
		}
		if c.men.kind == mName && a <= b && a > se.tlo && d.word(a-1) == "and" {
			// "Nick Clegg, Meta's president, and Jennifer Newstead said":
			// the first person named speaks for both.
			if m, ok := d.coordFirst(a-1, se.tlo); ok {
				if c.men.role != "" && !c.men.pastRole {
					// The second person's role is still theirs.
					d.cueSideEffect = true
					if e := d.resolveName(c.men); e >= 0 {
						d.learnRole(e, c.men.role)
					}
				}
				c.men, c.group = m, true
			}
		}
		// The cue as written: "told reporters", "said in a letter".
		end := t
		if fl&cueObject != 0 && c.chi == t {
			k := t + 1
			for ; k < se.thi && k-t <= 4 && d.isWord(k) && d.toks[k].flags&fInQ == 0; k++ {
				w := d.word(k)
				if (npStop.has(w) && !determiners.has(w)) || w == "of" || w == "that" {
					break
				}
			}
			if k-1 > t && d.isWord(k-1) && !d.in(k-1, determiners) {
				end = k - 1
			}
		}
		if end == t && d.isWord(t+1) && d.word(t+1) == "in" && d.isWord(t+2) && d.isWord(t+3) &&
			(d.word(t+2) == "a" || d.word(t+2) == "an") && d.inLower(t+3, settingNouns) {
			end = t + 3
		}
		if end > t {
			c.text = d.text(t, end)
			if end > c.chi {
				c.chi = end
			}
		}
		out = append(out, c)
	}
	return out
}

// coordFirst reads the person named before the "and" at token k that
// joins two people as a subject: "A and B said", "A, a role, and B said".
func (d *doc) coordFirst(k, lo int) (mention, bool) {
	k--
	if k < lo {
		return mention{}, false
	}
	role := ""
	if d.isPunct(k, ",") {
		j := k - 1
		for ; j >= lo && j > k-12 && d.isWord(j) && d.toks[j].flags&fInQ == 0; j-- {
		}
		if j < lo || !d.isPunct(j, ",") || j == k-1 {
			return mention{}, false
		}
		if seg := d.text(j+1, k-1); isRolePhrase(seg) {
			role = seg
			k = j
		}
		k--
	}
	pa, pb := d.collectBack(k, lo)
	if pa > pb || d.toks[pb].flags&fCap == 0 {
		return mention{}, false
	}
	m := d.interpret(pa, pb)
	if m.kind != mName || (m.nameN < 2 && m.hon == "") {
		return mention{}, false
	}
	if role != "" && m.role == "" {
		m.role = normRole(role)
	}
	return m, true
}

// sentenceSubject returns the first noun phrase of the sentence, after an
// opening adverbial ("Last year, MI5 released ..., warning").
func (d *doc) sentenceSubject(lo, v int) (int, int) {
	i := lo
	// Skip an opening phrase that ends in a comma.
	for k := lo; k < v && k < lo+8; k++ {
		if d.isPunct(k, ",") {
			if d.isWord(lo) && (d.in(lo, npStop) || d.inLower(lo, adverbs)) || d.toks[lo].flags&fCap != 0 && !d.isName(lo) {
				i = k + 1
			}
			break
		}
	}
	for i < v && d.isWord(i) && (d.word(i) == "And" || d.word(i) == "But" || d.word(i) == "So") {
		i++
	}
	if i >= v {
		return 0, -1
	}
	a, b := d.npFwd(i, v)
	return a, b
}

func (d *doc) isName(i int) bool {
	return d.lexOf(i).given != 0
}

// ---- resolution ----

func (d *doc) touch(e int) {
	if e < 0 {
		return
	}
	for i, x := range d.recent {
		if x == e {
			copy(d.recent[i:], d.recent[i+1:])
			d.recent = d.recent[:len(d.recent)-1]
			break
		}
	}
	d.recent = append(d.recent, e)
	if len(d.recent) > 32 {
		d.recent = append(d.recent[:0], d.recent[len(d.recent)-32:]...)
	}
}

// advanceNames marks the names mentioned before pos as seen.
func (d *doc) advanceNames(pos int) {
	for d.nmPos < len(d.nameMents) && d.nameMents[d.nmPos].pos < pos {
		nm := d.nameMents[d.nmPos]
		d.ents[nm.ent].lastSeen = nm.pos + 1
		d.nmPos++
	}
}

// resolve maps a mention to an entity of the document, creating one for
// names and organisations seen for the first time.
func (d *doc) resolve(m mention, si int) (int, float64) {
	switch m.kind {
	case mPron:
		return d.resolvePronoun(m.pron)
	case mName:
		e := d.resolveName(m)
		if e >= 0 {
			d.ents[e].addAlias(d.s[m.lo:m.hi])
			if m.role != "" && !m.pastRole {
				d.learnRole(e, m.role)
			}
		}
		return e, 0.9
	case mRole:
		return d.resolveRole(m, si)
	case mOrg:
		return d.resolveOrg(m.org), 0.85
	}
	return -1, 0
}

func (d *doc) resolvePronoun(p byte) (int, float64) {
	switch p {
	case 'm', 'f':
		best := -1
		for i := len(d.recent) - 1; i >= 0; i-- {
			e := d.ents[d.recent[i]]
			if e.kind != SpeakerPerson {
				continue
			}
			if e.gender == p {
				return d.recent[i], 0.8
			}
			if e.gender == 0 && best < 0 {
				best = d.recent[i]
			}
		}
		if best < 0 {
			// No speaker fits: the last person named who does ("John Smith
			// met Mary Jones. ... she said").
			for k, n := d.nmPos-1, 0; k >= 0 && n < 40; k, n = k-1, n+1 {
				e := d.ents[d.nameMents[k].ent]
				if e.kind == SpeakerPerson && e.gender == p {
					return d.nameMents[k].ent, 0.7
				}
				if e.kind == SpeakerPerson && e.gender == 0 && best < 0 {
					best = d.nameMents[k].ent
				}
			}
		}
		if best >= 0 {
			d.ents[best].gender = p // "she said" tells us Hou Yifan is a woman
		}
		return best, 0.7
	case 't', 'i':
		if g := d.group - 1; p == 't' && g >= 0 && len(d.recent) > 0 && d.recent[len(d.recent)-1] == g {
			// "A and B said ... they wrote": the people just named.
			return g, 0.5
		}
		for i := len(d.recent) - 1; i >= 0 && i >= len(d.recent)-3; i-- {
			if d.ents[d.recent[i]].kind == SpeakerOrganization {
				return d.recent[i], 0.7
			}
		}
		if p == 't' && len(d.recent) > 0 {
			return d.recent[len(d.recent)-1], 0.6
		}
	}
	return -1, 0
}

func (d *doc) resolveName(m mention) int {
	if m.nameN == 0 {
		return -1
	}
	if m.nameN >= 2 {
		return d.person(m.nameLo, m.nameLo+m.nameN-1, m.hon, m.lo)
	}
	w := d.fold(stripPossessive(d.word(m.nameLo)))
	h, hasHon := honorOf(m.hon)
	best, bestSeen := -1, -2
	consider := func(i int) {
		if d.ents[i].lastSeen > bestSeen {
			best, bestSeen = i, d.ents[i].lastSeen
		}
	}
	for i, e := range d.ents {
		if e.kind != SpeakerPerson || len(e.words) < 2 {
			continue
		}
		if hasHon && h.gender != 0 && e.gender != 0 && e.gender != h.gender {
			continue
		}
		if hasHon && h.firstName {
			if names.SameFirstName(e.words[0], w) {
				consider(i)
			}
		} else if e.words[len(e.words)-1] == w {
			consider(i)
		}
	}
	if best < 0 && !hasHon {
		for i, e := range d.ents {
			if e.kind == SpeakerPerson && len(e.words) >= 2 && names.SameFirstName(e.words[0], w) {
				consider(i)
			}
		}
	}
	if best < 0 {
		// An entity named only this way: "Baroness Chapman", "Cleverly".
		display := stripPossessive(squeeze(d.s[d.toks[m.nameLo].start:d.toks[m.nameLo+m.nameN-1].end]))
		if m.hon != "" && !h.firstName {
			display = m.hon + " " + display
		}
		for i, e := range d.ents {
			if e.kind == SpeakerPerson && len(e.words) == 1 && e.words[0] == w {
				return i
			}
		}
		for i, e := range d.ents {
			if e.kind == SpeakerOrganization && strings.HasPrefix(e.name+" ", display+" ") {
				return i
			}
		}
		if orgNames.has(display) {
			return d.resolveOrg(display)
		}
		e := d.newEntity(entity{name: display, kind: SpeakerPerson, words: d.keepWords([]string{w}), gender: h.gender})
		e.addAlias(display)
		d.ents = append(d.ents, e)
		best = len(d.ents) - 1
	}
	if hasHon && h.gender != 0 && d.ents[best].gender == 0 {
		d.ents[best].gender = h.gender
	}
	return best
}

// roleMatch: the same role, or one the tail of the other with the same
// head ("researcher" and "parliamentary researcher").
func roleMatch(learned, m string) bool {
	if learned == m {
		return true
	}
	lh, mh := roleCore(learned), roleCore(m)
	if lh == "" || mh == "" {
		return false
	}
	if lh == mh {
		return true
	}
	return wordTail(lh, mh)
}

// wordTail reports whether the words of the one of a and b with fewer
// words are the last words of the other, as strings.Fields splits them.
func wordTail(a, b string) bool {
	if la, lb := len(a), len(b); la > 0 && lb > 0 && a[la-1] != b[lb-1] && a[la-1] < utf8.RuneSelf && b[lb-1] < utf8.RuneSelf && !asciiSpace[a[la-1]] && !asciiSpace[b[lb-1]] {
		return false // the last words end differently
	}
	if countFields(a) > countFields(b) {
		a, b = b, a
	}
	i, j := len(a), len(b)
	for {
		var wa, wb string
		wa, i = lastField(a, i)
		if wa == "" {
			return true
		}
		wb, j = lastField(b, j)
		if wa != wb {
			return false
		}
	}
}

// lastField returns the last field of s[:end] and where it starts.
func lastField(s string, end int) (string, int) {
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	start := end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsSpace(r) {
			break
		}
		start -= n
	}
	return s[start:end], start
}

// countFields is len(strings.Fields(s)) without building the slice.
func countFields(s string) int { return countFieldsUpTo(s, len(s)+1) }

// countFieldsUpTo is min(countFields(s), max).
func countFieldsUpTo(s string, max int) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		var sp bool
		if c < utf8.RuneSelf {
			sp = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
			i += size
		}
		if sp {
			in = false
		} else if !in {
			in = true
			n++
			if n >= max {
				return n
			}
		}
	}
	return n
}

var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// roleCore drops an "of ..." complement: "director general of mi5" →
// "director general".
func roleCore(r string) string {
	if k := strings.Index(r, " of "); k > 0 {
		return r[:k]
	}
	return r
}

func (d *doc) resolveRole(m mention, si int) (int, float64) {
	key := m.role
	if key == "" {
		return -1, 0
	}
	if e, ok := d.roleBind[key]; ok {
		d.ents[e].addAlias(d.s[m.lo:m.hi])
		return e, 0.8
	}
	best, bestSeen := -1, -2
	for i, e := range d.ents {
		for _, r := range e.roles {
			if roleMatch(r, key) && e.lastSeen > bestSeen {
				best, bestSeen = i, e.lastSeen
			}
		}
	}
	if best >= 0 {
		d.roleBind[key] = best
		d.ents[best].addAlias(d.s[m.lo:m.hi])
		return best, 0.85
	}
	if m.generic || m.pastRole {
		return -1, 0
	}
	// The article has not said who holds the role: take a person named in
	// the same sentence, or the person it is most recently about, unless
	// that person has a different role, or else the next person it names
	// as speaking.
	conflicts := func(e *entity) bool {
		for _, r := range e.roles {
			if !roleMatch(r, key) {
				return true
			}
		}
		return false
	}
	sentLo := int(d.toks[d.sents[si].tlo].start)
	for k := d.nmPos - 1; k >= 0 && d.nameMents[k].pos >= sentLo; k-- {
		if k < len(d.nameMents) && d.nameMents[k].pos < m.lo {
			if e := d.ents[d.nameMents[k].ent]; !conflicts(e) && len(e.roles) == 0 {
				d.roleBind[key] = d.nameMents[k].ent
				e.addAlias(d.s[m.lo:m.hi])
				return d.nameMents[k].ent, 0.6
			}
		}
	}
	for i := len(d.recent) - 1; i >= 0; i-- {
		e := d.ents[d.recent[i]]
		if e.kind != SpeakerPerson {
			continue
		}
		conflict := false
		for _, r := range e.roles {
			if !roleMatch(r, key) {
				conflict = true
			}
		}
		if conflict {
			continue
		}
		best = d.recent[i]
		break
	}
	if cached, ok := d.lookahead[si]; ok && best < 0 {
		best = cached
	} else if best < 0 {
		defer func() { d.lookahead[si] = best }()
		for sj := si + 1; sj < len(d.sents) && sj <= si+8; sj++ {
			for _, c := range d.cuesIn(sj, nil, true) {
				if c.men.kind == mName && (c.men.nameN >= 2 || c.men.hon != "") {
					if e := d.resolveName(c.men); e >= 0 && d.ents[e].kind == SpeakerPerson {
						best = e
						break
					}
				}
			}
			if best >= 0 {
				break
			}
		}
	}
	if best >= 0 {
		d.roleBind[key] = best
		d.ents[best].addAlias(d.s[m.lo:m.hi])
		return best, 0.6
	}
	return -1, 0
}

var orgStop = set("the", "a", "an", "of", "uk", "u", "k", "united", "kingdom", "kingdoms", "britain", "britains",
	"british", "us", "usa", "america", "american", "s", "spokesperson", "spokesman", "spokeswoman", "report",
	"statement", "chinese", "this", "our", "new", "previous", "tory", "labour", "conservative", "current")

// OrgKey reduces an organisation name to the words that tell it apart, for
// comparing "the U.K. government", "UK Government" and "the government":
// no determiners or country words, "gov't" spelt out.
func OrgKey(s string) []string {
	s = strings.ReplaceAll(s, "gov't", "government")
	s = strings.ReplaceAll(s, "govt", "government")
	s = strings.ReplaceAll(s, ".", "")
	var out []string
	for _, w := range strings.Fields(names.FoldWord(s)) {
		if w == "govt" {
			w = "government"
		}
		if orgStop.has(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

func (d *doc) resolveOrg(org string) int {
	org = squeeze(strings.TrimSpace(org))
	if org == "" {
		return -1
	}
	if e, ok := d.orgByRaw[org]; ok {
		return e
	}
	e := d.resolveOrgSlow(org)
	d.orgByRaw[org] = e
	return e
}

// orgKeyAppend appends strings.Join(OrgKey(s), " ") to dst and returns it
// with the number of words, building no strings for a short plain name.
func orgKeyAppend(dst []byte, s string) ([]byte, int) {
	s = strings.ReplaceAll(s, "gov't", "government")
	s = strings.ReplaceAll(s, "govt", "government")
	s = strings.ReplaceAll(s, ".", "")
	var fb [128]byte
	f := names.AppendFold(fb[:0], s)
	n := 0
	for i := 0; i < len(f); {
		// The fields of f, as strings.Fields splits them.
		for i < len(f) {
			r, sz := rune(f[i]), 1
			if r >= utf8.RuneSelf {
				r, sz = utf8.DecodeRune(f[i:])
			}
			if !unicode.IsSpace(r) {
				break
			}
			i += sz
		}
		ws := i
		for i < len(f) {
			r, sz := rune(f[i]), 1
			if r >= utf8.RuneSelf {
				r, sz = utf8.DecodeRune(f[i:])
			}
			if unicode.IsSpace(r) {
				break
			}
			i += sz
		}
		if ws == i {
			break
		}
		w := f[ws:i]
		if string(w) == "govt" {
			w = append(w[:0:0], "government"...)
		}
		if orgStop.has(string(w)) {
			continue
		}
		if n > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, w...)
		n++
	}
	return dst, n
}

func (d *doc) resolveOrgSlow(org string) int {
	var kb [128]byte
	kbs, nk := orgKeyAppend(kb[:0], org)
	if e, ok := d.orgByKey[string(kbs)]; ok && nk > 0 {
		d.ents[e].addAlias(org)
		return e
	}
	key := string(kbs)
	if key == "" {
		key = lower(org)
		if e, ok := d.orgByKey[key]; ok {
			d.ents[e].addAlias(org)
			return e
		}
	}
	if nk == 1 && orgHeads.has(key) {
		// "the department" after "the Department of Health".
		for i := len(d.ents) - 1; i >= 0; i-- {
			if e := d.ents[i]; e.kind == SpeakerOrganization && strings.Contains(" "+e.key+" ", " "+key+" ") {
				e.addAlias(org)
				return i
			}
		}
	}
	name := orgDisplay(org)
	e := d.newEntity(entity{name: name, kind: SpeakerOrganization, key: key})
	e.addAlias(org)
	d.ents = append(d.ents, e)
	d.orgByKey[key] = len(d.ents) - 1
	return len(d.ents) - 1
}

// orgDisplay turns "the government" into "Government".
func orgDisplay(org string) string {
	ws := strings.Fields(org)
	for len(ws) > 1 && determiners.has(ws[0]) {
		ws = ws[1:]
	}
	for i, w := range ws {
		if w == "gov't" || w == "govt" {
			ws[i] = "Government"
			continue
		}
		if isLowerWord(w) && w != "of" && w != "for" && w != "and" {
			ws[i] = titleCase(w)
		}
	}
	return strings.Join(ws, " ")
}

// isRolePhrase reports whether a phrase names a role: its head, the word
// before any "of", is a role noun or title.
func isRolePhrase(p string) bool {
	r := normRole(p)
	// The head: the last word, or the word before the first "of" that is
	// not the first word.
	head, prev := "", ""
	for i := 0; ; {
		ws, we := nextField(r, i)
		if ws == we {
			break
		}
		i = we
		w := r[ws:we]
		if w == "of" && prev != "" {
			head = prev
			break
		}
		prev, head = w, w
	}
	if head == "" {
		return false
	}
	return roleHeads.has(head) || titleHeadOf(head)
}

// titleHeadOf is titleHeads.has(titleCase(w)), without building the
// title-case form for ASCII words.
func titleHeadOf(w string) bool {
	if w != "" && w[0] >= 'a' && w[0] <= 'z' {
		var buf [64]byte
		if len(w) <= len(buf) {
			b := append(buf[:0], w...)
			b[0] -= 'a' - 'A'
			return titleHeads.has(string(b))
		}
	}
	return titleHeads.has(titleCase(w))
}

// articles are the determiners that may open a speaker's noun phrase.
var articles = set("the", "The", "a", "A", "an", "An", "his", "His", "her", "Her", "their", "Their", "its", "Its", "our", "Our")

// groupNouns are plural speakers that act as one: "the protesters said".
var groupNouns = set("leaders", "protesters", "protestors", "campaigners", "residents", "farmers", "workers",
	"critics", "experts", "scientists", "researchers", "doctors", "nurses", "teachers", "students", "parents",
	"activists", "members", "unions", "analysts", "economists", "investors", "lawyers", "prosecutors", "police",
	"officers", "ministers", "mps", "lawmakers", "senators", "voters", "fans", "families", "victims", "survivors",
	"organisers", "organizers", "demonstrators", "strikers", "employees", "staff", "officials", "authorities",
	"judges", "medics", "paramedics", "firefighters", "passengers", "travellers", "travelers", "commuters",
	"shoppers", "customers", "villagers", "locals", "neighbours", "neighbors", "relatives", "colleagues")

var beForms = set("is", "was", "are", "were", "been", "being", "be")

var passiveCues = set("told", "asked", "quoted", "described", "called", "branded", "dubbed", "labelled", "labeled",
	"accused", "warned", "urged", "advised", "informed", "assured", "found", "read")

// cueLens[a] has bit n set when some cue word (or "according") starts with
// the letter a and is n bytes long: with cueStart, it spares most other
// words a look-up. No cue word is 32 bytes long or more.
var cueLens = func() (t [32]uint32) {
	cueWords.each(func(w string, _ uint32) {
		t[(w[0]|0x20)&31] |= 1 << len(w)
	})
	t['a'&31] |= 1 << len("according")
	return t
}()

// cueStart[a][b] has bit c set when some cue word starts with the letters
// a, b and ends with c: a cheap test that spares most words a look-up.
var cueStart = func() (t [32][32]uint32) {
	cueWords.each(func(w string, _ uint32) {
		t[(w[0]|0x20)&31][(w[1]|0x20)&31] |= 1 << (w[len(w)-1] & 31)
	})
	t['a'&31]['c'&31] |= 1 << ('g' & 31) // according
	return t
}()
