package learn

import (
	"math"
	"math/rand/v2"

	"github.com/whosaid/whosaid/extract"
)

// Example is one quotation of the training corpus: its candidates'
// features and which of them the gold accepts.
type Example struct {
	Doc   int // the article's index
	Feats [][]extract.Feature
	Pos   []bool
	AnyOK bool
}

// Examples turns articles into training examples: every quotation that
// matches a gold quotation with a named speaker and that the extractor
// asks the model about (not those whose rules' reading stands), so that
// the model learns the cases it decides.
func Examples(arts []Article) []Example {
	return examples(arts, false)
}

// examples is Examples; with all, the quotations whose rules' reading
// stands are included too.
func examples(arts []Article, all bool) []Example {
	var out []Example
	for di, a := range arts {
		cqs := extract.Candidates(a.Text)
		preds := make([]Span, len(cqs))
		for i, q := range cqs {
			preds[i] = Span{q.Start, q.End}
		}
		mt := match(preds, a.Targets)
		for i, q := range cqs {
			j := mt[i]
			if j < 0 || q.RulesStand && !all {
				continue
			}
			g := a.Targets[j].Gold
			if g.Speaker == nil || *g.Speaker == "" {
				continue
			}
			ex := Example{Doc: di}
			for _, c := range q.Candidates {
				ok := SpeakerOK(c.Name, g)
				ex.Feats = append(ex.Feats, c.Features)
				ex.Pos = append(ex.Pos, ok)
				ex.AnyOK = ex.AnyOK || ok
			}
			out = append(out, ex)
		}
	}
	return out
}

// Options are the training settings; the zero value is replaced by the
// defaults, which are what the committed weights were trained with.
type Options struct {
	Epochs int
	Rate   float64 // AdaGrad's learning rate
	L2     float64
	Seed   uint64
	Folds  int // cross-fitting folds for the confidence model
	// WrongCost is what a wrong name costs against the gain of one
	// right name: the threshold is the confidence above which the
	// cross-fitted choices on the training set gain most.
	WrongCost float64
}

func (o Options) withDefaults() Options {
	if o.Epochs == 0 {
		o.Epochs = 10
	}
	if o.Rate == 0 {
		o.Rate = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.WrongCost == 0 {
		o.WrongCost = 1
	}
	return o
}

// Train fits the ranker and its confidence model. The ranker is a softmax
// over each quotation's candidates, fitted by AdaGrad on the likelihood of
// the gold-accepted candidates. The confidence model is a logistic
// regression of whether the ranker's choice is right, fitted on choices
// the ranker made for articles it was not trained on (cross-fitting by
// article), so that it learns how the ranker errs on unseen text. The
// order is fixed by the seed: the same corpus gives the same weights.
func Train(exs []Example, opt Options) *extract.Model {
	opt = opt.withDefaults()
	w := fitRanker(exs, func(int) bool { return true }, opt)
	var confX [][]extract.Feature
	var confY []bool
	type held struct {
		conf     []extract.Feature
		ok       bool
		fallback float64 // what the rules' reading gains when the ranker defers
	}
	var heldOut []held
	for k := 0; k < opt.Folds; k++ {
		wk := fitRanker(exs, func(doc int) bool { return doc%opt.Folds != k }, opt)
		mk := extract.NewModel(wk, nil, 0)
		for _, ex := range exs {
			if ex.Doc%opt.Folds != k {
				continue
			}
			if len(ex.Feats) == 0 {
				continue // no candidate: no speaker, whatever the threshold
			}
			ch := mk.Choose(ex.Feats)
			confX = append(confX, ch.Conf)
			confY = append(confY, ex.Pos[ch.Best])
			heldOut = append(heldOut, held{ch.Conf, ex.Pos[ch.Best], fallbackGain(ex, opt.WrongCost)})
		}
	}
	cw := fitLogistic(confX, confY, len(extract.ConfidenceNames()), opt)
	m := extract.NewModel(w, cw, 0)
	// The threshold: a right name counts one, a wrong name minus one (a
	// fact-checker is worse off with a wrong name than with none), no
	// name nothing; below the threshold the extractor defers to the
	// rules' cued reading, or gives no name. The threshold is the
	// confidence at which the held-out quotations gain most.
	probs := make([]float64, len(heldOut))
	for i, h := range heldOut {
		probs[i] = m.Confidence(h.conf)
	}
	best := math.Inf(-1)
	for t := 0.0; t < 0.95; t += 0.01 {
		gain := 0.0
		for i, h := range heldOut {
			switch {
			case probs[i] < t:
				gain += h.fallback
			case h.ok:
				gain++
			default:
				gain -= opt.WrongCost
			}
		}
		if gain > best {
			best, m.Threshold = gain, math.Round(t*100)/100
		}
	}
	return m
}

// deferred are the rules' paths whose reading stands when the ranker is
// unsure (extract's rank): a cue, a colon, a trailing cue, the quotation
// before.
var deferred = []string{"rule_path_cue", "rule_path_colon", "rule_path_trailing", "rule_path_prevquote"}

// fallbackGain is what an example gains when the ranker defers: the
// rules' candidate, when a deferred path chose it, is right (1) or wrong
// (-wrongCost); otherwise the quotation gets no name (0).
func fallbackGain(ex Example, wrongCost float64) float64 {
	ids := map[string]int{}
	for i, n := range extract.FeatureNames() {
		ids[n] = i
	}
	for k, f := range ex.Feats {
		rule, path := false, false
		for _, x := range f {
			if x.ID == ids["rule"] {
				rule = true
			}
			for _, d := range deferred {
				if x.ID == ids[d] {
					path = true
				}
			}
		}
		if rule && path {
			if ex.Pos[k] {
				return 1
			}
			return -wrongCost
		}
	}
	return 0
}

// fitRanker fits the ranking weights on the examples of the documents
// use accepts.
func fitRanker(exs []Example, use func(doc int) bool, opt Options) []float64 {
	n := len(extract.FeatureNames())
	w := make([]float64, n)
	g2 := make([]float64, n)
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	order := make([]int, 0, len(exs))
	for i, ex := range exs {
		if ex.AnyOK && len(ex.Feats) > 1 && use(ex.Doc) {
			order = append(order, i)
		}
	}
	grad := make([]float64, n)
	touched := make([]int, 0, 64)
	var probs []float64
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := exs[i]
			probs = softmax(w, ex.Feats, probs[:0])
			zPos := 0.0
			for k, p := range probs {
				if ex.Pos[k] {
					zPos += p
				}
			}
			touched = touched[:0]
			for k, f := range ex.Feats {
				q := 0.0
				if ex.Pos[k] {
					q = probs[k] / zPos
				}
				touched = accumulate(grad, touched, f, probs[k]-q)
			}
			adagrad(w, g2, grad, touched, opt)
		}
	}
	return w
}

// accumulate adds g times the features f to grad, listing the ids it
// touches for the first time.
func accumulate(grad []float64, touched []int, f []extract.Feature, g float64) []int {
	for _, x := range f {
		if grad[x.ID] == 0 {
			touched = append(touched, x.ID)
		}
		grad[x.ID] += g * x.Value
		if grad[x.ID] == 0 {
			grad[x.ID] = 1e-300 // keep it listed
		}
	}
	return touched
}

// adagrad takes one step on the touched weights and clears their
// gradient.
func adagrad(w, g2, grad []float64, touched []int, opt Options) {
	for _, id := range touched {
		gr := grad[id] + opt.L2*w[id]
		g2[id] += gr * gr
		w[id] -= opt.Rate * gr / (math.Sqrt(g2[id]) + 1e-8)
		grad[id] = 0
	}
}

// fitLogistic fits a logistic regression of y on x by AdaGrad.
func fitLogistic(x [][]extract.Feature, y []bool, n int, opt Options) []float64 {
	w := make([]float64, n)
	g2 := make([]float64, n)
	grad := make([]float64, n)
	rng := rand.New(rand.NewPCG(opt.Seed+1, opt.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	touched := make([]int, 0, 64)
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			s := 0.0
			for _, f := range x[i] {
				s += w[f.ID] * f.Value
			}
			p := 1 / (1 + math.Exp(-s))
			t := 0.0
			if y[i] {
				t = 1
			}
			touched = accumulate(grad, touched[:0], x[i], p-t)
			adagrad(w, g2, grad, touched, opt)
		}
	}
	return w
}

func softmax(w []float64, feats [][]extract.Feature, out []float64) []float64 {
	best := math.Inf(-1)
	for _, f := range feats {
		s := 0.0
		for _, x := range f {
			s += w[x.ID] * x.Value
		}
		out = append(out, s)
		best = max(best, s)
	}
	z := 0.0
	for k, s := range out {
		out[k] = math.Exp(s - best)
		z += out[k]
	}
	for k := range out {
		out[k] /= z
	}
	return out
}

// CrossValidate is the share of examples whose right speaker the ranker
// ranks first when fitted on the other folds' articles: the figure to
// choose training settings by without looking at the dev split.
func CrossValidate(exs []Example, opt Options) float64 {
	opt = opt.withDefaults()
	right, n := 0, 0
	for k := 0; k < opt.Folds; k++ {
		mk := extract.NewModel(fitRanker(exs, func(doc int) bool { return doc%opt.Folds != k }, opt), nil, 0)
		for _, ex := range exs {
			if ex.Doc%opt.Folds != k || len(ex.Feats) == 0 {
				continue
			}
			n++
			if ex.Pos[mk.Choose(ex.Feats).Best] {
				right++
			}
		}
	}
	return ratio(right, n)
}
