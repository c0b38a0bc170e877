// Package ingest turns a raw document into what the store keeps: it runs
// the extractor over the text and converts its byte offsets and per-document
// speakers into the store's ingest request. It holds no state and does no
// I/O, so the HTTP handlers, the import command and tests share one path.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/whosaid/whosaid/extract"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// FromText extracts the quotes in src's text and returns the request that
// stores src with them, within the limits of models/limits.go: a
// text over models.MaxSourceBytes is errs.TooLarge and one holding more
// than models.MaxQuotesPerSource quotations errs.Unprocessable, both naming
// the field "text"; a quotation longer than models.MaxQuoteChars is left
// out, as no reported speech runs that long (such a span is a stray mark
// running on to the end of a paragraph). It stops with ctx's error when
// ctx ends. Time and memory are linear in the length of the text.
func FromText(ctx context.Context, src store.SourceInput) (store.IngestInput, error) {
	if err := models.CheckTextSize(src.Text); err != nil {
		return store.IngestInput{}, err
	}
	res, err := extract.ExtractContext(ctx, src.Text, extract.Options{MaxQuotes: models.MaxQuotesPerSource})
	switch {
	case errors.Is(err, extract.ErrTooManyQuotes):
		return store.IngestInput{}, models.TooManyQuotes()
	case err != nil:
		return store.IngestInput{}, fmt.Errorf("extract: %w", err)
	}
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
		if name := visible(q.Speaker); name != "" && !known[name] {
			known[name] = true
			in.Speakers = append(in.Speakers, store.IngestSpeaker{Name: name, Kind: q.SpeakerKind})
		}
	}
	return in, nil
}

// Speakers converts the extractor's per-document speakers.
func Speakers(res extract.Result) []store.IngestSpeaker {
	out := make([]store.IngestSpeaker, 0, len(res.Speakers))
	for _, sp := range res.Speakers {
		if sp.Name == "" {
			continue
		}
		aliases := make([]string, len(sp.Aliases))
		for i, a := range sp.Aliases {
			aliases[i] = visible(a)
		}
		out = append(out, store.IngestSpeaker{Name: visible(sp.Name), Kind: sp.Kind, Description: visible(sp.Role), Aliases: aliases})
	}
	return out
}

// visible drops from a name as the article wrote it the characters a
// name may not hold (models.Hidden: controls, bidi and other invisible
// formatting), which would otherwise refuse the whole article. Names are
// not quotations: the quote text itself stays verbatim.
func visible(name string) string {
	if strings.IndexFunc(name, models.Hidden) < 0 {
		return name
	}
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if models.Hidden(r) {
			return ' '
		}
		return r
	}, name)), " ")
}

// Quotes converts the extractor's quotes, with offsets counted in
// characters as the store keeps them (converted in one pass over the
// text), leaving out those longer than models.MaxQuoteChars.
func Quotes(text string, res extract.Result) []store.IngestQuote {
	conv := extract.NewOffsetConverter(text)
	out := make([]store.IngestQuote, 0, len(res.Quotes))
	newIdx := make([]int, len(res.Quotes)) // index in out, -1 when left out
	for i, q := range res.Quotes {
		newIdx[i] = -1
		start, end := conv.ByteToRune(q.Start), conv.ByteToRune(q.End)
		if end-start > models.MaxQuoteChars {
			continue
		}
		iq := store.IngestQuote{
			Text: q.Text, Start: start, End: end, Speaker: visible(q.Speaker),
			Kind: string(q.Kind), Placement: q.Placement, Cue: q.Cue, Context: q.Context,
			SaidWhen: q.SaidWhen, Setting: q.Setting, Confidence: clamp01(q.Confidence),
		}
		if q.Continues >= 0 && q.Continues < i && newIdx[q.Continues] >= 0 {
			c := newIdx[q.Continues]
			iq.Continues = &c
		}
		newIdx[i] = len(out)
		out = append(out, iq)
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
