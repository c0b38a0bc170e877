package factcheck

// Verdict is the answer to "did this speaker say this?".
type Verdict string

// The verdicts.
const (
	// Verified: the speaker said it, exactly or equal after normalising
	// case, punctuation, quote marks and white space (an ellipsis in the
	// claim standing for words left out).
	Verified Verdict = "verified"
	// Altered: the speaker said something close; the diff shows what
	// changed.
	Altered Verdict = "altered"
	// Misattributed: the words were said, but by someone else.
	Misattributed Verdict = "misattributed"
	// Partial: the claim stitches a real quote to words never said, or is
	// only a fragment of what was said.
	Partial Verdict = "partial"
	// NotFound: nothing in the record comes close. That is not proof it
	// was never said.
	NotFound Verdict = "not_found"
)

// Candidate is one stored quote compared with the claim.
type Candidate struct {
	Match Match
	// BySpeaker says how surely the quote's speaker is the one the claim
	// names: 0 when it is someone else (or the quote has no speaker), 1
	// when a name or alias matches exactly, between for a fuzzy match.
	BySpeaker float64
}

// Decision is the verdict over a set of candidates.
type Decision struct {
	Verdict Verdict
	// Best is the index of the candidate the verdict rests on, -1 for
	// none.
	Best int
	// Confidence is how sure the verdict is, 0 to 1.
	Confidence float64
	// Reason says in a sentence why, for people.
	Reason string
}

// level orders how well a quote supports a claim.
type level int

const (
	levelNone level = iota
	levelClose
	levelStitched
	levelFragment
	levelExact
)

func levelOf(m Match) level {
	switch {
	case m.Exact && !m.Fragment:
		return levelExact
	case m.Exact:
		return levelFragment
	case m.Stitched:
		return levelStitched
	case m.Close():
		return levelClose
	}
	return levelNone
}

// pick returns the index of the best candidate (highest level, then score,
// then speaker certainty) among those keep accepts, or -1.
func pick(cs []Candidate, keep func(Candidate) bool) int {
	best := -1
	for i, c := range cs {
		if !keep(c) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := cs[best]
		li, lb := levelOf(c.Match), levelOf(b.Match)
		switch {
		case li != lb:
			if li > lb {
				best = i
			}
		case c.Match.Score != b.Match.Score:
			if c.Match.Score > b.Match.Score {
				best = i
			}
		case c.BySpeaker > b.BySpeaker:
			best = i
		}
	}
	return best
}

// Decide gives the verdict on a claim from its candidate quotes.
// speakerClaimed says whether the claim names a speaker; when it does not,
// any speaker will do and the verdict is never Misattributed.
func Decide(speakerClaimed bool, cs []Candidate) Decision {
	by := func(c Candidate) bool { return !speakerClaimed || c.BySpeaker > 0 }
	other := func(c Candidate) bool { return speakerClaimed && c.BySpeaker == 0 }
	s, o := pick(cs, by), pick(cs, other)
	ls, lo := levelNone, levelNone
	var ss, so, sure float64
	if s >= 0 {
		ls, ss = levelOf(cs[s].Match), cs[s].Match.Score
		sure = cs[s].BySpeaker
		if !speakerClaimed {
			sure = 1
		}
	}
	if o >= 0 {
		lo, so = levelOf(cs[o].Match), cs[o].Match.Score
	}
	switch {
	case ls == levelExact:
		return Decision{Verified, s, sure, "the speaker said these words"}
	case lo == levelExact:
		return Decision{Misattributed, o, 1, "these words were said, but by someone else"}
	case lo >= levelClose && so >= ss+0.25:
		return Decision{Misattributed, o, so, "someone else said words close to these"}
	case ls == levelFragment:
		return Decision{Partial, s, sure, "the words were said, but they are only a fragment of what was said"}
	case ls == levelStitched:
		return Decision{Partial, s, sure * ss, "part of the claim was said; the rest of it was not"}
	case ls == levelClose:
		return Decision{Altered, s, sure * ss, "the speaker said something close to this, in other words"}
	case lo >= levelClose:
		return Decision{Misattributed, o, so, "someone else said words close to these"}
	}
	return Decision{NotFound, -1, 0, "nothing in the record comes close to this claim; that is not proof it was never said, only that none of the sources stored here reports it"}
}
