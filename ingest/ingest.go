// Package ingest turns a raw document into what the store keeps: it runs
// the extractor over the text and converts its byte offsets and per-document
// speakers into the store's ingest request. It holds no state and does no
// I/O, so the HTTP handlers, the import command and tests share one path.
package ingest

import (
	"unicode/utf8"

	"github.com/whosaid/whosaid/extract"
	"github.com/whosaid/whosaid/store"
)

// FromText extracts the quotes in src's text and returns the request that
// stores src with them.
func FromText(src store.SourceInput) store.IngestInput {
	res := extract.Extract(src.Text)
	in := store.IngestInput{Source: src, Speakers: Speakers(res), Quotes: Quotes(src.Text, res)}
	// Every quote's speaker must be one of the request's speakers; the
	// extractor names them all, but a quote never loses its speaker if not.
	known := map[string]bool{}
	for _, sp := range in.Speakers {
		known[sp.Name] = true
		for _, a := range sp.Aliases {
			known[a] = true
		}
	}
	for _, q := range res.Quotes {
		if q.Speaker != "" && !known[q.Speaker] {
			known[q.Speaker] = true
			in.Speakers = append(in.Speakers, store.IngestSpeaker{Name: q.Speaker, Kind: q.SpeakerKind})
		}
	}
	return in
}

// Speakers converts the extractor's per-document speakers.
func Speakers(res extract.Result) []store.IngestSpeaker {
	out := make([]store.IngestSpeaker, 0, len(res.Speakers))
	for _, sp := range res.Speakers {
		if sp.Name == "" {
			continue
		}
		out = append(out, store.IngestSpeaker{Name: sp.Name, Kind: sp.Kind, Description: sp.Role, Aliases: sp.Aliases})
	}
	return out
}

// Quotes converts the extractor's quotes, with offsets counted in
// characters as the store keeps them.
func Quotes(text string, res extract.Result) []store.IngestQuote {
	conv := newRuneCounter(text)
	out := make([]store.IngestQuote, len(res.Quotes))
	for i, q := range res.Quotes {
		iq := store.IngestQuote{
			Text: q.Text, Start: conv.at(q.Start), End: conv.at(q.End), Speaker: q.Speaker,
			Kind: string(q.Kind), Placement: q.Placement, Cue: q.Cue, Context: q.Context,
			SaidWhen: q.SaidWhen, Setting: q.Setting, Confidence: clamp01(q.Confidence),
		}
		if q.Continues >= 0 && q.Continues < i {
			c := q.Continues
			iq.Continues = &c
		}
		out[i] = iq
	}
	return out
}

func clamp01(f float64) float64 {
	switch {
	case f < 0:
		return 0
	case f > 1:
		return 1
	}
	return f
}

// runeCounter converts byte offsets to character offsets. Offsets asked in
// increasing order cost O(total length); others restart from the start.
type runeCounter struct {
	text      string
	byteAt    int
	runesUpTo int
}

func newRuneCounter(text string) *runeCounter { return &runeCounter{text: text} }

func (c *runeCounter) at(b int) int {
	if b < c.byteAt {
		c.byteAt, c.runesUpTo = 0, 0
	}
	c.runesUpTo += utf8.RuneCountInString(c.text[c.byteAt:b])
	c.byteAt = b
	return c.runesUpTo
}
