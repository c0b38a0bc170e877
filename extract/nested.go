package extract

import "sort"

// addNested gives every quotation nested inside a reported one a record of
// its own, placed right after the quotation that holds it (the outer one
// stays as it is). A nested quotation introduced by a reporting verb inside
// the outer one ("He told me ‘go home’") is embedded: its speaker is whoever
// that verb's subject is, which is the outer speaker only for "I" and "we";
// otherwise it stays unknown. One with no verb before it is a phrase the
// speaker holds at arm's length ("the so-called ‘golden era’"), a partial
// quotation with no speaker of its own.
func (d *doc) addNested() {
	if len(d.nested) == 0 || len(d.quotes) == 0 {
		return
	}
	ns := d.nested
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].start < ns[j].start })
	// What each nested quotation is, in a small record; the quotations
	// are built once the count is known.
	type rec struct {
		span      int // index in ns
		outer     int
		ent       int
		cue, subj int
		embedded  bool
	}
	recs := make([]rec, 0, len(ns))
	o := 0
	for i, sp := range ns {
		// The top-level quotation holding sp: top-level spans are sorted
		// and do not overlap.
		for o < len(d.spans) && d.spans[o].end < sp.closeEnd {
			o++
		}
		if o >= len(d.spans) {
			break
		}
		if out := d.spans[o]; sp.open < out.start || sp.closeEnd > out.end {
			continue
		}
		r := rec{span: i, outer: o, ent: -1}
		r.cue, r.subj = d.innerCue(o, sp.open)
		if r.cue >= 0 {
			r.embedded = true
			if r.subj >= 0 && d.lexOf(r.subj).pron == 'w' {
				r.ent = d.qent[o] // "I told them ‘no’": the speaker quoting themself
			}
		}
		recs = append(recs, r)
	}
	if len(recs) == 0 {
		return
	}
	nested := func(r rec) Quote {
		sp, oq := ns[r.span], &d.quotes[r.outer]
		// The outer quotation's context, around this one.
		lo, hi := boundContext(d.s, oq.ContextStart, oq.ContextEnd, sp.open, sp.closeEnd)
		q := Quote{Text: d.s[sp.start:sp.end], Start: sp.start, End: sp.end, Placement: oq.Placement, Continues: -1,
			Context: d.s[lo:hi], ContextStart: lo, ContextEnd: hi, SaidWhen: oq.SaidWhen,
			Kind: KindPartial, Confidence: 0.3}
		if r.embedded {
			q.Kind = KindEmbedded
			q.Cue = d.word(r.cue)
			if r.subj >= 0 {
				q.Mention = d.word(r.subj)
			}
		}
		if r.ent >= 0 {
			q.Confidence = round2(oq.Confidence * 0.8)
		}
		return q
	}
	// Merge: each outer quotation, then the records nested in it.
	quotes := make([]Quote, 0, len(d.quotes)+len(recs))
	qent := make([]int, 0, len(d.quotes)+len(recs))
	newIdx := make([]int, len(d.quotes))
	r := 0
	for i := range d.quotes {
		newIdx[i] = len(quotes)
		quotes = append(quotes, d.quotes[i])
		qent = append(qent, d.qent[i])
		for r < len(recs) && recs[r].outer == i {
			quotes = append(quotes, nested(recs[r]))
			qent = append(qent, recs[r].ent)
			r++
		}
	}
	for i := range quotes {
		if c := quotes[i].Continues; c >= 0 {
			quotes[i].Continues = newIdx[c]
		}
	}
	d.quotes, d.qent = quotes, qent
}

// innerCue finds a reporting verb inside top-level quotation o just before
// the nested mark at byte pos ("tells customers ‘…’", "wrote: ‘…’"), and the
// word before it, its subject if a pronoun. It returns token indices, -1
// when there is none.
func (d *doc) innerCue(o, pos int) (cue, subj int) {
	// The first token at or after pos.
	t := sort.Search(len(d.toks), func(i int) bool { return int(d.toks[i].start) >= pos })
	words := 0
	for k := t - 1; k >= 0 && words < 3; k-- {
		tk := d.toks[k]
		if tk.q != int32(o) || tk.kind == tMark || tk.kind == tBreak {
			break
		}
		if tk.kind == tPunct {
			if w := d.word(k); w == ":" || w == "," {
				continue
			}
			break
		}
		words++
		if x := d.lexOf(k); x.cue&(cueVerb|cueMessage) != 0 {
			subj = -1
			if k-1 >= 0 && d.toks[k-1].kind == tWord && d.toks[k-1].q == int32(o) && d.lexOf(k-1).pron != 0 {
				subj = k - 1
			}
			return k, subj
		}
	}
	return -1, -1
}
