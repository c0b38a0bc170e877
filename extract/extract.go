// Package extract finds the quotations in the raw text of a news article and
// says who said each one. It is rule based, in the manner of the published
// systems for news quote attribution: quote marks are paired by shape and
// context, each quotation is tied to a reporting cue ("said", "told
// reporters", "according to") in its sentence, and the cue's subject is
// resolved to a person or organisation the article names, through titles,
// short forms, pronouns and role nouns. It is pure: text in, plain structs
// out, with no I/O, logging or global state that changes.
package extract

import (
	"context"
	"errors"
)

// Kind tells how a quotation sits in the text.
type Kind string

// Kinds of quotation, spelt as the models package spells its quote kinds
// (ingest's tests check that they agree).
const (
	// KindDirect is reported speech given whole: “We will win,” she said.
	KindDirect Kind = "direct"
	// KindPartial is a fragment or scare quote woven into narration: he
	// called it a “disgrace”.
	KindPartial Kind = "partial"
	// KindEmbedded is a quotation reported inside someone else's account,
	// such as a message quoted in a witness statement; its speaker is the
	// original author, not the person reporting it.
	KindEmbedded Kind = "embedded"
)

// Speaker kinds, spelt as models spells them.
const (
	SpeakerPerson       = "person"
	SpeakerOrganization = "organization"
)

// Quote is one quotation found in the text and its attribution.
type Quote struct {
	// Text is the verbatim content between the quote marks: exactly
	// input[Start:End].
	Text string
	// Start and End are byte offsets into the input.
	Start, End int
	Kind       Kind
	// Placement is "headline" (the title line), "caption" (picture
	// captions, often repeated) or "body".
	Placement string
	// Speaker is the canonical name of who said it, "" if unknown or a
	// scare quote with no speaker.
	Speaker string
	// SpeakerKind is "person", "organization" or "".
	SpeakerKind string
	// Mention is the speaker as written near the quote: "he", "the head of
	// MI5", "Sir Ken".
	Mention string
	// Cue is the attribution cue as written: "said", "told reporters",
	// "according to".
	Cue string
	// Confidence is how sure the attribution is, from 0 to 1.
	Confidence float64
	// Continues is the index in Result.Quotes of the quotation this one
	// continues (a continued paragraph, or the second half of a quotation
	// split by its cue), or -1.
	Continues int
	// Context is the sentence holding the quotation, with its byte offsets.
	Context                  string
	ContextStart, ContextEnd int
	// SaidWhen is when the words were said, as written ("in August"), if
	// the sentence says.
	SaidWhen string
	// Setting is where or in what form the words were given ("speech at
	// MI5’s London headquarters", "letter"), if the sentence says.
	Setting string
}

// Speaker is one distinct speaker of the document.
type Speaker struct {
	// Name is the canonical name: the fullest form the article uses.
	Name string
	// Kind is "person" or "organization".
	Kind string
	// Role is what the article calls the speaker ("deputy national security
	// adviser"), if it says.
	Role string
	// Aliases are the other forms the article uses for the speaker ("Sir
	// Ken", "the head of MI5").
	Aliases []string
}

// Result is everything Extract finds in one document.
type Result struct {
	// Quotes are in text order and do not overlap, except that a quotation
	// nested in a reported one (“He told me ‘go home’,” she said) has a
	// record of its own right after the one that holds it.
	Quotes   []Quote
	Speakers []Speaker
}

// Extract returns every quotation in text with its speaker. It runs in time
// and memory linear in the length of text and never panics, whatever the
// input: quotations nested in reported ones get records of their own only
// two levels deep, so the quotations' texts add up to at most three times
// the length of text.
func Extract(text string) Result {
	r, _ := ExtractContext(context.Background(), text, Options{})
	return r
}

// Options bound one extraction.
type Options struct {
	// MaxQuotes, when above 0, is the most quotations (nested ones
	// included) the text may hold: a text with more is refused with
	// ErrTooManyQuotes as soon as its marks are read, before the costly
	// attribution.
	MaxQuotes int
}

// ErrTooManyQuotes says a text holds more quotations than Options.MaxQuotes.
var ErrTooManyQuotes = errors.New("extract: the text holds more quotations than the limit")

// ExtractContext is Extract with a context and options: it stops, with the
// context's error, when ctx is cancelled or its deadline passes (checking
// between paragraphs and between the stages of the analysis), and with
// ErrTooManyQuotes over opts.MaxQuotes. On error the result is empty.
func ExtractContext(ctx context.Context, text string, opts Options) (Result, error) {
	return extractWith(ctx, text, opts, defaultModel())
}

// extractWith is ExtractContext with the ranker's model m (nil: the rules
// alone decide).
func extractWith(ctx context.Context, text string, opts Options, m *Model) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	d := newDoc(text)
	d.stop = stopper{ctx: ctx, maxQuotes: opts.MaxQuotes}
	d.runRules()
	if len(d.spans) > 0 && !d.stop.stopped(0) {
		d.rank(m)
		if !d.stop.stopped(0) {
			d.addNested()
		}
	}
	err := d.stop.err
	var r Result
	if err == nil {
		r = d.result()
	}
	// A document's buffers grow with its text; only those of ordinary
	// articles go back to the pool, so that a crafted megabyte does not
	// keep a hundred megabytes alive after its request.
	if len(text) <= maxPooledText {
		d.ps.shrink()
		d.release()
	}
	return r, err
}

// maxPooledText is the longest text whose document is pooled for reuse
// (the longest article of the attribution corpora is 34 KB).
const maxPooledText = 256 << 10

// stopper ends an extraction early: on its context's end, or when the
// quotations found pass maxQuotes.
type stopper struct {
	ctx       context.Context
	maxQuotes int
	err       error
}

// stopped reports whether the extraction must end, having found n
// quotations so far, and records why.
func (st *stopper) stopped(n int) bool {
	switch {
	case st.err != nil:
	case st.maxQuotes > 0 && n > st.maxQuotes:
		st.err = ErrTooManyQuotes
	case st.ctx != nil:
		st.err = st.ctx.Err()
	}
	return st.err != nil
}
