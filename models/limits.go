package models

import (
	"fmt"

	"github.com/whosaid/whosaid/errs"
)

// Limits on one source and what is stored with it, stated here once. The
// API documents them and refuses input over them (413 for the text, 422
// for the quotations found in it), ingest keeps extraction within them,
// and the store's Ingest refuses anything over them, so a stored source
// never holds more whatever path it came by.
const (
	// MaxSourceBytes bounds a source's text, in bytes.
	MaxSourceBytes = 2 << 20
	// MaxQuotesPerSource bounds the quotations stored with one source,
	// nested ones included. Real articles hold tens (the most in the
	// 924 articles of the attribution corpora is 82); a text with
	// thousands is a list, a transcript or crafted.
	MaxQuotesPerSource = 2000
	// MaxQuoteChars bounds one quotation's text, in characters (code
	// points), for quotes created by hand and extracted alike.
	MaxQuoteChars = 10000
)

// CheckTextSize returns errs.TooLarge naming the field "text" when text is
// over MaxSourceBytes, else nil.
func CheckTextSize(text string) error {
	if len(text) <= MaxSourceBytes {
		return nil
	}
	return &errs.Error{Kind: errs.TooLarge,
		Message: fmt.Sprintf("the text is %d bytes; at most %d are accepted", len(text), MaxSourceBytes),
		Fields:  []errs.FieldError{{Field: "text", Message: fmt.Sprintf("must be at most %d bytes", MaxSourceBytes)}}}
}

// TooManyQuotes is the errs.Unprocessable error, naming the field "text",
// for a text that holds more than MaxQuotesPerSource quotations.
func TooManyQuotes() error {
	return &errs.Error{Kind: errs.Unprocessable,
		Message: fmt.Sprintf("the text holds more than %d quotations, the most stored with one source", MaxQuotesPerSource),
		Fields:  []errs.FieldError{{Field: "text", Message: fmt.Sprintf("holds more than %d quotations (the limit per source)", MaxQuotesPerSource)}}}
}

// Limits on the fields of what is stored, in characters (code points)
// unless said otherwise. The handlers check them on the way in and the
// store again before it writes.
const (
	// MaxNameChars bounds a name: a speaker's name or alias, a source's
	// outlet or author, a slug, a role, a reviewer.
	MaxNameChars = 200
	// MaxTitleChars bounds a source's title (headlines run long).
	MaxTitleChars = 1000
	// MaxShortChars bounds a quote's cue, setting and "said when".
	MaxShortChars = 200
	// MaxContextChars bounds a quote's context.
	MaxContextChars = 5000
	// MaxDescriptionChars bounds a description or a review's note.
	MaxDescriptionChars = 2000
	// MaxURLBytes bounds a URL, in bytes.
	MaxURLBytes = 2048
)
