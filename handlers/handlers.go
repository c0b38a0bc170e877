// Package handlers holds whosaid's HTTP handlers and their wire types.
//
// Each resource has a struct that holds exactly the dependencies its
// handlers need (a narrow store interface declared here, where it is used),
// and each handler is a method that returns an error instead of writing
// one: the api package turns every error into an RFC 9457 problem document
// in one place. Handlers parse and check the HTTP shape of a request (query
// parameters, path ids, JSON bodies), convert it to the store's domain
// inputs and pass the request's context down; the store enforces the domain
// rules and reports violations as *errs.Error values naming the field.
package handlers

import (
	"context"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// QuoteStore is what the quote handlers need from storage. Methods return
// errs.NotFound for unknown ids, errs.Invalid naming the bad field (the
// cursor included) and errs.Conflict when the write clashes with stored
// state; any other error is internal.
type QuoteStore interface {
	// ListQuotes returns one page of quotes matching f, with speaker and
	// source (without its text) loaded.
	ListQuotes(ctx context.Context, f store.QuoteFilter) (store.QuotePage, error)
	// GetQuote returns one quote with its speaker (and aliases) and source.
	GetQuote(ctx context.Context, id int64) (models.Quote, error)
	// CreateQuote stores a quote found in an already stored source.
	CreateQuote(ctx context.Context, in store.QuoteInput) (models.Quote, error)
	// UpdateQuote changes the fields p sets and returns the updated quote.
	UpdateQuote(ctx context.Context, id int64, p store.QuotePatch) (models.Quote, error)
	// DeleteQuote removes a quote.
	DeleteQuote(ctx context.Context, id int64) error
}

// SpeakerStore is what the speaker handlers need from storage. Errors are
// as for QuoteStore; DeleteSpeaker returns errs.Conflict while the speaker
// still has quotes.
type SpeakerStore interface {
	// ListSpeakers returns one page of speakers with their aliases and
	// quote counts.
	ListSpeakers(ctx context.Context, f store.SpeakerFilter) (store.SpeakerPage, error)
	// GetSpeaker returns a speaker by numeric id or slug, with aliases.
	GetSpeaker(ctx context.Context, ref string) (models.Speaker, error)
	// CreateSpeaker stores a new speaker and its aliases.
	CreateSpeaker(ctx context.Context, in store.SpeakerInput) (models.Speaker, error)
	// UpdateSpeaker changes the fields p sets.
	UpdateSpeaker(ctx context.Context, id int64, p store.SpeakerPatch) (models.Speaker, error)
	// DeleteSpeaker removes a speaker that has no quotes.
	DeleteSpeaker(ctx context.Context, id int64) error
	// AddAlias gives a speaker one more name.
	AddAlias(ctx context.Context, speakerID int64, name string) (models.Alias, error)
	// RemoveAlias removes one of a speaker's names.
	RemoveAlias(ctx context.Context, speakerID, aliasID int64) error
	// ListQuotes lists quotes; the speaker handlers use it for a
	// speaker's quotes.
	ListQuotes(ctx context.Context, f store.QuoteFilter) (store.QuotePage, error)
}

// SourceStore is what the source handlers need from storage. Errors are as
// for QuoteStore.
type SourceStore interface {
	// ListSources returns one page of sources without their text.
	ListSources(ctx context.Context, f store.SourceFilter) (store.SourcePage, error)
	// GetSource returns a source with its text and its quotes (each with
	// its speaker).
	GetSource(ctx context.Context, id int64) (models.Source, []models.Quote, error)
	// Ingest stores a source with the speakers and quotes found in it, or
	// returns the stored one (Created false) when the same document is
	// already there.
	Ingest(ctx context.Context, in store.IngestInput) (store.IngestResult, error)
	// UpdateSource changes a source's metadata.
	UpdateSource(ctx context.Context, id int64, p store.SourcePatch) (models.Source, error)
	// DeleteSource removes a source and its quotes.
	DeleteSource(ctx context.Context, id int64) error
}

// Pinger reports whether storage can serve requests.
type Pinger interface {
	// Ping returns an error when the database cannot be reached.
	Ping(ctx context.Context) error
}

// Extractor finds the speakers and quotes in a document's text and returns
// them ready to ingest, with offsets in characters, within the store's
// limits (models/limits.go: errs.TooLarge or errs.Unprocessable over them).
// It must stop with ctx's error when ctx ends, and be pure: no I/O, so
// that the preview endpoint needs no database.
type Extractor func(ctx context.Context, src store.SourceInput) (store.IngestInput, error)
