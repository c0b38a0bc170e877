package extract

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

// Gold is one hand-annotated article, in the format shared with the seed
// corpus: the article's text lives beside it in a .txt file, and offsets
// are Unicode code points.
type Gold struct {
	Title     string        `json:"title"`
	Outlet    *string       `json:"outlet"`
	URL       *string       `json:"url"`
	Author    *string       `json:"author"`
	Published *string       `json:"published"`
	Speakers  []GoldSpeaker `json:"speakers"`
	Quotes    []GoldQuote   `json:"quotes"`
}

// GoldSpeaker is a speaker of a gold article.
type GoldSpeaker struct {
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Description string   `json:"description,omitempty"`
	Aliases     []string `json:"aliases"`
}

// GoldQuote is one annotated quotation. Speaker is nil for a scare quote;
// Continues is nil unless the quotation continues another.
type GoldQuote struct {
	Text      string  `json:"text"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Speaker   *string `json:"speaker"`
	Kind      string  `json:"kind"`
	Placement string  `json:"placement"`
	Cue       *string `json:"cue"`
	Context   string  `json:"context,omitempty"`
	SaidWhen  *string `json:"said_when"`
	Setting   *string `json:"setting"`
	Continues *int    `json:"continues"`
}

// ReadGold decodes a gold annotation.
func ReadGold(r io.Reader) (Gold, error) {
	var g Gold
	err := json.NewDecoder(r).Decode(&g)
	return g, err
}

// Check verifies that the gold's offsets fit text and cut out the quoted
// text, so a broken annotation is reported rather than scored.
func (g Gold) Check(text string) error {
	n := utf8.RuneCountInString(text)
	conv := NewOffsetConverter(text)
	for i, q := range g.Quotes {
		if q.Start < 0 || q.End < q.Start || q.End > n {
			return fmt.Errorf("quote %d: offsets [%d, %d) outside the text (%d code points)", i, q.Start, q.End, n)
		}
		bs, be := conv.RuneToByte(q.Start), conv.RuneToByte(q.End)
		if text[bs:be] != q.Text {
			return fmt.Errorf("quote %d: text[%d:%d] is %q, not %q", i, q.Start, q.End, text[bs:be], q.Text)
		}
	}
	return nil
}

// Counts are the tallies behind precision, recall and speaker accuracy.
type Counts struct {
	Gold, Pred      int // quotations in the gold and predicted
	Exact, Relaxed  int // gold quotations matched with equal offsets; with overlapping spans
	ExactPred       int // predicted quotations matched with equal offsets
	SpeakerChecked  int // matched pairs whose speaker was compared
	SpeakerCorrect  int
	KindCorrect     int
	RelaxedPredHits int // predicted quotations that overlap some gold one
}

// Precision is exactly matched predictions over predictions.
func (c Counts) Precision() float64 { return ratio(c.ExactPred, c.Pred) }

// Recall is exact matches over gold quotations.
func (c Counts) Recall() float64 { return ratio(c.Exact, c.Gold) }

// F1 is the harmonic mean of exact precision and recall.
func (c Counts) F1() float64 { return f1(c.Precision(), c.Recall()) }

// RelaxedF1 counts overlapping spans as matches.
func (c Counts) RelaxedF1() float64 {
	return f1(ratio(c.RelaxedPredHits, c.Pred), ratio(c.Relaxed, c.Gold))
}

// SpeakerAccuracy is the share of matched quotations given the gold
// speaker (or rightly none).
func (c Counts) SpeakerAccuracy() float64 { return ratio(c.SpeakerCorrect, c.SpeakerChecked) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) {
	c.Gold += o.Gold
	c.Pred += o.Pred
	c.Exact += o.Exact
	c.ExactPred += o.ExactPred
	c.Relaxed += o.Relaxed
	c.SpeakerChecked += o.SpeakerChecked
	c.SpeakerCorrect += o.SpeakerCorrect
	c.KindCorrect += o.KindCorrect
	c.RelaxedPredHits += o.RelaxedPredHits
}

// Problem is one scoring failure, kept so a person can see what went wrong.
type Problem struct {
	Doc    string
	What   string // "miss", "false positive", "wrong speaker", "wrong kind", "offsets"
	Text   string
	Start  int // code points
	End    int
	Kind   string
	Gold   string // gold speaker (or kind)
	Got    string // predicted speaker (or kind, or the overlapping span)
	Detail string
}

// Metrics are scores by kind ("direct", "partial", "embedded") and over
// all quotations ("all"), with the failures behind them.
type Metrics struct {
	ByKind   map[string]*Counts
	Problems []Problem
}

// Kinds lists the rows of a metrics table in order.
var Kinds = []string{string(KindDirect), string(KindPartial), string(KindEmbedded), "all"}

func (m *Metrics) counts(kind string) *Counts {
	if m.ByKind == nil {
		m.ByKind = map[string]*Counts{}
	}
	c := m.ByKind[kind]
	if c == nil {
		c = &Counts{}
		m.ByKind[kind] = c
	}
	return c
}

// Get returns the counts of a kind ("all" for the total).
func (m Metrics) Get(kind string) Counts {
	if c := m.ByKind[kind]; c != nil {
		return *c
	}
	return Counts{}
}

// Add folds the metrics of another document into m.
func (m *Metrics) Add(o Metrics) {
	for k, c := range o.ByKind {
		m.counts(k).add(*c)
	}
	m.Problems = append(m.Problems, o.Problems...)
}

// SameSpeaker decides whether a predicted speaker is the gold one: equal
// name keys (names.Normalize, so "Sir Ken McCallum" is "Ken McCallum"),
// equal keys once the first name is canonical ("Chris Cash" is
// "Christopher Cash"), or, for organisations, one's distinguishing words
// contained in the other's ("Government" and "UK Government"). Two people
// who share only a surname or a first name never match.
func SameSpeaker(gold, got string) bool {
	if gold == "" || got == "" {
		return gold == got
	}
	if names.Normalize(gold) == names.Normalize(got) {
		return true
	}
	if names.CanonicalFullName(gold) == names.CanonicalFullName(got) {
		return true
	}
	gk, pk := OrgKey(gold), OrgKey(got)
	if len(gk) == 0 || len(pk) == 0 {
		return false
	}
	// Organisations only: a person's name has no generic head word.
	if !orgHeads.has(gk[len(gk)-1]) && !orgHeads.has(pk[len(pk)-1]) && !groupNouns.has(gk[len(gk)-1]) && !orgNames.has(gold) && !orgNames.has(got) {
		return false
	}
	return subset(gk, pk) || subset(pk, gk)
}

func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Score compares the quotations Extract found in text with the gold ones.
// A predicted quotation matches a gold one exactly when their offsets are
// equal; relaxed matching pairs the remaining ones whose spans overlap.
// Speaker and kind accuracy are taken over all matched pairs. Per-kind
// recall uses the gold kind; per-kind precision the predicted kind.
func Score(doc, text string, gold Gold, got Result) Metrics {
	var m Metrics
	conv := NewOffsetConverter(text)
	type span struct{ s, e int }
	gs := make([]span, len(gold.Quotes))
	for i, q := range gold.Quotes {
		gs[i] = span{conv.RuneToByte(q.Start), conv.RuneToByte(q.End)}
	}
	gm := make([]int, len(gold.Quotes))
	pm := make([]int, len(got.Quotes))
	for i := range gm {
		gm[i] = -1
	}
	for i := range pm {
		pm[i] = -1
	}
	byStart := map[span]int{}
	for j, q := range got.Quotes {
		byStart[span{q.Start, q.End}] = j
	}
	exact := make([]bool, len(gold.Quotes))
	for i, g := range gs {
		if j, ok := byStart[g]; ok && pm[j] < 0 {
			gm[i], pm[j], exact[i] = j, i, true
		}
	}
	// Relaxed: overlapping spans, in order.
	order := make([]int, len(got.Quotes))
	for j := range order {
		order[j] = j
	}
	sort.Slice(order, func(a, b int) bool { return got.Quotes[order[a]].Start < got.Quotes[order[b]].Start })
	for i, g := range gs {
		if gm[i] >= 0 {
			continue
		}
		for _, j := range order {
			q := got.Quotes[j]
			if pm[j] < 0 && q.Start < g.e && g.s < q.End {
				gm[i], pm[j] = j, i
				break
			}
		}
	}
	relaxedPred := make([]bool, len(got.Quotes))
	for j, q := range got.Quotes {
		for _, g := range gs {
			if q.Start < g.e && g.s < q.End {
				relaxedPred[j] = true
				break
			}
		}
	}
	all := m.counts("all")
	for i, gq := range gold.Quotes {
		c := m.counts(gq.Kind)
		c.Gold++
		all.Gold++
		j := gm[i]
		if j < 0 {
			m.Problems = append(m.Problems, Problem{Doc: doc, What: "miss", Text: gq.Text, Start: gq.Start, End: gq.End, Kind: gq.Kind, Gold: deref(gq.Speaker)})
			continue
		}
		pq := got.Quotes[j]
		c.Relaxed++
		all.Relaxed++
		if exact[i] {
			c.Exact++
			all.Exact++
		} else {
			ps, pe := conv.ByteToRune(pq.Start), conv.ByteToRune(pq.End)
			m.Problems = append(m.Problems, Problem{Doc: doc, What: "offsets", Text: gq.Text, Start: gq.Start, End: gq.End, Kind: gq.Kind,
				Detail: fmt.Sprintf("got [%d,%d) %q", ps, pe, clip(pq.Text, 60))})
		}
		c.SpeakerChecked++
		all.SpeakerChecked++
		if SameSpeaker(deref(gq.Speaker), pq.Speaker) {
			c.SpeakerCorrect++
			all.SpeakerCorrect++
		} else {
			m.Problems = append(m.Problems, Problem{Doc: doc, What: "wrong speaker", Text: gq.Text, Start: gq.Start, End: gq.End, Kind: gq.Kind,
				Gold: deref(gq.Speaker), Got: pq.Speaker, Detail: "mention " + strconvQuote(pq.Mention) + " cue " + strconvQuote(pq.Cue)})
		}
		if string(pq.Kind) == gq.Kind {
			c.KindCorrect++
			all.KindCorrect++
		} else {
			m.Problems = append(m.Problems, Problem{Doc: doc, What: "wrong kind", Text: gq.Text, Start: gq.Start, End: gq.End, Kind: gq.Kind, Gold: gq.Kind, Got: string(pq.Kind)})
		}
	}
	for j, pq := range got.Quotes {
		c := m.counts(string(pq.Kind))
		c.Pred++
		all.Pred++
		if relaxedPred[j] {
			c.RelaxedPredHits++
			all.RelaxedPredHits++
		}
		if pm[j] >= 0 {
			if exact[pm[j]] {
				c.ExactPred++
				all.ExactPred++
			}
			continue
		}
		m.Problems = append(m.Problems, Problem{Doc: doc, What: "false positive", Text: pq.Text, Start: conv.ByteToRune(pq.Start), End: conv.ByteToRune(pq.End), Kind: string(pq.Kind), Got: pq.Speaker})
	}
	return m
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// WriteTable prints the metrics as a table, then every problem.
func (m Metrics) WriteTable(w io.Writer, problems bool) {
	fmt.Fprintf(w, "%-9s %5s %5s %6s %6s %6s %8s %8s %8s\n", "kind", "gold", "pred", "P", "R", "F1", "relaxF1", "speaker", "kindacc")
	for _, k := range Kinds {
		c := m.Get(k)
		if c.Gold == 0 && c.Pred == 0 && k != "all" {
			continue
		}
		fmt.Fprintf(w, "%-9s %5d %5d %6.3f %6.3f %6.3f %8.3f %8.3f %8.3f\n", k, c.Gold, c.Pred, c.Precision(), c.Recall(), c.F1(), c.RelaxedF1(), c.SpeakerAccuracy(), ratio(c.KindCorrect, c.Relaxed))
	}
	if !problems {
		return
	}
	for _, p := range m.Problems {
		switch p.What {
		case "wrong speaker":
			fmt.Fprintf(w, "%s: %s [%d,%d) %s: gold %q, got %q (%s): %q\n", p.Doc, p.What, p.Start, p.End, p.Kind, p.Gold, p.Got, p.Detail, clip(p.Text, 80))
		case "wrong kind":
			fmt.Fprintf(w, "%s: %s [%d,%d): gold %s, got %s: %q\n", p.Doc, p.What, p.Start, p.End, p.Gold, p.Got, clip(p.Text, 80))
		case "offsets":
			fmt.Fprintf(w, "%s: %s [%d,%d) %s: %s, gold %q\n", p.Doc, p.What, p.Start, p.End, p.Kind, p.Detail, clip(p.Text, 60))
		default:
			who := p.Gold
			if p.What == "false positive" {
				who = p.Got
			}
			fmt.Fprintf(w, "%s: %s [%d,%d) %s (%q): %q\n", p.Doc, p.What, p.Start, p.End, p.Kind, who, clip(p.Text, 80))
		}
	}
}
