package learn

import (
	"fmt"

	"github.com/whosaid/whosaid/extract"
)

// Figures are the scorer's totals over a corpus, with the speaker errors
// split into abstentions (no speaker) and wrong names.
type Figures struct {
	Gold, Pred, Matched int
	SpeakerN, SpeakerOK int
	Abstained, Wrong    int
	E2E                 int
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(tp, pred, gold int) float64 {
	p, r := ratio(tp, pred), ratio(tp, gold)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SpanF1 is the F1 of quotation spans.
func (f Figures) SpanF1() float64 { return f1(f.Matched, f.Pred, f.Gold) }

// SpeakerAccuracy is the share of matched quotations with a named gold
// speaker whose predicted speaker is right.
func (f Figures) SpeakerAccuracy() float64 { return ratio(f.SpeakerOK, f.SpeakerN) }

// EndToEndF1 counts a match only when its speaker is right too (or the
// gold has no named speaker).
func (f Figures) EndToEndF1() float64 { return f1(f.E2E, f.Pred, f.Gold) }

// WrongShare is the share of speaker errors that name the wrong speaker
// rather than none.
func (f Figures) WrongShare() float64 { return ratio(f.Wrong, f.Wrong+f.Abstained) }

func (f Figures) String() string {
	return fmt.Sprintf("span P %.3f R %.3f F1 %.3f | speaker acc %.3f (%d/%d; errors: %d no speaker, %d wrong name) | end-to-end F1 %.3f",
		ratio(f.Matched, f.Pred), ratio(f.Matched, f.Gold), f.SpanF1(), f.SpeakerAccuracy(), f.SpeakerOK, f.SpeakerN,
		f.Abstained, f.Wrong, f.EndToEndF1())
}

// Score runs extraction with model m (nil: the rules alone) over the
// articles and scores it as the project's scorer does, in byte offsets.
func Score(arts []Article, m *extract.Model) Figures {
	var f Figures
	for _, a := range arts {
		res := extract.ExtractWith(a.Text, m)
		preds := make([]Span, len(res.Quotes))
		for i, q := range res.Quotes {
			preds[i] = Span{q.Start, q.End}
		}
		mt := match(preds, a.Targets)
		fp := 0
		for i, q := range res.Quotes {
			j := mt[i]
			if j < 0 {
				if q.Kind == extract.KindPartial || overlapsIgnored(preds[i], a.Ignored) {
					continue
				}
				fp++
				continue
			}
			f.Matched++
			g := a.Targets[j].Gold
			ok := SpeakerOK(q.Speaker, g)
			named := g.Speaker != nil && *g.Speaker != ""
			if named {
				f.SpeakerN++
				switch {
				case ok:
					f.SpeakerOK++
				case q.Speaker == "":
					f.Abstained++
				default:
					f.Wrong++
				}
			}
			if ok || !named {
				f.E2E++
			}
		}
		f.Gold += len(a.Targets)
		f.Pred += fp
	}
	f.Pred += f.Matched
	return f
}

func overlapsIgnored(p Span, ign []Span) bool {
	for _, g := range ign {
		if iou(p, g) >= 0.5 || g.Start <= p.Start && p.End <= g.End {
			return true
		}
	}
	return false
}
