package store

import (
	"time"

	"github.com/whosaid/whosaid/models"
)

// MaxLimit caps every page size; DefaultLimit applies when none is given.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Quote sort orders. SortRelevance needs a full-text query.
const (
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortRelevance = "relevance"
)

// Page asks for one page of a list: at most Limit rows after the opaque
// Cursor a previous page returned ("" for the first page).
type Page struct {
	Limit  int
	Cursor string
}

// QuoteFilter selects quotes. Empty fields do not filter.
type QuoteFilter struct {
	Speaker  string // id, slug, name or any alias
	Q        string // full-text query over quote text
	SourceID int64
	Outlet   string
	From, To *time.Time // reported between, inclusive
	Kind     string
	Status   string
	Sort     string // SortNewest (default), SortOldest or SortRelevance
	Page
}

// QuoteHit is a listed quote with its search snippet, if a query asked for
// one. The quote carries its speaker and source (without the source text).
type QuoteHit struct {
	models.Quote
	// Snippet is HTML (snippetHTML): the quote's text, or a window of it,
	// escaped, with matches wrapped in <mark>…</mark>; "" without a search.
	Snippet string
}

// QuotePage is one page of quotes.
type QuotePage struct {
	Quotes []QuoteHit
	Total  int64 // rows matching the filter, across all pages
	// TotalIsEstimate says Total is a lower bound: more rows match than
	// were counted (lists count at most 1,000 unless a counter knows).
	TotalIsEstimate bool
	NextCursor      string // "" on the last page
}

// QuoteInput creates a quote. Text must occur in the source's text; Start
// and End (characters) say where when it occurs more than once.
type QuoteInput struct {
	SourceID   int64
	Text       string
	Start, End *int
	SpeakerID  *int64
	Speaker    string // a name or alias, resolved or created when SpeakerID is nil
	Context    string // derived from the source when empty
	Kind       string
	Placement  string
	Cue        string
	SaidWhen   string
	SaidOn     *string
	Setting    string
	Status     string
	Confidence *float64
}

// QuotePatch changes some fields of a quote; nil fields stay as they are.
// The text and offsets are not patchable: they are facts about the source.
type QuotePatch struct {
	SpeakerID    *int64
	ClearSpeaker bool
	Kind         *string
	Cue          *string
	SaidWhen     *string
	SaidOn       *string
	Setting      *string
	Status       *string
	Context      *string
}

// SpeakerFilter selects speakers by name or alias and kind.
type SpeakerFilter struct {
	Q    string // matches the start of any name or alias, honorific-insensitively
	Kind string
	Page
}

// SpeakerPage is one page of speakers.
type SpeakerPage struct {
	Speakers        []models.Speaker
	Total           int64
	TotalIsEstimate bool // Total is a lower bound (see QuotePage)
	NextCursor      string
}

// SpeakerInput creates a speaker.
type SpeakerInput struct {
	Name        string
	Kind        string
	Description string
	Role        string // what the speaker is or does, to tell namesakes apart
	WikidataQID *string
	Aliases     []string
}

// SpeakerPatch changes some fields of a speaker.
type SpeakerPatch struct {
	Name        *string
	Kind        *string
	Description *string
	Role        *string
	WikidataQID *string // "" clears it
}

// SourceFilter selects sources.
type SourceFilter struct {
	Q        string // words in the title or text
	Outlet   string
	From, To *time.Time
	Page
}

// SourcePage is one page of sources (without their full text).
type SourcePage struct {
	Sources         []models.Source
	Total           int64
	TotalIsEstimate bool // Total is a lower bound (see QuotePage)
	NextCursor      string
}

// SourceInput creates a source.
type SourceInput struct {
	Title       string
	Outlet      string
	URL         *string
	Author      string
	PublishedAt *time.Time
	Text        string
}

// SourcePatch changes a source's metadata. The text cannot change: quotes
// point into it.
type SourcePatch struct {
	Title            *string
	Outlet           *string
	URL              *string // "" clears it
	Author           *string
	PublishedAt      *time.Time
	ClearPublishedAt bool
}

// IngestInput stores a source with the speakers and quotes found in it, all
// in one transaction. Speakers are linked to existing ones through their
// aliases or created; quotes name their speaker by any of its names.
type IngestInput struct {
	Source   SourceInput
	Speakers []IngestSpeaker
	Quotes   []IngestQuote
}

// IngestSpeaker is a speaker as one document names it.
type IngestSpeaker struct {
	Name        string
	Kind        string
	Description string
	Aliases     []string
}

// IngestQuote is a quote found in the ingested source. Start and End count
// characters. Continues is the index, in the same input, of the quote this
// one continues.
type IngestQuote struct {
	Text       string
	Start, End int
	Speaker    string // a name of one of the input's speakers; "" for none
	Kind       string
	Placement  string
	Cue        string
	Context    string
	SaidWhen   string
	Setting    string
	Confidence float64
	Continues  *int
}

// IngestResult is what an ingest stored, or found already stored: Created
// is false when the same document (same URL or same text) was there.
type IngestResult struct {
	Source  models.Source
	Quotes  []models.Quote
	Created bool
	// Speakers says, for each speaker of the input, which stored speaker
	// it became and how sure that link is (empty when Created is false).
	Speakers []SpeakerLink
}

// How a document's speaker was matched to a stored one.
const (
	LinkCreated  = "created"  // no stored speaker had any of its names
	LinkName     = "name"     // its full name is a stored speaker's name or alias
	LinkAlias    = "alias"    // another of its multi-word names is
	LinkNickname = "nickname" // only with another form of the first name ("Chris" for "Christopher")
)

// SpeakerLink is the stored speaker a document's speaker became.
type SpeakerLink struct {
	Name       string // as the document names it
	SpeakerID  int64
	Match      string // LinkCreated, LinkName, LinkAlias or LinkNickname
	Confidence float64
}
