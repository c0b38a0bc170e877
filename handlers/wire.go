package handlers

import (
	"time"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// This file holds the response types the API writes and the converters
// from the store's models. Request types sit with their handlers. JSON
// names here are the API's contract: they do not follow column names.

// Links are the URLs of this page and of the next one (null on the last
// page), with the same filters: absolute under the service's public URL
// (--public-url) or the scheme and host a trusted proxy forwarded,
// otherwise relative to this server.
type Links struct {
	Self string  `json:"self" example:"/api/v1/quotes?speaker=ken-mccallum&limit=2"`
	Next *string `json:"next" example:"/api/v1/quotes?cursor=eyJpZCI6NDJ9&limit=2&speaker=ken-mccallum"`
} //@name Links

// QuoteSpeaker is the speaker a quote is attributed to. Aliases are given
// only when a single quote is fetched.
type QuoteSpeaker struct {
	ID      int64   `json:"id" example:"7"`
	Name    string  `json:"name" example:"Ken McCallum"`
	Slug    string  `json:"slug" example:"ken-mccallum"`
	Kind    string  `json:"kind" example:"person" enums:"person,organization"`
	Aliases []Alias `json:"aliases,omitempty"`
} //@name QuoteSpeaker

// QuoteSource is the source a quote was found in, without its text.
type QuoteSource struct {
	ID          int64      `json:"id" example:"3"`
	Title       string     `json:"title" example:"MI5 chief says China presents daily threat"`
	Outlet      string     `json:"outlet" example:"The Independent"`
	URL         *string    `json:"url" example:"https://www.independent.co.uk/news/uk/mi5-china-threat.html"`
	PublishedAt *time.Time `json:"published_at" example:"2025-10-16T13:00:00Z"`
} //@name QuoteSource

// Quote is a verbatim quotation and what is known about it. Start and End
// count Unicode code points (characters) into the source's text.
type Quote struct {
	ID          int64         `json:"id" example:"42"`
	Text        string        `json:"text" example:"I will never back off from confronting threats to the UK, wherever they are from."`
	Speaker     *QuoteSpeaker `json:"speaker"`
	Source      *QuoteSource  `json:"source"`
	Start       int           `json:"start" example:"1204"`
	End         int           `json:"end" example:"1287"`
	Context     string        `json:"context" example:"The Director General of MI5 said in his annual state threat assessment:"`
	Kind        string        `json:"kind" example:"direct" enums:"direct,partial,embedded"`
	Placement   string        `json:"placement" example:"body" enums:"body,headline,caption"`
	Cue         string        `json:"cue" example:"said"`
	SaidWhen    string        `json:"said_when" example:"on Thursday"`
	SaidOn      *string       `json:"said_on" example:"2025-10-16"`
	Setting     string        `json:"setting" example:"annual state threat assessment"`
	Status      string        `json:"status" example:"extracted" enums:"extracted,verified,disputed,retracted"`
	Confidence  float64       `json:"confidence" example:"0.92"`
	ContinuesID *int64        `json:"continues_id" example:"41"`
	ReportedAt  time.Time     `json:"reported_at" example:"2025-10-16T13:00:00Z"`
	CreatedAt   time.Time     `json:"created_at" example:"2025-10-17T09:30:00Z"`
	UpdatedAt   time.Time     `json:"updated_at" example:"2025-10-17T09:30:00Z"`
	// Snippet is HTML, safe to insert into a page: the quote's text (or a
	// window of it) with &, <, >, " and ' escaped as entities, and each
	// search match in <mark>…</mark>, the only tags; only when the list
	// was searched with q.
	Snippet string `json:"snippet,omitempty" example:"I will never back off from confronting <mark>threats</mark> to the UK &amp; its allies"`
	// Corroboration is every stored source that reports the same words,
	// earliest first, with the wordings side by side; only when a single
	// quote is fetched.
	Corroboration *Corroboration `json:"corroboration,omitempty"`
} //@name Quote

// QuoteList is one page of quotes.
type QuoteList struct {
	Data  []Quote `json:"data"`
	Total int64   `json:"total" example:"57"`
	// TotalIsEstimate says total is a lower bound: a list counts at most
	// 1,000 matches (exact counts come from counters only for a speaker's
	// or a source's quotes), so "1000, true" means at least 1,000.
	TotalIsEstimate bool    `json:"total_is_estimate" example:"false"`
	NextCursor      *string `json:"next_cursor" example:"eyJpZCI6NDJ9"`
	Links           Links   `json:"links"`
} //@name QuoteList

// Alias is one more name a speaker goes by.
type Alias struct {
	ID   int64  `json:"id" example:"12"`
	Name string `json:"name" example:"Sir Ken McCallum"`
} //@name Alias

// Speaker is a person or organisation that is quoted.
type Speaker struct {
	ID          int64     `json:"id" example:"7"`
	Name        string    `json:"name" example:"Ken McCallum"`
	Slug        string    `json:"slug" example:"ken-mccallum"`
	Kind        string    `json:"kind" example:"person" enums:"person,organization"`
	Description string    `json:"description" example:"Director General of MI5"`
	Role        string    `json:"role" example:"Director General of MI5"`
	WikidataQID *string   `json:"wikidata_qid" example:"Q56605939"`
	QuoteCount  int64     `json:"quote_count" example:"9"`
	Aliases     []Alias   `json:"aliases"`
	CreatedAt   time.Time `json:"created_at" example:"2025-10-17T09:30:00Z"`
	UpdatedAt   time.Time `json:"updated_at" example:"2025-10-17T09:30:00Z"`
} //@name Speaker

// SpeakerList is one page of speakers.
type SpeakerList struct {
	Data  []Speaker `json:"data"`
	Total int64     `json:"total" example:"14"`
	// TotalIsEstimate says total is a lower bound (at most 1,000 are counted).
	TotalIsEstimate bool    `json:"total_is_estimate" example:"false"`
	NextCursor      *string `json:"next_cursor" example:"eyJpZCI6N30"`
	Links           Links   `json:"links"`
} //@name SpeakerList

// Source is a published document, without its text.
type Source struct {
	ID          int64      `json:"id" example:"3"`
	Title       string     `json:"title" example:"MI5 chief says China presents daily threat"`
	Outlet      string     `json:"outlet" example:"The Independent"`
	URL         *string    `json:"url" example:"https://www.independent.co.uk/news/uk/mi5-china-threat.html"`
	Author      string     `json:"author" example:"Holly Bancroft"`
	PublishedAt *time.Time `json:"published_at" example:"2025-10-16T13:00:00Z"`
	QuoteCount  int64      `json:"quote_count" example:"11"`
	CreatedAt   time.Time  `json:"created_at" example:"2025-10-17T09:30:00Z"`
	UpdatedAt   time.Time  `json:"updated_at" example:"2025-10-17T09:30:00Z"`
} //@name Source

// SourceDetail is a source with its full text and the quotes found in it.
type SourceDetail struct {
	Source
	Text   string  `json:"text" example:"The head of MI5 has said “Chinese state actors” present a national security threat…"`
	Quotes []Quote `json:"quotes"`
} //@name SourceDetail

// IngestedSource is the answer to storing a source: the stored source with
// its quotes, and whether this request created it (false when the same
// document, by URL or by text, was already stored).
type IngestedSource struct {
	SourceDetail
	Created bool `json:"created" example:"true"`
	// Speakers says which stored speaker each speaker the document names
	// became, and how sure that link is (only when created).
	Speakers []SpeakerLink `json:"speakers"`
} //@name IngestedSource

// SpeakerLink is the stored speaker one of a document's speakers became:
// created anew, or linked by its full name, another of its names, or only
// another form of its first name ("Chris" for "Christopher"). Linking never
// rests on a bare surname.
type SpeakerLink struct {
	Name       string  `json:"name" example:"Sir Ken McCallum"`
	SpeakerID  int64   `json:"speaker_id" example:"7"`
	Match      string  `json:"match" enums:"created,name,alias,nickname" example:"name"`
	Confidence float64 `json:"confidence" example:"0.95"`
} //@name SpeakerLink

// SourceList is one page of sources.
type SourceList struct {
	Data  []Source `json:"data"`
	Total int64    `json:"total" example:"5"`
	// TotalIsEstimate says total is a lower bound (at most 1,000 are counted).
	TotalIsEstimate bool    `json:"total_is_estimate" example:"false"`
	NextCursor      *string `json:"next_cursor" example:"eyJpZCI6M30"`
	Links           Links   `json:"links"`
} //@name SourceList

// HealthStatus is the answer of the health and readiness checks.
type HealthStatus struct {
	Status  string `json:"status" example:"ok"`
	Version string `json:"version,omitempty" example:"0.1.0"`
} //@name HealthStatus

// toQuote converts a stored quote. withAliases includes its speaker's
// aliases (for single-quote responses).
func toQuote(q models.Quote, withAliases bool) Quote {
	out := Quote{
		ID:          q.ID,
		Text:        q.Text,
		Start:       q.Start,
		End:         q.End,
		Context:     q.Context,
		Kind:        q.Kind,
		Placement:   q.Placement,
		Cue:         q.Cue,
		SaidWhen:    q.SaidWhen,
		SaidOn:      q.SaidOn,
		Setting:     q.Setting,
		Status:      q.Status,
		Confidence:  q.Confidence,
		ContinuesID: q.ContinuesID,
		ReportedAt:  q.ReportedAt,
		CreatedAt:   q.CreatedAt,
		UpdatedAt:   q.UpdatedAt,
	}
	if s := q.Speaker; s != nil {
		out.Speaker = &QuoteSpeaker{ID: s.ID, Name: s.Name, Slug: s.Slug, Kind: s.Kind}
		if withAliases {
			out.Speaker.Aliases = toAliases(s.Aliases)
		}
	}
	if s := q.Source; s != nil {
		out.Source = toQuoteSource(*s)
	}
	return out
}

func toQuoteSource(s models.Source) *QuoteSource {
	return &QuoteSource{ID: s.ID, Title: s.Title, Outlet: s.Outlet, URL: s.URL, PublishedAt: s.PublishedAt}
}

// toQuoteHits converts a page of listed quotes, snippets included.
func toQuoteHits(hits []store.QuoteHit) []Quote {
	out := make([]Quote, len(hits))
	for i, h := range hits {
		out[i] = toQuote(h.Quote, false)
		out[i].Snippet = h.Snippet
	}
	return out
}

func toAliases(as []models.Alias) []Alias {
	out := make([]Alias, len(as))
	for i, a := range as {
		out[i] = Alias{ID: a.ID, Name: a.Name}
	}
	return out
}

func toSpeaker(s models.Speaker) Speaker {
	return Speaker{
		ID:          s.ID,
		Name:        s.Name,
		Slug:        s.Slug,
		Kind:        s.Kind,
		Description: s.Description,
		Role:        s.Role,
		WikidataQID: s.WikidataQID,
		QuoteCount:  s.QuoteCount,
		Aliases:     toAliases(s.Aliases),
		CreatedAt:   s.CreatedAt,
		UpdatedAt:   s.UpdatedAt,
	}
}

func toSource(s models.Source) Source {
	return Source{
		ID:          s.ID,
		Title:       s.Title,
		Outlet:      s.Outlet,
		URL:         s.URL,
		Author:      s.Author,
		PublishedAt: s.PublishedAt,
		QuoteCount:  s.QuoteCount,
		CreatedAt:   s.CreatedAt,
		UpdatedAt:   s.UpdatedAt,
	}
}

// toSourceDetail converts a source with its quotes. The quotes' source is
// the parent, whether or not the store loaded it on each quote.
func toSourceDetail(s models.Source, quotes []models.Quote) SourceDetail {
	out := SourceDetail{Source: toSource(s), Text: s.Text, Quotes: make([]Quote, len(quotes))}
	if out.QuoteCount == 0 {
		out.QuoteCount = int64(len(quotes))
	}
	for i, q := range quotes {
		out.Quotes[i] = toQuote(q, false)
		out.Quotes[i].Source = toQuoteSource(s)
	}
	return out
}

// cursorPtr turns the store's "" for "no next page" into JSON null.
func cursorPtr(c string) *string {
	if c == "" {
		return nil
	}
	return &c
}
