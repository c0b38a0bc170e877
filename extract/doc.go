package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

// Mention kinds.
const (
	mNone uint8 = iota
	mPron
	mName
	mRole
	mOrg
	mDoc // a text with no known author: "the report said"
)

// mention is a noun phrase that may name a speaker.
type mention struct {
	kind     uint8
	lo, hi   int // byte range as written
	pron     byte
	nameLo   int // token index of the first name word
	nameN    int // how many name words there are
	hon      string
	role     string // role words, lower case
	pastRole bool
	generic  bool
	org      string
	setting  string
}

// entity is a person or organisation of the document.
type entity struct {
	name     string
	kind     string
	words    []string // folded name words, for people
	gender   byte
	roles    []string
	aliases  []string
	alias    map[string]bool // aliases indexed, once there are many
	lastSeen int
	speaker  bool
	key      string
}

// cue is a reporting cue found in a sentence.
type cue struct {
	verb     int // token index of the verb (or of "according")
	clo, chi int // token range of the clause: mention and verb
	flags    uint8
	text     string
	men      mention
	ent      int // resolved entity, -1 if none
	conf     float64
	embedded bool
	// group is set when the mention is the first of two people
	// coordinated as the subject ("A, his deputy, and B said").
	group bool
}

type doc struct {
	s string
	scratch
	folds map[string]string
	wsBuf []string
	// personMemo and wordsEpoch let person skip the names it has seen.
	personMemo map[string]personHit
	wordsEpoch int
	// Slabs the entities, their name words and first aliases come from.
	entSlab   []entity
	wordSlab  []string
	aliasSlab []string

	ents      []*entity
	roleBind  map[string]int
	orgByKey  map[string]int
	bySurname map[string][]int
	lookahead map[int]int
	orgByRaw  map[string]int
	nameMents []nameMent // every person-name occurrence, in order
	nmPos     int
	recent    []int // entities in order of recency, most recent last
	// group is 1 + the entity that speaks for the people of a
	// coordinated subject ("A and B said"), for a "they" that follows
	// while it is the latest speaker; 0 for none.
	group int

	quotes []Quote
	qent   []int
	qrule  []qRule // how the rules chose each quotation's speaker

	// The ranker's mentions and candidates (ranker.go).
	rments  []rmention
	rcands  []rcand
	rcandBy map[string]int
	// While collecting: names read so far, and each entity's last and
	// first full-name positions.
	rnm           int
	rlast, rfirst []int
	rqc           quoteCands
	rcandEnt      []int32          // the candidate of each entity, or -1
	rhot          []bool           // paragraphs some quotation looks at
	rcandRaw      map[string]int32 // candidates by name as written, when fixed
	rbyFirst      map[string][]int
	rsingle       map[string][]int

	stop stopper // ends run early (ExtractContext)
}

// qRule records how attribute chose a quotation's speaker, for the ranker.
type qRule struct {
	path    uint8
	menKind uint8
	pron    byte
	adj     uint8 // where the cue stands: right after or before the quotation
}

// Where a quotation's cue stands (qRule.adj).
const (
	adjFar uint8 = iota
	adjAfter
	adjBefore
)

type nameMent struct {
	pos int
	ent int
}

func newDoc(s string) *doc {
	d, _ := docPool.Get().(*doc)
	if d == nil {
		d = &doc{roleBind: map[string]int{}, orgByKey: map[string]int{}, bySurname: map[string][]int{}, lookahead: map[int]int{}, orgByRaw: map[string]int{}}
	}
	d.s = s
	if cap(d.toks) < len(s)/5+8 {
		d.toks = make([]token, 0, len(s)/5+8)
	}
	return d
}

// scratch holds the buffers of one extraction that no result refers to:
// token, lexicon, sentence and parser arrays, kept in a pool between calls
// so that a stream of documents does not allocate and clear them anew.
type scratch struct {
	paras   []paragraph
	hasKey  []bool
	warm    []bool
	toks    []token
	lx      []lexEnt
	sents   []sentence
	spans   []rawSpan
	nested  []rawSpan // quotations inside reported ones
	spanSen []int
	ps      parser
	lexGen  uint8 // the generation of lx entries looked up for this document
	// qRun[2q], qRun[2q+1]: the first and last token inside quotation q,
	// when they form one run of tokens (otherwise the last is -2).
	qRun []int32
	// Chunks of the entity, word and alias slabs, reused in order.
	entChunks   [][]entity
	wordChunks  [][]string
	aliasChunks [][]string
	nEnt, nWord int
	nAlias      int
	// Buffers of attribute and result.
	cues, prevCues    []cue
	openTok, closeTok []int
	seen              []bool
	order             []int
	// cueMemo[si] is the range of cueStore holding the cues of sentence
	// si, once read; {-1, -1} before. cueSideEffect says the sentence
	// being read resolved a name, so that its cues must be read again
	// (and the name resolved again) each time, as they always were.
	cueMemo       [][2]int32
	cueStore      []cue
	cueSideEffect bool
}

// docPool keeps whole documents, with their maps and slabs, between calls.
var docPool sync.Pool

// resetMap empties a map for the next document, or drops it when it grew
// large, so that clearing stays cheap.
func resetMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) > 256 {
		return map[K]V{}
	}
	clear(m)
	return m
}

// release returns the document to the pool; d must not be used after. No
// buffer it keeps is referred to by the result.
func (d *doc) release() {
	if cap(d.toks) > 1<<22 || len(d.ents) > 4096 {
		return // keep no buffers of a huge document alive
	}
	d.s = ""
	d.paras, d.hasKey, d.warm, d.toks, d.lx = d.paras[:0], d.hasKey[:0], d.warm[:0], d.toks[:0], d.lx[:0]
	d.sents, d.spans, d.nested, d.spanSen, d.qRun = d.sents[:0], d.spans[:0], d.nested[:0], d.spanSen[:0], d.qRun[:0]
	clear(d.cueStore) // the mentions hold strings of the text
	d.cueMemo, d.cueStore = d.cueMemo[:0], d.cueStore[:0]
	d.folds = resetMap(d.folds)
	d.wsBuf = d.wsBuf[:0]
	d.personMemo = resetMap(d.personMemo)
	d.wordsEpoch = 0
	d.entSlab, d.wordSlab, d.aliasSlab = nil, nil, nil
	d.nEnt, d.nWord, d.nAlias = 0, 0, 0
	clear(d.ents)
	d.ents = d.ents[:0]
	d.roleBind = resetMap(d.roleBind)
	d.orgByKey = resetMap(d.orgByKey)
	d.bySurname = resetMap(d.bySurname)
	d.lookahead = resetMap(d.lookahead)
	d.orgByRaw = resetMap(d.orgByRaw)
	d.nameMents = d.nameMents[:0]
	d.nmPos = 0
	d.recent = d.recent[:0]
	d.group = 0
	d.quotes = nil
	d.qent = d.qent[:0]
	d.qrule = d.qrule[:0]
	d.rments = d.rments[:0]
	clear(d.rcands)
	d.rcands = d.rcands[:0]
	d.rcandBy = resetMap(d.rcandBy)
	d.rcandRaw = resetMap(d.rcandRaw)
	d.stop = stopper{}
	docPool.Put(d)
}

func (d *doc) word(i int) string { t := d.toks[i]; return d.s[t.start:t.end] }

func (d *doc) isWord(i int) bool { return i >= 0 && i < len(d.toks) && d.toks[i].kind == tWord }

func (d *doc) isPunct(i int, p string) bool {
	return i >= 0 && i < len(d.toks) && d.toks[i].kind == tPunct && d.word(i) == p
}

// runRules finds the quotations and gives each the rules' speaker; the
// ranker and the nested quotations come after.
func (d *doc) runRules() {
	s := d.s
	d.paras, d.hasKey = splitParagraphs(s, d.paras[:0], d.hasKey)
	ps := &d.ps
	for k := range d.paras {
		p := d.paras[k]
		info := paraInfo{lo: p.lo, hi: p.hi, body: p.place == PlaceBody}
		skipped := 0
		for j := k + 1; j < len(d.paras); j++ {
			if d.paras[j].place == PlaceCaption && skipped < 4 {
				skipped++
				continue
			}
			info.nextOpens = d.paras[j].opens && d.paras[j].place == PlaceBody
			break
		}
		d.spans = ps.parse(s, info, k, d.spans, &d.nested)
		if d.stop.stopped(len(d.spans) + len(d.nested)) {
			return
		}
	}
	if len(d.spans) == 0 {
		// No quotation: nothing to attribute, and the result has no
		// speakers either, so the rest of the work would be thrown away.
		return
	}
	d.toks, d.qRun = tokenize(s, d.spans, d.paras, d.toks[:0], d.qRun)
	d.fillLex()
	if d.stop.stopped(0) {
		return
	}
	d.sents = splitSentences(s, d.toks, d.spans, d.qRun, d.sents[:0])
	// Paragraph of each sentence, by a sweep.
	pk := 0
	for i := range d.sents {
		st := int(d.toks[d.sents[i].tlo].start)
		for pk+1 < len(d.paras) && d.paras[pk].hi <= st {
			pk++
		}
		d.sents[i].para = pk
	}
	if cap(d.spanSen) < len(d.spans) {
		d.spanSen = make([]int, len(d.spans))
	}
	d.spanSen = d.spanSen[:len(d.spans)]
	clear(d.spanSen)
	for si, se := range d.sents {
		for t := se.tlo; t < se.thi; t++ {
			if tk := d.toks[t]; tk.kind == tMark && tk.flags&fOpen != 0 && tk.q >= 0 {
				d.spanSen[tk.q] = si
			} else {
				t = skipQuote(d.qRun, t, tk) // no mark inside a quotation
			}
		}
	}
	if cap(d.cueMemo) < len(d.sents) {
		d.cueMemo = make([][2]int32, len(d.sents))
	}
	d.cueMemo = d.cueMemo[:len(d.sents)]
	for i := range d.cueMemo {
		d.cueMemo[i] = [2]int32{-1, -1}
	}
	d.findNames()
	if d.stop.stopped(0) {
		return
	}
	d.attribute()
}

// skipQuote returns the last token of the run inside a quotation that
// starts at token t, or t when t starts no such run.
func skipQuote(qRun []int32, t int, tk token) int {
	if tk.flags&fInQ != 0 && tk.q >= 0 && 2*int(tk.q)+1 < len(qRun) && qRun[2*tk.q] == int32(t) && qRun[2*tk.q+1] > int32(t) {
		return int(qRun[2*tk.q+1])
	}
	return t
}

func prevNonSpace(s string, pos, lo int) rune {
	for pos > lo {
		r, n := utf8.DecodeLastRuneInString(s[lo:pos])
		if !isSpaceRune(r) {
			return r
		}
		pos -= n
	}
	return -1
}

// ---- names ----

func isPossessive(w string) bool {
	return strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s’") || strings.HasSuffix(w, "s'")
}

func stripPossessive(w string) string {
	switch {
	case strings.HasSuffix(w, "’s"):
		return w[:len(w)-len("’s")]
	case strings.HasSuffix(w, "'s"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "’"):
		return w[:len(w)-len("’")]
	case strings.HasSuffix(w, "'"):
		return w[:len(w)-1]
	}
	return w
}

var particles = set("de", "van", "von", "bin", "al", "da", "di", "le", "la", "du", "del", "der", "den", "ter", "dos", "das", "ibn", "el")

// capRun returns the start of the run of capitalised words ending at token
// end (inclusive), allowing name particles inside.
func (d *doc) capRun(end, lo int) int {
	i := end
	for i >= lo {
		t := d.toks[i]
		if t.kind != tWord {
			break
		}
		if t.flags&fCap != 0 {
			if d.in(i, npStop) && i != end {
				break
			}
			i--
			continue
		}
		if d.in(i, particles) && i-1 >= lo && d.toks[i-1].flags&fCap != 0 && i != end {
			i--
			continue
		}
		break
	}
	return i + 1
}

var titleHeads = set("Councilwoman", "Councilman", "Councillor", "Cllr", "Prosecutor", "Sen.", "Rep.", "Gov.",
	"Congressman", "Congresswoman", "Assemblyman", "Assemblywoman", "Sheriff", "Minister", "Secretary", "Leader", "Chairman", "Chairwoman", "Chair", "Director", "General",
	"President", "Governor", "Mayor", "Senator", "Representative", "Ambassador", "Envoy", "Chancellor",
	"Commissioner", "Officer", "Constable", "Commander", "Adviser", "Advisor", "Spokesman", "Spokeswoman", "MP",
	"MEP", "Founder", "Professor", "Head", "Executive", "Judge", "Chief", "Deputy")

// splitName splits a run of capitalised tokens [a, b] into its titles and
// honorifics and the name proper: the name starts after the last title or
// honorific ("Senate Majority Leader Chuck Schumer", "Saudi Energy Minister
// Prince Abdulaziz bin Salman"), or at a known given name after unknown
// words ("Councilwoman Maria Delgado"), and ends before post-nominals
// ("Helen Marsh KC"). It returns the name's first and last tokens, the
// honorific (the last one before the name) and whether a title head
// ("Secretary") stood before the name.
func (d *doc) splitName(a, b int) (ns, ne int, hon string, titled bool) {
	ne = b
	for ne > a && d.inStripped(ne, postNominals) {
		ne--
	}
	ns = a
	for i := a; i < ne; i++ {
		x := d.lexOf(i)
		if x.exact&honorifics.bit != 0 {
			hon, titled, ns = d.word(i), true, i+1
			continue
		}
		if x.exact&titleWords.bit != 0 {
			if x.exact&titleHeads.bit != 0 {
				titled = true
			}
			hon, ns = "", i+1
		}
	}
	for i := ns; i < ne; i++ {
		if d.lexOf(i).given != 0 {
			if i > ns {
				titled = true
			}
			ns = i
			break
		}
	}
	return ns, ne, hon, titled
}

var postNominals = set("KC", "QC", "MP", "MEP", "MSP", "MS", "AM", "CBE", "OBE", "MBE", "Jr", "Jr.", "Sr", "Sr.",
	"II", "III", "IV", "PhD", "MD")

// placeHeads end names of places, which look like people's names.
var placeHeads = set("Street", "Road", "Avenue", "Lane", "Island", "Islands", "River", "Mountain", "Mountains",
	"Valley", "County", "City", "Park", "Square", "Bridge", "Lake", "Bay", "Beach", "Airport", "Station", "Hall",
	"Court", "Centre", "Center", "Hill", "Hills", "Coast", "Sea", "Ocean", "Gulf", "Dakota", "Carolina", "Jersey",
	"York", "Angeles", "Francisco", "Kingdom", "States", "Republic", "Africa", "America", "Asia", "Europe",
	"East", "West", "North", "South", "Wales", "Ireland", "Scotland", "England", "Britain", "Town", "Village",
	"Wharf", "Palace", "Abbey", "Cathedral", "Stadium", "Arena", "Market", "Exchange", "Way", "Place", "Gardens")

func (d *doc) orgish(a, b int) bool {
	for i := a; i <= b; i++ {
		w := stripPossessive(d.word(i))
		if d.toks[i].flags&fAllCaps != 0 && w != "MP" && w != "MEP" && !(len(w) == 2 && strings.HasSuffix(w, ".")) {
			return true
		}
		if len(w) == int(d.toks[i].end-d.toks[i].start) {
			if x := d.lexOf(i); x.exact&(orgNames.bit|months.bit|weekdays.bit) != 0 || x.low&orgHeads.bit != 0 {
				return true
			}
		} else if orgNames.has(w) || orgHeads.hasLower(w) || months.has(w) || weekdays.has(w) {
			return true
		}
		if hasDigit(w) {
			return true
		}
	}
	return false
}

// hasDigit reports whether w holds an ASCII digit: strings.ContainsAny with
// the ten digits, without a search per digit.
func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

// findNames is the first pass: it registers every full person name the
// article uses ("Ken McCallum", "Deputy national security adviser Matt
// Collins") and the roles given with them, so that later short forms and
// role nouns can be resolved.
func (d *doc) findNames() {
	n := len(d.toks)
	for i := 0; i < n; i++ {
		t := d.toks[i]
		if t.kind != tWord || t.flags&fCap == 0 {
			continue
		}
		j := i
		for j+1 < n && d.toks[j+1].kind == tWord && (d.toks[j+1].flags&fCap != 0 || (d.toks[j+1].end-d.toks[j+1].start <= 3 && d.in(j+1, particles) && j+2 < n && d.toks[j+2].flags&fCap != 0)) && !isPossessive(d.word(j)) {
			j++
		}
		if j > i { // a single word is resolved in context
			d.nameFromRun(i, j)
		}
		i = j
	}
}

func (d *doc) nameFromRun(a, b int) {
	// Leading sentence words such as "But", "The" are not part of names.
	for a <= b && (d.in(a, npStop) || d.in(a, determiners)) {
		a++
	}
	if a >= b {
		return // single words are resolved in context
	}
	ns, ne, hon, titled := d.splitName(a, b)
	if ns > ne || ne-ns+1 > 4 {
		return
	}
	if d.orgish(ns, ne) || d.inStripped(ne, placeHeads) || d.in(ns, placeHeads) {
		return
	}
	b = ne
	if b == ns {
		return // single words are resolved in context
	}
	for k := ns; k <= b; k++ {
		if d.in(k, titleWords) || d.toks[k].flags&fAllCaps != 0 {
			return
		}
	}
	known := d.lexOf(ns).given != 0
	prevRole := ns == a && a > 0 && d.isWord(a-1) && d.inLower(a-1, roleHeads)
	e := d.person(ns, b, hon, int(d.toks[ns].start))
	if !known && !titled && !prevRole && hon == "" {
		// Perhaps a person ("Hou Yifan"), perhaps a product or a place:
		// resolvable by name, but not a candidate for roles and pronouns.
		return
	}
	// Roles: the words before the name ("Deputy national security adviser
	// Matt Collins") or an apposition after it ("Matt Collins, the deputy
	// national security adviser,").
	if role, past := d.roleBefore(ns); role != "" && !past {
		d.learnRole(e, role)
	} else if role != "" && past && !strings.HasPrefix(role, "then") {
		d.learnRole(e, role)
	}
	if role := d.appositionAfter(b); role != "" {
		d.learnRole(e, role)
	}
	if a > 1 && d.isPunct(a-1, ",") {
		// "the Deputy National Security Adviser, Matt Collins"
		k := a - 2
		lo := k
		for lo > 0 && k-lo < 7 && d.isWord(lo-1) && !d.in(lo-1, npStop) && !d.in(lo-1, articles) {
			lo--
		}
		if d.isWord(k) && (d.inLower(k, roleHeads) || d.in(k, titleHeads)) && (lo == 0 || !d.isPunct(lo-1, ",")) {
			if role := d.text(lo, k); isRolePhrase(role) {
				d.learnRole(e, role)
			}
		}
	}
	d.nameMents = append(d.nameMents, nameMent{pos: int(d.toks[ns].start), ent: e})
}

// roleBefore collects the role words in front of a name: lower-case words
// and title words back to a determiner or a stop word.
func (d *doc) roleBefore(ns int) (string, bool) {
	var idx [8]int // token indices, nearest the name first
	n := 0
	ex, hasEx := "", false // the rest of an "ex-" word, the farthest
	past := false
	for i := ns - 1; i >= 0 && n < 7; i-- {
		if d.toks[i].kind != tWord {
			break
		}
		w := d.word(i)
		x := d.lexOf(i)
		if x.exact&determiners.bit != 0 {
			break
		}
		if isPossessive(w) {
			break
		}
		if x.low&pastRole.bit != 0 || hasPrefixFold(w, "then-") || hasPrefixFold(w, "ex-") || hasPrefixFold(w, "former") {
			past = true
			if hasPrefixFold(w, "then-") || x.low&pastRole.bit != 0 && len(w) == 4 && hasPrefixFold(w, "then") {
				return "then", true
			}
			if hasPrefixFold(w, "ex-") {
				ex, hasEx = strings.ToLower(w)[3:], true
			}
			break
		}
		if x.exact&npStop.bit != 0 || x.low&(npStop.bit|adverbs.bit) != 0 || x.cueLow != 0 {
			break
		}
		idx[n] = i
		n++
	}
	if n == 0 && !hasEx {
		return "", past
	}
	if n > 0 {
		if d.lexOf(idx[0]).low&(roleHeads.bit|titleHeadTC.bit) == 0 {
			if isASCII(d.word(idx[0])) {
				return "", past
			}
			if h := strings.ToLower(d.word(idx[0])); !roleHeads.has(h) && !titleHeads.has(titleCase(h)) {
				return "", past
			}
		}
	} else if !roleHeads.has(ex) && !titleHeads.has(titleCase(ex)) {
		return "", past
	}
	var b strings.Builder
	if hasEx {
		b.WriteString(ex)
	}
	for k := n - 1; k >= 0; k-- {
		if b.Len() > 0 || hasEx {
			b.WriteByte(' ')
		}
		b.WriteString(lower(d.word(idx[k])))
	}
	return b.String(), past
}

// hasPrefixFold reports whether w begins with the lower-case ASCII prefix
// p in any case.
func hasPrefixFold(w, p string) bool {
	if len(w) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

func titleCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

// appositionAfter reads ", the deputy national security adviser," after a
// name.
func (d *doc) appositionAfter(b int) string {
	i := b + 1
	if !d.isPunct(i, ",") {
		return ""
	}
	i++
	if !d.isWord(i) {
		return ""
	}
	w := d.word(i)
	if w != "the" && w != "a" && w != "an" && w != "The" {
		if !(roleHeads.hasLower(w) || titleWords.has(w)) {
			return ""
		}
	} else {
		i++
	}
	var ws []string
	for ; i < len(d.toks) && len(ws) < 8; i++ {
		if d.toks[i].kind != tWord {
			break
		}
		w := d.word(i)
		lw := strings.ToLower(w)
		if npStop.has(w) && lw != "of" {
			break
		}
		if cueFlag(lw) != 0 {
			break
		}
		if isPossessive(w) {
			ws = ws[:0]
			continue
		}
		ws = append(ws, lw)
	}
	if len(ws) == 0 {
		return ""
	}
	// The head is the last word before "of", or the last word.
	head := ws[len(ws)-1]
	for k, w := range ws {
		if w == "of" && k > 0 {
			head = ws[k-1]
			break
		}
	}
	if !roleHeads.has(head) && !titleHeads.has(titleCase(head)) {
		return ""
	}
	return normRole(strings.Join(ws, " "))
}

// normRole reduces a role to the words that identify it.
func normRole(r string) string {
	lr := lower(r)
	// The kept words, as ranges of lr; when they are lr's words in order
	// with single spaces between, the result is a slice of lr.
	var buf [16][2]int
	out := buf[:0]
	for i := 0; i < len(lr); {
		ws, we := nextField(lr, i)
		if ws == we {
			break
		}
		i = we
		w := lr[ws:we]
		if determiners.has(w) || isPossessive(w) || pastRole.has(w) {
			// After "of" or "for" the word belongs to the role's
			// complement ("head of the board", "chair of its
			// committee"): it is kept, not the start of a new role.
			if n := len(out); n == 0 || !isOfFor(lr[out[n-1][0]:out[n-1][1]]) {
				out = out[:0]
				continue
			}
		}
		if strings.HasPrefix(w, "ex-") {
			ws += 3
		}
		if strings.HasPrefix(lr[ws:we], "then-") {
			ws += 5
		}
		for ws < we && (lr[ws] == ',' || lr[ws] == '.') {
			ws++
		}
		for we > ws && (lr[we-1] == ',' || lr[we-1] == '.') {
			we--
		}
		if ws == we {
			continue
		}
		out = append(out, [2]int{ws, we})
	}
	if len(out) == 0 {
		return ""
	}
	contiguous := true
	for k := 1; k < len(out); k++ {
		if out[k][0] != out[k-1][1]+1 || lr[out[k-1][1]] != ' ' {
			contiguous = false
			break
		}
	}
	if contiguous {
		return lr[out[0][0]:out[len(out)-1][1]]
	}
	var b strings.Builder
	for k, o := range out {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(lr[o[0]:o[1]])
	}
	return b.String()
}

// nextField returns the byte range of the first field of s[i:] as
// strings.Fields splits, or an empty range at the end.
func nextField(s string, i int) (int, int) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	start := i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return start, i
}

func (d *doc) learnRole(e int, role string) {
	role = normRole(role)
	if role == "" {
		return
	}
	ent := d.ents[e]
	for _, r := range ent.roles {
		if r == role {
			return
		}
	}
	ent.roles = append(ent.roles, role)
}

// person returns the entity for the full name in tokens [a, b], merging it
// with an earlier form of the same name ("Chris Cash" and "Christopher
// Cash", "Sir Ken McCallum" and "Ken McCallum").
func (d *doc) person(a, b int, hon string, pos int) int {
	// The same name written the same way gives the same entity as last
	// time, as long as no entity's name words have changed since: the
	// entities before it in bySurname still do not match, and those added
	// since come after it. Only the honorific's gender is set again.
	raw := d.s[d.toks[a].start:d.toks[b].end]
	if h, ok := d.personMemo[raw]; ok && h.hon == hon && h.epoch == d.wordsEpoch {
		if hon != "" {
			if g, ok := honorOf(hon); ok && g.gender != 0 {
				d.ents[h.ent].gender = g.gender
			}
		}
		return h.ent
	}
	e := d.personSlow(a, b, hon)
	if d.personMemo == nil {
		d.personMemo = map[string]personHit{}
	}
	d.personMemo[raw] = personHit{hon: hon, ent: e, epoch: d.wordsEpoch}
	return e
}

// personHit remembers what person returned for a name as written.
type personHit struct {
	hon   string
	ent   int
	epoch int
}

func (d *doc) personSlow(a, b int, hon string) int {
	ws := d.wsBuf[:0]
	for i := a; i <= b; i++ {
		w := d.word(i)
		if i == b {
			w = stripPossessive(w)
		}
		ws = append(ws, d.fold(w))
	}
	d.wsBuf = ws
	display := squeeze(d.s[d.toks[a].start:d.toks[b].end])
	if isPossessive(d.word(b)) {
		display = stripPossessive(display)
	}
	last := ws[len(ws)-1]
	for _, idx := range d.bySurname[last] {
		e := d.ents[idx]
		if e.kind != SpeakerPerson || len(e.words) < 2 {
			continue
		}
		if samePerson(e.words, ws) {
			if len(ws) > len(e.words) || (len(ws) == len(e.words) && names.Canonical(ws[0]) == ws[0] && names.Canonical(e.words[0]) != e.words[0]) {
				e.words = d.keepWords(ws)
				e.name = display
				d.wordsEpoch++
			}
			e.addAlias(display)
			if hon != "" {
				e.addAlias2(hon, display)
				if h, ok := honorOf(hon); ok && h.gender != 0 {
					e.gender = h.gender
				}
			}
			return idx
		}
	}
	ws = d.keepWords(ws)
	e := d.newEntity(entity{name: display, kind: SpeakerPerson, words: ws})
	e.addAlias(display)
	if hon != "" {
		e.addAlias2(hon, display)
	}
	if h, ok := honorOf(hon); ok && h.gender != 0 {
		e.gender = h.gender
	} else if g := d.lexOf(a).given; g == 'm' || g == 'f' {
		// lexOf's given is firstNameGender of the folded word: ws[0].
		e.gender = g
	}
	d.ents = append(d.ents, e)
	d.bySurname[last] = append(d.bySurname[last], len(d.ents)-1)
	return len(d.ents) - 1
}

// newEntity returns a copy of e placed in the document's entity slab, which
// grows by chunks so that entities are not allocated one by one.
func (d *doc) newEntity(e entity) *entity {
	if len(d.entSlab) == cap(d.entSlab) {
		if d.nEnt < len(d.entChunks) {
			d.entSlab = d.entChunks[d.nEnt][:0]
		} else {
			d.entSlab = make([]entity, 0, 16)
			d.entChunks = append(d.entChunks, d.entSlab)
		}
		d.nEnt++
	}
	if e.aliases == nil {
		if len(d.aliasSlab)+4 > cap(d.aliasSlab) {
			if d.nAlias < len(d.aliasChunks) {
				d.aliasSlab = d.aliasChunks[d.nAlias][:0]
			} else {
				d.aliasSlab = make([]string, 0, 64)
				d.aliasChunks = append(d.aliasChunks, d.aliasSlab)
			}
			d.nAlias++
		}
		n := len(d.aliasSlab)
		d.aliasSlab = d.aliasSlab[:n+4]
		e.aliases = d.aliasSlab[n : n : n+4]
	}
	d.entSlab = append(d.entSlab, e)
	return &d.entSlab[len(d.entSlab)-1]
}

// keepWords copies ws into the document's word slab; the copy has no
// spare capacity, so appending to it never touches its neighbours.
func (d *doc) keepWords(ws []string) []string {
	if len(d.wordSlab)+len(ws) > cap(d.wordSlab) {
		if d.nWord < len(d.wordChunks) && cap(d.wordChunks[d.nWord]) >= len(ws) {
			d.wordSlab = d.wordChunks[d.nWord][:0]
		} else {
			d.wordSlab = make([]string, 0, max(64, len(ws)))
			if d.nWord < len(d.wordChunks) {
				d.wordChunks[d.nWord] = d.wordSlab
			} else {
				d.wordChunks = append(d.wordChunks, d.wordSlab)
			}
		}
		d.nWord++
	}
	n := len(d.wordSlab)
	d.wordSlab = append(d.wordSlab, ws...)
	return d.wordSlab[n : n+len(ws) : n+len(ws)]
}

// addAlias2 adds the alias a + " " + b, building it only when new.
func (e *entity) addAlias2(a, b string) {
	for _, x := range e.aliases {
		if len(x) == len(a)+1+len(b) && x[len(a)] == ' ' && strings.HasPrefix(x, a) && strings.HasSuffix(x, b) {
			return
		}
	}
	e.addAlias(a + " " + b)
}

// fold is names.FoldWord, remembered for the words of the document.
func (d *doc) fold(w string) string {
	if f, ok := d.folds[w]; ok {
		return f
	}
	if d.folds == nil {
		d.folds = map[string]string{}
	}
	f := ""
	if isPlainWord(w) {
		if k, ok := lex.key(w); ok {
			f = k // a lexicon word (most given names): its key, not a new string
		}
	}
	if f == "" {
		f = names.FoldWord(w)
	}
	d.folds[w] = f
	return f
}

// isPlainWord reports whether w is ASCII letters and digits only, which
// names.FoldWord folds to their lower case.
func isPlainWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !asciiAlnum[w[i]] {
			return false
		}
	}
	return true
}

// squeeze turns the runs of white space inside a name as written, such
// as a line break of hard-wrapped text ("Tom\nHallett"), into single
// spaces; a name written on one line comes back as it is.
func squeeze(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c == '\n' || c == '\r' || c == '\t' || c == ' ' && i+1 < len(w) && w[i+1] == ' ' {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	return strings.Join(strings.Fields(w), " ")
}

func (e *entity) addAlias(a string) {
	a = squeeze(a)
	if a == "" || e.hasAlias(a) {
		return
	}
	e.aliases = append(e.aliases, a)
	if e.alias != nil {
		e.alias[a] = true
	} else if len(e.aliases) > 8 {
		// Many forms: index them, so adding stays linear.
		e.alias = make(map[string]bool, 2*len(e.aliases))
		for _, x := range e.aliases {
			e.alias[x] = true
		}
	}
}

// hasAlias reports whether a is one of the entity's forms.
func (e *entity) hasAlias(a string) bool {
	if e.alias != nil {
		return e.alias[a]
	}
	for _, x := range e.aliases {
		if x == a {
			return true
		}
	}
	return false
}

// samePerson: the same surname and compatible first names, or one name the
// tail of the other ("Duncan Smith" of "Iain Duncan Smith").
func samePerson(a, b []string) bool {
	if a[len(a)-1] != b[len(b)-1] {
		return false
	}
	if names.SameFirstName(a[0], b[0]) {
		return true
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 2 && len(long) > len(short) {
		off := len(long) - len(short)
		for i := range short {
			if short[i] != long[off+i] {
				return false
			}
		}
		return true
	}
	return false
}
