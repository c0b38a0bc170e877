// Package models is whosaid's domain: the stored entities (speakers and
// their aliases, sources and the quotes found in them), the kinds,
// placements and statuses they take, the limits on them (limits.go) and
// the pure checks of their values (names, aliases, labels), which return
// errs field errors. It imports no storage or HTTP. The entities are the
// types the store returns; their gorm tags only name columns, and the
// schema itself comes from the store's versioned migrations. HTTP wire
// types live with the handlers so JSON names never move when columns do.
package models

import "time"

// Speaker kinds.
const (
	SpeakerPerson       = "person"
	SpeakerOrganization = "organization"
)

// SpeakerKinds returns the speaker kinds, in the order messages list them.
func SpeakerKinds() []string { return []string{SpeakerPerson, SpeakerOrganization} }

// Quote kinds: a full quoted utterance, a fragment woven into the writer's
// own sentence, or a quote reported inside another quoted document.
const (
	KindDirect   = "direct"
	KindPartial  = "partial"
	KindEmbedded = "embedded"
)

// QuoteKinds returns the quote kinds, in the order messages list them.
func QuoteKinds() []string { return []string{KindDirect, KindPartial, KindEmbedded} }

// Quote review statuses.
const (
	StatusExtracted = "extracted"
	StatusVerified  = "verified"
	StatusDisputed  = "disputed"
	StatusRetracted = "retracted"
)

// QuoteStatuses returns the review statuses, in the order messages list
// them.
func QuoteStatuses() []string {
	return []string{StatusExtracted, StatusVerified, StatusDisputed, StatusRetracted}
}

// Placements: where in its source a quote stands.
const (
	PlacementBody     = "body"
	PlacementHeadline = "headline"
	PlacementCaption  = "caption"
)

// Placements returns the placements, in the order messages list them.
func Placements() []string { return []string{PlacementBody, PlacementHeadline, PlacementCaption} }

// Speaker is a person or organisation that is quoted. Aliases hold every
// other name the sources use for it.
type Speaker struct {
	ID          int64     `gorm:"column:id;primaryKey"`
	Name        string    `gorm:"column:name"`
	Slug        string    `gorm:"column:slug"`
	Kind        string    `gorm:"column:kind"`
	Description string    `gorm:"column:description"`
	Role        string    `gorm:"column:role"` // "Director General of MI5"; helps tell namesakes apart
	WikidataQID *string   `gorm:"column:wikidata_qid"`
	QuoteCount  int64     `gorm:"column:quote_count;->"` // kept by triggers
	Aliases     []Alias   `gorm:"foreignKey:SpeakerID"`
	CreatedAt   time.Time `gorm:"column:created_at"`
	UpdatedAt   time.Time `gorm:"column:updated_at"`
}

// TableName is the speakers table.
func (Speaker) TableName() string { return "speakers" }

// Alias is one more name for a speaker. Key is names.Normalize(Name): the
// case-, accent- and honorific-insensitive form lookups compare.
type Alias struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	SpeakerID int64     `gorm:"column:speaker_id"`
	Name      string    `gorm:"column:name"`
	Key       string    `gorm:"column:key"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

// TableName is the speaker_aliases table.
func (Alias) TableName() string { return "speaker_aliases" }

// Source is a published document quotes are found in. Text is the full
// document; quotes point into it by character offsets.
type Source struct {
	ID          int64      `gorm:"column:id;primaryKey"`
	Title       string     `gorm:"column:title"`
	Outlet      string     `gorm:"column:outlet"`
	URL         *string    `gorm:"column:url"`
	Author      string     `gorm:"column:author"`
	PublishedAt *time.Time `gorm:"column:published_at"`
	Text        string     `gorm:"column:text"`
	ContentHash string     `gorm:"column:content_hash"`
	QuoteCount  int64      `gorm:"column:quote_count;->"` // kept by triggers
	CreatedAt   time.Time  `gorm:"column:created_at"`
	UpdatedAt   time.Time  `gorm:"column:updated_at"`
}

// TableName is the sources table.
func (Source) TableName() string { return "sources" }

// Quote is a verbatim quotation: Text equals the source text between Start
// and End, counted in Unicode code points (characters), not bytes.
type Quote struct {
	ID        int64    `gorm:"column:id;primaryKey"`
	Text      string   `gorm:"column:text"`
	SpeakerID *int64   `gorm:"column:speaker_id"`
	Speaker   *Speaker `gorm:"foreignKey:SpeakerID"`
	SourceID  int64    `gorm:"column:source_id"`
	// Source, as the store loads it with a quote, has what a quote shows
	// of it: id, title, outlet, URL, author and publication time.
	Source      *Source `gorm:"foreignKey:SourceID"`
	Start       int     `gorm:"column:start_offset"`
	End         int     `gorm:"column:end_offset"`
	Context     string  `gorm:"column:context"`
	Kind        string  `gorm:"column:kind"`
	Placement   string  `gorm:"column:placement"`
	Cue         string  `gorm:"column:cue"`
	SaidWhen    string  `gorm:"column:said_when"` // as written: "in August"
	SaidOn      *string `gorm:"column:said_on"`   // YYYY-MM-DD when known
	Setting     string  `gorm:"column:setting"`
	Status      string  `gorm:"column:status"`
	Confidence  float64 `gorm:"column:confidence"`
	ContinuesID *int64  `gorm:"column:continues_id"`
	// ReportedAt is the source's publication time, or when the source was
	// stored if it gives none; copied here so that lists sort on an index.
	ReportedAt time.Time `gorm:"column:reported_at"`
	CreatedAt  time.Time `gorm:"column:created_at"`
	UpdatedAt  time.Time `gorm:"column:updated_at"`
}

// TableName is the quotes table.
func (Quote) TableName() string { return "quotes" }
