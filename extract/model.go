package extract

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// Model is the speaker ranker's weights: one per feature for choosing
// among a quotation's candidates, one per confidence feature for judging
// how likely the choice is right, and the confidence below which the
// ranker gives no speaker.
type Model struct {
	w, cw     []float64
	Threshold float64
}

// modelFile is the JSON form of a Model: weights by feature name, so that
// a file stays readable and survives features being added.
type modelFile struct {
	Threshold  float64            `json:"threshold"`
	Weights    map[string]float64 `json:"weights"`
	Confidence map[string]float64 `json:"confidence"`
}

// ParseModel reads a weights file. Unknown feature names are an error
// (a file for another version of the features); missing ones weigh 0.
// A file without weights gives a nil model: the rules alone decide.
func ParseModel(b []byte) (*Model, error) {
	var mf modelFile
	if err := json.Unmarshal(b, &mf); err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if len(mf.Weights) == 0 {
		return nil, nil
	}
	m := &Model{Threshold: mf.Threshold}
	var err error
	if m.w, err = byName(FeatureNames(), mf.Weights); err != nil {
		return nil, err
	}
	if m.cw, err = byName(ConfidenceNames(), mf.Confidence); err != nil {
		return nil, err
	}
	return m, nil
}

func byName(names []string, ws map[string]float64) ([]float64, error) {
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	out := make([]float64, len(names))
	for n, w := range ws {
		i, ok := idx[n]
		if !ok {
			return nil, fmt.Errorf("weights: unknown feature %q", n)
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("weights: feature %q is not a number", n)
		}
		out[i] = w
	}
	return out, nil
}

func toNames(names []string, w []float64) map[string]float64 {
	out := map[string]float64{}
	for i, n := range names {
		if w[i] != 0 {
			out[n] = w[i]
		}
	}
	return out
}

// NewModel makes a model from ranking weights in FeatureNames order and
// confidence weights in ConfidenceNames order (nil: none).
func NewModel(w, cw []float64, threshold float64) *Model {
	if len(w) != nFeat || cw != nil && len(cw) != nConf {
		panic("extract: NewModel: wrong number of weights")
	}
	if cw == nil {
		cw = make([]float64, nConf)
	}
	return &Model{w: append([]float64(nil), w...), cw: append([]float64(nil), cw...), Threshold: threshold}
}

// MarshalJSON writes the weights file, zeros left out.
func (m *Model) MarshalJSON() ([]byte, error) {
	return json.MarshalIndent(modelFile{Threshold: m.Threshold, Weights: toNames(FeatureNames(), m.w),
		Confidence: toNames(ConfidenceNames(), m.cw)}, "", "  ")
}

// Weights returns a copy of the ranking weights in FeatureNames order.
func (m *Model) Weights() []float64 { return append([]float64(nil), m.w...) }

//go:embed weights.json
var weightsJSON []byte

// defaultModel is the ranker learned from the training corpus, shipped in
// the binary; it is read on first use, so that commands which extract
// nothing (healthcheck, keys) do not pay for decoding it.
var defaultModel = sync.OnceValue(func() *Model {
	m, err := ParseModel(weightsJSON)
	if err != nil {
		panic(err) // a bad embedded file is a build mistake; tests catch it
	}
	return m
})

// Feature is one feature of a candidate, for training.
type Feature struct {
	ID    int
	Value float64
}

// Candidate is one possible speaker of a quotation, for training.
type Candidate struct {
	Name     string
	Features []Feature
}

// CandidateQuote is a quotation and its speaker candidates, as the ranker
// sees them before it chooses.
type CandidateQuote struct {
	Start, End int
	Candidates []Candidate
	// RulesStand says the extractor keeps the rules' reading of this
	// quotation without asking the model (a cue right beside it, …).
	RulesStand bool
}

// Candidates runs the extraction up to the ranker and returns each
// quotation's candidates with their features: what `whosaid train`
// learns from.
func Candidates(text string) []CandidateQuote {
	d := newDoc(text)
	defer d.release()
	d.runRules()
	var out []CandidateQuote
	need := make([]bool, len(d.spans))
	for q := range need {
		need[q] = true
	}
	d.rankQuotes(need, func(qc *quoteCands) {
		sp := d.spans[qc.q]
		cq := CandidateQuote{Start: sp.start, End: sp.end, RulesStand: d.rulesStand(qc.q)}
		for k, c := range qc.cands {
			cd := Candidate{Name: d.rcands[c].display}
			if d.rcands[c].kind == SpeakerPerson && allCaps(cd.Name) {
				cd.Name = titleCaseWords(cd.Name)
			}
			for _, f := range qc.feat(k) {
				cd.Features = append(cd.Features, Feature{ID: int(f.id), Value: float64(f.v)})
			}
			cq.Candidates = append(cq.Candidates, cd)
		}
		out = append(out, cq)
	})
	return out
}

// ExtractWith is Extract with the given ranker model (nil: the rules
// alone decide).
func ExtractWith(text string, m *Model) Result {
	r, _ := extractWith(context.Background(), text, Options{}, m)
	return r
}

// Choice is the ranker's decision for one quotation: the chosen
// candidate, its probability among the candidates, and the confidence
// features describing the decision.
type Choice struct {
	Best int
	P    float64
	Conf []Feature
}

// Choose ranks a quotation's candidates with the model's ranking weights
// and describes the decision with confidence features, as the extractor
// does (for training).
func (m *Model) Choose(cands [][]Feature) Choice {
	var all featVec
	off := []int{0}
	for _, f := range cands {
		for _, x := range f {
			all = append(all, featVal{int32(x.ID), float32(x.Value)})
		}
		off = append(off, len(all))
	}
	qc := quoteCands{cands: make([]int, len(cands)), off: off, feats: all}
	best, p, margin := m.choose(&qc)
	ch := Choice{Best: best, P: p}
	for _, x := range confFeats(nil, p, margin, len(cands), qc.feat(best)) {
		ch.Conf = append(ch.Conf, Feature{ID: int(x.id), Value: float64(x.v)})
	}
	return ch
}

// choose returns the best candidate of qc, its probability and its
// margin over the second best.
func (m *Model) choose(qc *quoteCands) (best int, p, margin float64) {
	bestS, second := math.Inf(-1), math.Inf(-1)
	n := len(qc.off) - 1
	for k := 0; k < n; k++ {
		s := m.score(qc.feat(k))
		if s > bestS {
			best, bestS, second = k, s, bestS
		} else if s > second {
			second = s
		}
	}
	z := 0.0
	for k := 0; k < n; k++ {
		z += math.Exp(m.score(qc.feat(k)) - bestS)
	}
	return best, 1 / z, bestS - second
}

func (m *Model) score(f featVec) float64 {
	s := 0.0
	for _, x := range f {
		s += m.w[x.id] * float64(x.v)
	}
	return s
}

// Confidence is the probability, by the confidence weights, that a
// decision described by conf is right.
func (m *Model) Confidence(conf []Feature) float64 {
	s := 0.0
	for _, x := range conf {
		s += m.cw[x.ID] * x.Value
	}
	return 1 / (1 + math.Exp(-s))
}

// confidence is Confidence of confFeats(p, margin, n, best), without
// building the features.
func (m *Model) confidence(p, margin float64, n int, best featVec) float64 {
	var buf [4]featVal
	s := 0.0
	for _, x := range confFeats(buf[:0], p, margin, n, nil) {
		s += m.cw[x.id]
	}
	for _, x := range best {
		s += m.cw[cFeat+int(x.id)] * float64(x.v)
	}
	return 1 / (1 + math.Exp(-s))
}

// DefaultModel is the model Extract uses: the weights shipped in the
// binary (nil when none are).
func DefaultModel() *Model { return defaultModel() }
