package extract

import (
	"sort"
	"strings"

	"github.com/whosaid/whosaid/names"
)

// The speaker ranker. The rules of attribute give each quotation their
// choice. Where that choice does not stand by itself (rulesStand: a cue
// right beside the quotation, a continued quotation, a short fragment),
// the ranker looks again at every person and organisation named near the
// quotation (and at the rules' choice, the speaker of the quotation before
// and of the one it continues), describes each with features (where the
// name stands, which cue verb it is the subject or object of, whether it
// is an audience, a signature or a transcript label, …), and lets a
// softmax learned from annotated news (weights.json, extract/learn)
// choose. A logistic confidence model judges the choice; below the
// model's threshold the rules' reading stands where a cue gave it, and
// otherwise the quotation gets no speaker.

// rmention is a capitalised name as written near quotations.
type rmention struct {
	a, b  int32 // first and last token of the name proper
	sent  int32
	para  int32
	cand  int32 // index in doc's rank candidates (rcands)
	flags uint32
}

// Mention flags.
const (
	mfCueAfter    uint32 = 1 << iota // a reporting verb follows: "X said"
	mfApposCue                       // "X, a retired pilot, said"
	mfCueBefore                      // "said X", "according to X"
	mfAudience                       // "told X", "in an interview with X"
	mfDash                           // "” ― X": a signature after a quotation
	mfLabel                          // "X:" opening a paragraph or a quotation
	mfPoss                           // "X's"
	mfInQ                            // inside a quotation
	mfSubject                        // the first name of its sentence
	mfReport                         // "X reports", "X wrote"
	mfSingle                         // one word
	mfAllCaps                        // written in capitals
	mfGiven                          // begins with a known given name
	mfTitled                         // a title or honorific before the name
	mfOrg                            // looks like an organisation
	mfParen                          // "(X)" or "X (D-Wis.)"
	mfSentInit                       // one word opening its sentence: "Partial transcript"
	mfSignature                      // "” ― Ana Ruiz" ending its paragraph: a signature
	nMentionFlags = iota
)

// cueMarks are the flags that mark a name as a speaker's.
const cueMarks = mfCueAfter | mfApposCue | mfCueBefore | mfDash | mfLabel | mfReport | mfSignature

var mentionFlagNames = [nMentionFlags]string{"cueafter", "apposcue", "cuebefore", "audience", "dash", "label",
	"poss", "inq", "subject", "report", "single", "allcaps", "given", "titled", "org", "paren", "sentinit", "signature"}

// rcand is a speaker candidate of the document: an entity of the tracker
// or a name it did not register.
type rcand struct {
	ent     int    // entity, or -1
	key     string // for names not registered: their folded last word
	display string
	kind    string
}

// reportVerbs are what an outlet or a document does with words.
var reportVerbs = set("reports", "reported", "reporting", "writes", "wrote", "writing", "notes", "noted", "publishes",
	"published", "tweeted", "posted", "says", "said", "explains", "explained", "added", "adds", "continued", "continues")

// audienceWords stand before the one who hears: "told X", "with X".
var audienceWords = set("told", "tells", "telling", "to", "with", "asked", "asking", "informed", "interviewed")

// rankOf are a quotation's token bounds and the rules' choice.
type rankQuote struct {
	open, close int // first and last token of the quotation (marks included)
	sent        int
	rule        int // the rules' entity, or -1
	path        uint8
	menKind     uint8
	pron        byte
	adj         uint8
}

// Rule paths: how attribute chose.
const (
	pathNone uint8 = iota
	pathCue
	pathContinues
	pathColon
	pathTrailing
	pathPrevQuote
	pathStatement
	nPaths
)

var pathNames = [nPaths]string{"none", "cue", "continues", "colon", "trailing", "prevquote", "statement"}
var menKindNames = [6]string{"none", "pron", "name", "role", "org", "doc"}

// collectMentions finds every capitalised name outside quotations (and
// the labels that open quotations), once per document.
func (d *doc) collectMentions(need []bool) {
	d.rments = d.rments[:0]
	d.rcands = d.rcands[:0]
	clear(d.rcandBy)
	clear(d.rcandRaw)
	if d.rcandBy == nil {
		d.rcandBy = map[string]int{}
	}
	d.indexPeople()
	d.rnm = 0
	d.rlast = append(d.rlast[:0], make([]int, len(d.ents))...)
	d.rfirst = append(d.rfirst[:0], make([]int, len(d.ents))...)
	for i := range d.rlast {
		d.rlast[i], d.rfirst[i] = -1, -1
	}
	for _, nm := range d.nameMents {
		if nm.ent < len(d.rfirst) && d.rfirst[nm.ent] < 0 {
			d.rfirst[nm.ent] = nm.pos
		}
	}
	d.rcandEnt = append(d.rcandEnt[:0], make([]int32, len(d.ents))...)
	for i := range d.rcandEnt {
		d.rcandEnt[i] = -1
	}
	// Only the paragraphs a quotation looks at are read.
	hot := append(d.rhot[:0], make([]bool, len(d.paras))...)
	for q, sp := range d.spans {
		if !need[q] {
			continue
		}
		for p := max(0, sp.para-rankParasBack); p <= sp.para+1 && p < len(hot); p++ {
			hot[p] = true
		}
	}
	d.rhot = hot
	si := 0
	capSent := -1 // the sentence in which a capitalised word past its first was read
	n := len(d.toks)
	for i := 0; i < n; i++ {
		t := d.toks[i]
		for si+1 < len(d.sents) && d.sents[si].thi <= i {
			si++
		}
		if si < len(d.sents) && !hot[d.sents[si].para] {
			i = max(i, d.sents[si].thi-1)
			continue
		}
		if t.kind != tWord || t.flags&fCap == 0 {
			continue
		}
		inQ := t.flags&fInQ != 0
		if inQ {
			// Only a label that opens the quotation: “PENCE: Well, …”
			if i == 0 || d.toks[i-1].kind != tMark || d.toks[i-1].flags&fOpen == 0 {
				i = skipQuote(d.qRun, i, t)
				continue
			}
		}
		j := i
		for j+1 < n && d.toks[j+1].kind == tWord && d.toks[j+1].flags&fInQ == t.flags&fInQ && (d.toks[j+1].flags&fCap != 0 ||
			(d.in(j+1, particles) && j+2 < n && d.toks[j+2].flags&fCap != 0)) && !isPossessive(d.word(j)) {
			j++
		}
		d.addMention(i, j, si, capSent != si)
		if !inQ && si < len(d.sents) && j > d.sents[si].tlo {
			capSent = si
		}
		i = j
	}
}

// addMention records the name in tokens [a, b] of sentence si; subject
// says no capitalised word stands before it in the sentence but the
// sentence's first.
func (d *doc) addMention(a, b, si int, subject bool) {
	first := a
	for a <= b && (d.in(a, npStop) || d.in(a, determiners) || d.lexOf(a).pron != 0 || d.lexOf(a).cue != 0 && a == first) {
		a++
	}
	if a > b {
		return
	}
	ns, ne, hon, titled := d.splitName(a, b)
	if ns > ne {
		ns, ne = a, b
	}
	if ne-ns > 5 {
		return
	}
	titlesOnly := true
	for k := ns; k <= ne && titlesOnly; k++ {
		titlesOnly = d.in(k, titleWords) || d.in(k, titleHeads) || d.in(k, honorifics)
	}
	if titlesOnly {
		return // "the Director General": a title, whose holder the rules resolve
	}
	var fl uint32
	if titled || hon != "" {
		fl |= mfTitled
	}
	if ns == ne {
		fl |= mfSingle
		if d.lexOf(ns).cue != 0 || d.in(ns, months) || d.in(ns, weekdays) {
			return // "Said", "Monday"
		}
	}
	if d.toks[ns].flags&fAllCaps != 0 {
		fl |= mfAllCaps
	}
	if d.lexOf(ns).given != 0 {
		fl |= mfGiven
	}
	if isPossessive(d.word(ne)) {
		fl |= mfPoss
	}
	if d.toks[ns].flags&fInQ != 0 {
		fl |= mfInQ
	}
	// What follows: a cue verb, perhaps after adverbs or a bracket.
	k := b + 1
	if d.isPunct(k, "(") {
		fl |= mfParen
		for k < len(d.toks) && k < b+8 && !d.isPunct(k, ")") {
			k++
		}
		k++
	}
	if d.isPunct(k, ":") && (a == 0 || d.toks[a-1].kind == tBreak || d.toks[a-1].kind == tMark || fl&mfInQ != 0) {
		fl |= mfLabel
	}
	// A transcript's speaker label is a person's name, in capitals or
	// not; elsewhere capitals and organisation words make an
	// organisation.
	org := fl&mfLabel == 0 && d.orgish(ns, ne) || fl&mfLabel != 0 && ns < ne && d.orgish(ns, ne)
	if org {
		fl |= mfOrg
	}
	for k < len(d.toks) && d.isWord(k) && d.in(k, adverbs) && k < b+4 {
		k++
	}
	// "the head of MI5 said": a name after "of" completes another noun,
	// which is the verb's subject.
	complement := first > 0 && d.isWord(first-1) && (d.word(first-1) == "of" || d.word(first-1) == "for" || d.word(first-1) == "at")
	if d.isWord(k) && !complement {
		x := d.lexOf(k)
		if x.cue&(cueVerb|cuePart|cueWeak) != 0 && x.exact&determiners.bit == 0 {
			fl |= mfCueAfter
		}
		if d.in(k, reportVerbs) {
			fl |= mfReport
		}
	}
	if d.isPunct(k, ",") && !complement {
		// An apposition, then a verb: "X, a retired pilot, said".
		for j := k + 1; j < len(d.toks) && j < k+16; j++ {
			tk := d.toks[j]
			if tk.kind != tWord && tk.kind != tPunct || tk.flags&fInQ != 0 {
				break
			}
			if tk.kind == tPunct && d.word(j) == "," {
				if d.isWord(j+1) && d.lexOf(j+1).cue&(cueVerb|cuePart) != 0 {
					fl |= mfApposCue
				}
				break
			}
		}
	}
	// What precedes.
	p := first - 1
	if p >= 0 && d.isWord(p) {
		w := d.word(p)
		x := d.lexOf(p)
		if x.exact&determiners.bit != 0 && p > 0 && d.isWord(p-1) {
			p--
			w = d.word(p)
			x = d.lexOf(p)
		}
		if x.cue&cueInvertible != 0 && x.cue&cueObject == 0 || w == "to" && p > 0 && d.isWord(p-1) && strings.EqualFold(d.word(p-1), "according") {
			fl |= mfCueBefore
		}
		if audienceWords.has(w) && !(w == "to" && fl&mfCueBefore != 0) || w == "with" {
			fl |= mfAudience
		}
	}
	if p >= 0 && d.toks[p].kind == tPunct {
		w := d.word(p)
		if w == "―" || w == "—" || w == "–" || w == "-" || w == "--" {
			if p > 0 && (d.toks[p-1].kind == tMark || d.toks[p-1].flags&fInQ != 0 || d.toks[p-1].kind == tPunct) {
				fl |= mfDash
				// The name ends its paragraph (a full stop aside): the
				// signature of the words before it.
				e := b + 1
				if d.isPunct(e, ".") {
					e++
				}
				if e >= len(d.toks) || d.toks[e].kind == tBreak {
					fl |= mfSignature
				}
			}
		}
		if w == "(" {
			fl |= mfParen
		}
	}
	if si < len(d.sents) && d.paras[d.sents[si].para].place != PlaceBody {
		return // headlines and captions name things in passing
	}
	if si < len(d.sents) {
		se := d.sents[si]
		if subject && !complement {
			fl |= mfSubject
		}
		if ns == ne && first == se.tlo && fl&mfGiven == 0 && len(d.bySurname[d.fold(stripPossessive(d.word(ns)))]) == 0 {
			fl |= mfSentInit
		}
	}
	c := d.candFor(ns, ne, hon, org)
	if c < 0 {
		return
	}
	para := 0
	if si < len(d.sents) {
		para = d.sents[si].para
	}
	d.rments = append(d.rments, rmention{a: int32(ns), b: int32(ne), sent: int32(si), para: int32(para), cand: int32(c), flags: fl})
}

// candFor returns the candidate for the name in tokens [ns, ne], adding
// it when new: the entity the tracker knows by that name, or the name
// itself.
func (d *doc) candFor(ns, ne int, hon string, org bool) int {
	// A name that resolves the same wherever it stands is looked up once
	// by its text (with its honorific, which can change the reading).
	raw := d.s[d.toks[ns].start:d.toks[ne].end]
	if hon == "" {
		if c, ok := d.rcandRaw[raw]; ok {
			return int(c)
		}
	}
	c, fixed := d.candForSlow(ns, ne, hon, org)
	if fixed && hon == "" {
		if d.rcandRaw == nil {
			d.rcandRaw = map[string]int32{}
		}
		d.rcandRaw[raw] = int32(c)
	}
	return c
}

// candForSlow is candFor without the memory; fixed says the answer does
// not depend on where the name stands.
func (d *doc) candForSlow(ns, ne int, hon string, org bool) (int, bool) {
	last := d.fold(stripPossessive(d.word(ne)))
	ent := -1
	fixed := true
	if !org {
		ent, fixed = d.personByName(ns, ne, hon, last)
	} else {
		raw := squeeze(d.s[d.toks[ns].start:d.toks[ne].end])
		if e, ok := d.orgByRaw[stripPossessive(raw)]; ok {
			ent = e
		}
	}
	if ent >= 0 {
		return d.entCand(ent), fixed
	}
	var key string
	if org {
		key = "o:" + lower(stripPossessive(squeeze(d.s[d.toks[ns].start:d.toks[ne].end])))
	} else {
		key = "p:" + last
	}
	if c, ok := d.rcandBy[key]; ok {
		if ne-ns+1 > len(strings.Fields(d.rcands[c].display)) {
			d.rcands[c].display = stripPossessive(squeeze(d.s[d.toks[ns].start:d.toks[ne].end]))
		}
		return c, fixed
	}
	c := rcand{ent: -1}
	switch {
	case org:
		c.display, c.kind = orgDisplay(stripPossessive(squeeze(d.s[d.toks[ns].start:d.toks[ne].end]))), SpeakerOrganization
	default:
		c.display, c.kind = stripPossessive(squeeze(d.s[d.toks[ns].start:d.toks[ne].end])), SpeakerPerson
	}
	c.key = key
	d.rcands = append(d.rcands, c)
	d.rcandBy[key] = len(d.rcands) - 1
	return len(d.rcands) - 1, fixed
}

// personByName finds the person of the tracker that the name in tokens
// [ns, ne] refers to, without registering anything: a full name by its
// surname and first name, a single word by surname, then (after "Sir",
// or with no surname match) by first name; among several, the one whose
// full name was last written before the mention.
func (d *doc) personByName(ns, ne int, hon, last string) (int, bool) {
	pos := int(d.toks[ns].start)
	best, bestPos := -1, -1
	n := 0 // people considered: with more than one, the answer depends on pos
	consider := func(idx int) {
		n++
		p := d.entPos(idx, pos)
		if best < 0 || p > bestPos {
			best, bestPos = idx, p
		}
	}
	for _, idx := range d.bySurname[last] {
		e := d.ents[idx]
		if e.kind != SpeakerPerson {
			continue
		}
		if ns < ne && !names0Compatible(e.words, d.fold(d.word(ns))) {
			continue
		}
		consider(idx)
	}
	if ns != ne {
		return best, n <= 1
	}
	h, _ := honorOf(hon)
	if best < 0 || h.firstName {
		best = -1
		for _, idx := range d.rbyFirst[names.Canonical(last)] {
			if names.SameFirstName(d.ents[idx].words[0], last) {
				consider(idx)
			}
		}
	}
	if best < 0 {
		for _, idx := range d.rsingle[last] {
			consider(idx)
		}
	}
	return best, n <= 1
}

// indexPeople indexes the tracker's people by canonical first name and
// the one-word ones by that word, for personByName.
func (d *doc) indexPeople() {
	if d.rbyFirst == nil {
		d.rbyFirst, d.rsingle = map[string][]int{}, map[string][]int{}
	}
	d.rbyFirst, d.rsingle = resetMap(d.rbyFirst), resetMap(d.rsingle)
	for idx, e := range d.ents {
		switch {
		case e.kind != SpeakerPerson:
		case len(e.words) >= 2:
			k := names.Canonical(e.words[0])
			d.rbyFirst[k] = append(d.rbyFirst[k], idx)
		case len(e.words) == 1:
			d.rsingle[e.words[0]] = append(d.rsingle[e.words[0]], idx)
		}
	}
}

// entPos is where entity e's full name was last written before the
// mention being read (collectMentions sweeps the names in text order),
// or -1 - its first position when it is only written later.
func (d *doc) entPos(e, pos int) int {
	for d.rnm < len(d.nameMents) && d.nameMents[d.rnm].pos <= pos {
		nm := d.nameMents[d.rnm]
		d.rlast[nm.ent] = nm.pos
		d.rnm++
	}
	if e < len(d.rlast) && d.rlast[e] >= 0 {
		return d.rlast[e]
	}
	if e < len(d.rfirst) && d.rfirst[e] >= 0 {
		return -1 - d.rfirst[e]
	}
	return -1 << 30
}

// names0Compatible: the first word is one of the entity's names or a
// compatible first name, or a title the splitter kept.
func names0Compatible(words []string, first string) bool {
	for _, w := range words {
		if w == first {
			return true
		}
	}
	return len(words) > 0 && names.SameFirstName(words[0], first)
}

// entCand returns the candidate of entity e, adding it when new.
func (d *doc) entCand(e int) int {
	if c := d.rcandEnt[e]; c >= 0 {
		return int(c)
	}
	d.rcands = append(d.rcands, rcand{ent: e, display: d.ents[e].name, kind: d.ents[e].kind})
	d.rcandEnt[e] = int32(len(d.rcands) - 1)
	return len(d.rcands) - 1
}

// Window of mentions a quotation looks at.
const (
	rankBefore    = 12 // mentions before the quotation
	rankAfter     = 5  // mentions after it
	rankParasBack = 4
)

// featVec is a sparse feature vector.
type featVec []featVal

type featVal struct {
	id int32
	v  float32
}

// quoteCands is one quotation's candidates and their features: the
// features of candidate k are feats[off[k]:off[k+1]]. Its buffers are
// reused from quotation to quotation.
type quoteCands struct {
	q     int
	cands []int
	off   []int
	feats featVec
	slots []slot
}

// feat returns the features of candidate k.
func (qc *quoteCands) feat(k int) featVec { return qc.feats[qc.off[k]:qc.off[k+1]] }

// slot is a candidate of one quotation with its nearest mentions.
type slot struct {
	side  [2]nearest // before and after the quotation
	label int        // mention index or -1
	n     int        // mentions in the window
}

// nearest is a candidate's nearest mention on one side of a quotation.
type nearest struct {
	m    int // mention index, or -1
	dist int // tokens from the quotation
	rank int // 1 for the candidate named nearest on this side, 2 next, …
	cue  int // the same among the names a cue marks, or 0
}

// near is a mention near a quotation and its distance in tokens.
type near struct{ m, dist int }

// slotOf returns candidate c's slot, adding it when new.
func (qc *quoteCands) slotOf(c int) *slot {
	for k, x := range qc.cands {
		if x == c {
			return &qc.slots[k]
		}
	}
	qc.cands = append(qc.cands, c)
	qc.slots = append(qc.slots, slot{side: [2]nearest{{m: -1}, {m: -1}}, label: -1})
	return &qc.slots[len(qc.slots)-1]
}

// rankQuotes builds the candidates of every top-level quotation and
// hands each to fn. The work for a quotation is bounded (rankBefore and
// rankAfter mentions), so a document costs time linear in its length.
func (d *doc) rankQuotes(need []bool, fn func(qc *quoteCands)) {
	n := len(d.spans)
	if n == 0 {
		return
	}
	d.collectMentions(need)
	rq := make([]rankQuote, n)
	for q := range rq {
		rq[q] = rankQuote{open: -1, close: -1, sent: d.spanSen[q], rule: d.qent[q]}
		if q < len(d.qrule) {
			rq[q].path, rq[q].menKind, rq[q].pron, rq[q].adj = d.qrule[q].path, d.qrule[q].menKind, d.qrule[q].pron, d.qrule[q].adj
		}
	}
	for t, tk := range d.toks {
		if tk.q < 0 || int(tk.q) >= n {
			continue
		}
		if rq[tk.q].open < 0 {
			rq[tk.q].open = t
		}
		rq[tk.q].close = t
	}
	prevBody := -1
	qc := &d.rqc
	var befores, afters, labels []near
	for q := 0; q < n; q++ {
		r := rq[q]
		if r.open < 0 || !need[q] {
			if d.quotes[q].Placement == PlaceBody {
				prevBody = q
			}
			continue
		}
		qc.q = q
		qc.cands, qc.slots, qc.off, qc.feats = qc.cands[:0], qc.slots[:0], qc.off[:0], qc.feats[:0]
		// Mentions around the quotation.
		lo := sort.Search(len(d.rments), func(i int) bool { return int(d.rments[i].a) >= r.open })
		para := d.sents[r.sent].para
		befores, afters, labels = befores[:0], afters[:0], labels[:0]
		for i := lo - 1; i >= 0 && len(befores) < rankBefore; i-- {
			m := d.rments[i]
			if int(m.para) < para-rankParasBack {
				break
			}
			if m.flags&mfInQ == 0 {
				befores = append(befores, near{i, r.open - int(m.b)})
			}
		}
		i := lo
		for ; i < len(d.rments) && int(d.rments[i].a) <= r.close; i++ {
			if m := d.rments[i]; m.flags&mfLabel != 0 && int(m.a) <= r.open+2 {
				labels = append(labels, near{i, 0})
			}
		}
		for ; i < len(d.rments) && len(afters) < rankAfter; i++ {
			m := d.rments[i]
			if int(m.para) > para+1 {
				break
			}
			if m.flags&mfInQ == 0 {
				afters = append(afters, near{i, int(m.a) - r.close})
			}
		}
		// Candidates, with the nearest mention on each side.
		for side, list := range [2][]near{befores, afters} {
			rank, cueRank := 0, 0
			for _, x := range list {
				s := qc.slotOf(int(d.rments[x.m].cand))
				s.n++
				ns := &s.side[side]
				if ns.m < 0 {
					rank++
					ns.m, ns.dist, ns.rank = x.m, x.dist, rank
				}
				if d.rments[x.m].flags&cueMarks != 0 && ns.cue == 0 {
					cueRank++
					ns.cue = cueRank
				}
			}
		}
		for _, x := range labels {
			qc.slotOf(int(d.rments[x.m].cand)).label = x.m
		}
		ruleC, prevC, contC := -1, -1, -1
		if r.rule >= 0 {
			ruleC = d.entCand(r.rule)
			qc.slotOf(ruleC)
		}
		if prevBody >= 0 && rq[prevBody].rule >= 0 {
			prevC = d.entCand(rq[prevBody].rule)
			qc.slotOf(prevC)
		}
		if c := d.quotes[q].Continues; c >= 0 && c < n && rq[c].rule >= 0 {
			contC = d.entCand(rq[c].rule)
			qc.slotOf(contC)
		}
		sameSentHasCue := false
		for _, list := range [2][]near{befores, afters} {
			for _, x := range list {
				if m := d.rments[x.m]; int(m.sent) == r.sent && m.flags&(mfCueAfter|mfApposCue|mfCueBefore) != 0 {
					sameSentHasCue = true
				}
			}
		}
		qt := &d.quotes[q]
		for k, c := range qc.cands {
			s := qc.slots[k]
			qc.off = append(qc.off, len(qc.feats))
			f := qc.feats
			on := func(id int) { f = append(f, featVal{int32(id), 1}) }
			rc := d.rcands[c]
			on(fBias)
			switch {
			case rc.kind == SpeakerOrganization:
				on(fKindOrg)
			case rc.ent >= 0:
				on(fKindPerson)
			default:
				on(fKindBare)
			}
			if rc.ent >= 0 {
				e := d.ents[rc.ent]
				if len(e.roles) > 0 {
					on(fHasRole)
				}
				if e.speaker {
					on(fSpeakerElsewhere)
				}
				if r.pron == 'm' || r.pron == 'f' {
					switch {
					case e.gender == r.pron:
						on(fGenderAgree)
					case e.gender != 0:
						on(fGenderClash)
					}
				}
			}
			switch {
			case s.n >= 4:
				on(fFreq4)
			case s.n >= 2:
				on(fFreq2)
			}
			if c == ruleC {
				on(fRule)
				on(fRulePath + int(r.path))
				on(fRuleMen + int(r.menKind))
				if r.adj != adjFar {
					on(fRuleAdj + int(r.menKind))
				}
				f = append(f, featVal{int32(fRuleConf), float32(qt.Confidence)})
			} else if ruleC >= 0 {
				on(fNotRule)
			} else {
				on(fRuleAbstained)
			}
			if c == prevC {
				on(fPrev)
				if !sameSentHasCue {
					on(fPrevNoCue)
				}
			}
			if c == contC {
				on(fCont)
			}
			if qt.Placement != PlaceBody {
				on(fNotBody)
			}
			if qt.Kind == KindPartial {
				on(fPartial)
			}
			if s.label >= 0 {
				on(fLabel)
			}
			f = d.sideFeats(f, s.side[0], r.sent, para, fBefore)
			f = d.sideFeats(f, s.side[1], r.sent, para, fAfter)
			if s.side[0].m < 0 && s.side[1].m < 0 && s.label < 0 {
				on(fNoMention)
			}
			qc.feats = f
		}
		qc.off = append(qc.off, len(qc.feats))
		fn(qc)
		if qt.Placement == PlaceBody {
			prevBody = q
		}
	}
}

// sideFeats adds the features of the nearest mention on one side.
func (d *doc) sideFeats(f featVec, n nearest, sent, para, base int) featVec {
	on := func(id int) { f = append(f, featVal{int32(id), 1}) }
	mi, dist, rank, cueRank := n.m, n.dist, n.rank, n.cue
	if mi < 0 {
		on(base + sfNone)
		return f
	}
	m := d.rments[mi]
	loc := 0 // the same sentence, paragraph, the next or last, farther
	if int(m.sent) == sent {
		on(base + sfSameSent)
	} else {
		switch pd := abs(int(m.para) - para); {
		case pd == 0:
			on(base + sfSamePara)
			loc = 1
		case pd == 1:
			on(base + sfPara1)
			loc = 2
		default:
			on(base + sfPara2)
			loc = 3
		}
	}
	switch cueRank {
	case 0:
	case 1:
		on(base + sfCueRank1)
	default:
		on(base + sfCueRank2)
	}
	switch {
	case dist <= 3:
		on(base + sfDist3)
	case dist <= 8:
		on(base + sfDist8)
	case dist <= 20:
		on(base + sfDist20)
	case dist <= 50:
		on(base + sfDist50)
	default:
		on(base + sfDistFar)
	}
	switch rank {
	case 1:
		on(base + sfRank1)
	case 2:
		on(base + sfRank2)
	default:
		on(base + sfRank3)
	}
	for b := 0; b < nMentionFlags; b++ {
		if m.flags&(1<<b) != 0 {
			on(base + sfFlags + b)
			on(base + sfFlags + (1+loc)*nMentionFlags + b)
		}
	}
	return f
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Features of one side's nearest mention.
const (
	sfNone = iota
	sfSameSent
	sfSamePara
	sfPara1
	sfPara2
	sfDist3
	sfDist8
	sfDist20
	sfDist50
	sfDistFar
	sfRank1
	sfRank2
	sfRank3
	sfCueRank1 // the nearest name on its side that a cue or label marks
	sfCueRank2 // a farther one
	sfFlags
	nSide = sfFlags + 5*nMentionFlags // the flags, then by locality
)

var sideNames = [sfFlags]string{"none", "samesent", "samepara", "para1", "para2", "dist3", "dist8", "dist20", "dist50",
	"distfar", "rank1", "rank2", "rank3", "cuerank1", "cuerank2"}

// Feature ids.
const (
	fBias = iota
	fKindOrg
	fKindPerson
	fKindBare
	fHasRole
	fSpeakerElsewhere
	fGenderAgree
	fGenderClash
	fFreq2
	fFreq4
	fRule
	fNotRule
	fRuleAbstained
	fRuleConf
	fPrev
	fPrevNoCue
	fCont
	fNotBody
	fPartial
	fLabel
	fNoMention
	fRulePath
	fRuleMen = fRulePath + int(nPaths)
	fRuleAdj = fRuleMen + len(menKindNames)
	fBefore  = fRuleAdj + len(menKindNames)
	fAfter   = fBefore + nSide
	nFeat    = fAfter + nSide
)

// FeatureNames lists the ranker's features in id order: the names the
// weights file uses.
func FeatureNames() []string {
	names := []string{"bias", "kind_org", "kind_person", "kind_bare", "has_role", "speaker_elsewhere", "gender_agree",
		"gender_clash", "freq2", "freq4", "rule", "not_rule", "rule_abstained", "rule_conf", "prev", "prev_nocue", "cont",
		"not_body", "partial", "label", "no_mention"}
	for _, p := range pathNames {
		names = append(names, "rule_path_"+p)
	}
	for _, m := range menKindNames {
		names = append(names, "rule_men_"+m)
	}
	for _, m := range menKindNames {
		names = append(names, "rule_adj_"+m)
	}
	for _, side := range []string{"b_", "a_"} {
		for _, s := range sideNames {
			names = append(names, side+s)
		}
		for _, loc := range []string{"", "same_", "para_", "para1_", "para2_"} {
			for _, s := range mentionFlagNames {
				names = append(names, side+loc+s)
			}
		}
	}
	return names
}

// Confidence features: how clear the ranker's decision was (its
// probability and margin), how many candidates there were, and the chosen
// candidate's own features.
const (
	cP40 = iota
	cP60
	cP80
	cP90
	cP100
	cMargin05
	cMargin1
	cMargin2
	cMarginMore
	cOneCand
	cFewCands
	cManyCands
	cFeat
	nConf = cFeat + nFeat
)

// ConfidenceNames lists the confidence features in id order.
func ConfidenceNames() []string {
	names := []string{"p40", "p60", "p80", "p90", "p100", "margin05", "margin1", "margin2", "margin_more", "one_cand",
		"few_cands", "many_cands"}
	for _, n := range FeatureNames() {
		names = append(names, "c_"+n)
	}
	return names
}

func confFeats(out []featVal, p, margin float64, n int, best featVec) []featVal {
	on := func(id int) { out = append(out, featVal{int32(id), 1}) }
	switch {
	case p < 0.4:
		on(cP40)
	case p < 0.6:
		on(cP60)
	case p < 0.8:
		on(cP80)
	case p < 0.9:
		on(cP90)
	default:
		on(cP100)
	}
	switch {
	case n == 1:
		on(cOneCand)
	case margin < 0.5:
		on(cMargin05)
	case margin < 1:
		on(cMargin1)
	case margin < 2:
		on(cMargin2)
	default:
		on(cMarginMore)
	}
	switch {
	case n == 1:
	case n <= 4:
		on(cFewCands)
	default:
		on(cManyCands)
	}
	for _, x := range best {
		out = append(out, featVal{cFeat + x.id, x.v})
	}
	return out
}

// rank lets the model choose each quotation's speaker.
func (d *doc) rank(m *Model) {
	if m == nil || len(m.w) != nFeat {
		return
	}
	choice := make([]int, len(d.spans))
	for i := range choice {
		choice[i] = -2 // untouched
	}
	need := make([]bool, len(d.spans))
	for q := range need {
		need[q] = !d.rulesStand(q)
	}
	d.rankQuotes(need, func(qc *quoteCands) {
		if len(qc.cands) == 0 {
			choice[qc.q] = -1
			return
		}
		for k := range qc.cands {
			if qc.slots[k].label >= 0 {
				// “HALE: We will…”: a transcript names its speaker at
				// the start of the words, and a new label starts a new
				// speaker's turn rather than going on with the last.
				choice[qc.q] = qc.cands[k]
				d.quotes[qc.q].Continues = -1
				d.qrule[qc.q].path = pathCue
				return
			}
		}
		best, p, margin := m.choose(qc)
		conf := m.confidence(p, margin, len(qc.cands), qc.feat(best))
		if conf < m.Threshold {
			// Unsure: the rules' reading stands where a cue or the
			// quotation before gave it; otherwise no speaker rather
			// than a doubtful one.
			switch d.qrule[qc.q].path {
			case pathCue, pathColon, pathTrailing, pathPrevQuote:
			default:
				choice[qc.q] = -1
			}
			return
		}
		d.quotes[qc.q].Confidence = round2(conf)
		choice[qc.q] = qc.cands[best]
	})
	for q, c := range choice {
		if c == -2 {
			continue
		}
		qt := &d.quotes[q]
		if c < 0 {
			if d.qent[q] >= 0 {
				qt.Mention, qt.Cue = "", ""
			}
			d.qent[q] = -1
			continue
		}
		e := d.materialise(c)
		if e != d.qent[q] {
			qt.Mention, qt.Cue = d.rcands[c].display, ""
			d.qent[q] = e
			d.ents[e].speaker = true
		}
	}
	// A quotation that goes on from another has its speaker, as the
	// ranker left it.
	for q := range d.quotes {
		if c := d.quotes[q].Continues; c >= 0 && c < q && d.qrule[q].path == pathContinues && d.qent[q] != d.qent[c] {
			d.qent[q] = d.qent[c]
			d.quotes[q].Mention, d.quotes[q].Cue = d.quotes[c].Mention, d.quotes[c].Cue
		}
	}
}

// rulesStand reports whether the rules' reading of quotation q stands
// without asking the model.
func (d *doc) rulesStand(q int) bool {
	if opensWithLabel(d.quotes[q].Text) {
		return false // a transcript's turn: its label says who speaks
	}
	if r := d.qrule[q]; d.qent[q] >= 0 && (r.path == pathCue && r.adj != adjFar || r.path == pathContinues) {
		// A cue right beside the quotation, or a quotation that goes on
		// from the last: the rules read these almost without error.
		return true
	}
	// A fragment of a few words is a scare quote, a name of a thing or a
	// borrowed phrase: the corpus the model learned from annotates no
	// such fragments, so the rules judge them.
	qt := &d.quotes[q]
	if qt.Kind != KindPartial {
		return false
	}
	// A fragment woven into a sentence whose reporting verb the rules
	// found is that verb's subject's words, wherever the verb stands:
	// "He said the state used spies to “interfere covertly in public life”".
	return countFieldsUpTo(qt.Text, 4) < 4 || d.qent[q] >= 0 && d.qrule[q].path == pathCue
}

// opensWithLabel reports whether quoted words open with a transcript's
// speaker label: one to three capitalised words and a colon ("HALE:",
// "Mr. Webb:").
func opensWithLabel(text string) bool {
	words := 0
	inWord := false
	for i := 0; i < len(text) && i < 40; i++ {
		c := text[i]
		switch {
		case c == ':':
			return words >= 1 && words <= 3 && inWord
		case c == ' ':
			if !inWord {
				return false
			}
			inWord = false
		case c >= 'A' && c <= 'Z':
			if !inWord {
				words++
				inWord = true
			}
		case c >= 'a' && c <= 'z' || c == '.' || c == '\'' || c == '-':
			if !inWord {
				return false // a word that is not capitalised
			}
		default:
			return false
		}
	}
	return false
}

// materialise returns the entity of candidate c, registering a name the
// tracker did not.
func (d *doc) materialise(c int) int {
	rc := &d.rcands[c]
	if rc.ent >= 0 {
		return rc.ent
	}
	name := rc.display
	if rc.kind == SpeakerPerson && allCaps(name) {
		name = titleCaseWords(name)
	}
	e := d.newEntity(entity{name: name, kind: rc.kind, key: rc.key})
	e.addAlias(rc.display)
	d.ents = append(d.ents, e)
	rc.ent = len(d.ents) - 1
	return rc.ent
}

// titleCaseWords turns "MIKE PENCE" into "Mike Pence".
func titleCaseWords(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		ws[i] = titleCase(w)
	}
	return strings.Join(ws, " ")
}
