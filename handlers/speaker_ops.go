package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// SpeakerOpsStore is what merging, splitting and timelines need from
// storage. Unknown speakers are errs.NotFound, bad input errs.Invalid
// naming the field, a merge of a speaker into itself or of two different
// Wikidata entities errs.Conflict; any other error is internal.
type SpeakerOpsStore interface {
	// MergeSpeakers moves every quote and alias of from to into and
	// leaves a redirect from from's id and slug.
	MergeSpeakers(ctx context.Context, from, into int64) (models.Speaker, error)
	// SplitSpeaker makes one alias of a speaker a speaker of its own.
	SplitSpeaker(ctx context.Context, from int64, in store.SplitInput) (models.Speaker, error)
	// SpeakerTimeline lists what a speaker said in the order it was said.
	SpeakerTimeline(ctx context.Context, ref string, f store.TimelineFilter) (store.TimelinePage, error)
	// GetSpeaker finds a speaker by id or slug.
	GetSpeaker(ctx context.Context, ref string) (models.Speaker, error)
	// SpeakerRedirect says which speaker a merged speaker's old id or slug
	// names now (errs.NotFound when it was never merged).
	SpeakerRedirect(ctx context.Context, ref string) (store.Redirect, error)
}

// SpeakerOps serves speaker merges, splits and timelines.
type SpeakerOps struct {
	Store SpeakerOpsStore
}

// speakerID resolves the path's speaker (id or slug) to its id.
func (h *SpeakerOps) speakerID(c *gin.Context) (int64, error) {
	ref, err := speakerRef(c)
	if err != nil {
		return 0, err
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	sp, err := h.Store.GetSpeaker(c.Request.Context(), ref)
	return sp.ID, err
}

// Merge merges a speaker into another.
//
//	@Summary		Merge two speakers
//	@Description	Two speaker records that turn out to be one person become one: every quote and alias of speaker id moves to into, which also takes its description, role and Wikidata id where it has none. Speaker id is deleted; its old id and slug answer GET with 308 Permanent Redirect to the speaker it was merged into. Both speakers' histories record the merge (who: X-Reviewer).
//	@Tags			speakers
//	@Accept			json
//	@Produce		json
//	@Param			id			path		string			true	"Speaker to merge away (id or slug)"	example(matt-collins)
//	@Param			X-Reviewer	header		string			false	"Ignored: the API key's name is recorded as who made the change"
//	@Param			body		body		MergeRequest	true	"The speaker it turns out to be"
//	@Success		200			{object}	Speaker			"The merged speaker"
//	@Failure		400			{object}	api.Problem		"A bad id or body"
//	@Failure		404			{object}	api.Problem		"No such speaker"
//	@Failure		409			{object}	api.Problem		"A speaker merged into itself, or two different Wikidata entities"
//	@Failure		500			{object}	api.Problem
//	@Failure		401			{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		403			{object}	api.Problem	"The key is not an admin key"
//	@Failure		429			{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id}/merge [post]
func (h *SpeakerOps) Merge(c *gin.Context) error {
	from, err := h.speakerID(c)
	if err != nil {
		return err
	}
	var req MergeRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	if req.Into < 1 {
		return errs.Invalidf("into", "must be a speaker id")
	}
	ctx, err := ActorContext(c, "")
	if err != nil {
		return err
	}
	sp, err := h.Store.MergeSpeakers(ctx, from, req.Into)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toSpeaker(sp))
	return nil
}

// Split splits an alias off a speaker into a new speaker.
//
//	@Summary		Split a speaker
//	@Description	Takes one alias of speaker id off into a new speaker (name defaults to the alias), optionally moving the named quotes to it. A description, role and Wikidata id help tell the two apart. Both speakers' histories, and each moved quote's, record the split.
//	@Tags			speakers
//	@Accept			json
//	@Produce		json
//	@Param			id			path		string			true	"Speaker to split (id or slug)"	example(ken-mccallum)
//	@Param			X-Reviewer	header		string			false	"Ignored: the API key's name is recorded as who made the change"
//	@Param			body		body		SplitRequest	true	"The alias to split off and the quotes that go with it"
//	@Success		201			{object}	Speaker			"The new speaker"
//	@Header			201			{string}	Location		"URL of the new speaker"
//	@Failure		400			{object}	api.Problem		"A bad id or body, an alias or quote that is not the speaker's"
//	@Failure		404			{object}	api.Problem		"No such speaker"
//	@Failure		409			{object}	api.Problem		"The alias is the speaker's own name, or the Wikidata id is taken"
//	@Failure		500			{object}	api.Problem
//	@Failure		401			{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429			{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id}/split [post]
func (h *SpeakerOps) Split(c *gin.Context) error {
	from, err := h.speakerID(c)
	if err != nil {
		return err
	}
	var req SplitRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	var fs errs.Fields
	if req.AliasID < 1 {
		fs.Add("alias_id", "must be the id of one of the speaker's aliases")
	}
	checkString(&fs, "name", req.Name, false, maxName)
	checkEnum(&fs, "kind", req.Kind, models.SpeakerKinds()...)
	checkString(&fs, "description", req.Description, false, maxDesc)
	checkString(&fs, "role", req.Role, false, maxName)
	if len(req.QuoteIDs) > 1000 {
		fs.Add("quote_ids", "must hold at most 1000 ids")
	}
	if err := fs.Err(); err != nil {
		return err
	}
	ctx, err := ActorContext(c, "")
	if err != nil {
		return err
	}
	sp, err := h.Store.SplitSpeaker(ctx, from, store.SplitInput{AliasID: req.AliasID, Name: req.Name, Kind: req.Kind,
		Description: req.Description, Role: req.Role, WikidataQID: req.WikidataQID, QuoteIDs: req.QuoteIDs})
	if err != nil {
		return err
	}
	c.Header("Location", location(c, "/api/v1/speakers/"+strconv.FormatInt(sp.ID, 10)))
	writeJSON(c, http.StatusCreated, toSpeaker(sp))
	return nil
}

// Timeline lists what a speaker said in the order it was said.
//
//	@Summary		A speaker's timeline
//	@Description	What one speaker said, in the order it was said (said_on when known, else the day it was first reported), one entry per utterance however many outlets reported it, each with those outlets. q searches the words: "how did this person's words on China change?". Also as CSV (text/csv or format=csv) or JSON-LD Quotations (application/ld+json or format=jsonld).
//	@Tags			speakers
//	@Produce		json,text/csv,application/ld+json
//	@Param			id		path		string	true	"Speaker id or slug"				example(ken-mccallum)
//	@Param			q		query		string	false	"Full-text search over quote text"	example(China)
//	@Param			from	query		string	false	"Said on or after: YYYY-MM-DD"		example(2024-01-01)
//	@Param			to		query		string	false	"Said on or before: YYYY-MM-DD"		example(2025-12-31)
//	@Param			order	query		string	false	"oldest (default) or newest first"	Enums(oldest, newest)
//	@Param			limit	query		int		false	"Page size"							minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Param			format	query		string	false	"Response format when Accept names none"	Enums(json, csv, jsonld)
//	@Success		200		{object}	Timeline
//	@Failure		400		{object}	api.Problem	"A bad id or query parameter"
//	@Failure		404		{object}	api.Problem	"No such speaker"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/speakers/{id}/timeline [get]
func (h *SpeakerOps) Timeline(c *gin.Context) error {
	ref, err := speakerRef(c)
	if err != nil {
		return err
	}
	q := newQuery(c, "q", "from", "to", "order", "limit", "cursor", "format")
	f := store.TimelineFilter{
		Q:     q.str("q", maxQuery),
		From:  q.date("from", false),
		To:    q.date("to", false),
		Order: q.enum("order", store.TimelineOldest, store.TimelineNewest),
		Page:  q.page(),
	}
	q.span(f.From, f.To)
	if err := q.err(); err != nil {
		return err
	}
	format, err := negotiate(c, FormatJSON, FormatCSV, FormatJSONLD)
	if err != nil {
		return err
	}
	page, err := h.Store.SpeakerTimeline(c.Request.Context(), ref, f)
	if err != nil {
		return err
	}
	out := Timeline{Speaker: *toQuoteSpeaker(&page.Speaker), Data: make([]TimelineEntry, len(page.Entries)),
		NextCursor: cursorPtr(page.NextCursor), Links: pageLinks(c, page.NextCursor)}
	quotes := make([]Quote, len(page.Entries))
	for i, e := range page.Entries {
		quotes[i] = toQuote(e.Quote, false)
		out.Data[i] = TimelineEntry{SaidAt: e.SaidAt, Quote: quotes[i], Reports: e.Reports, Outlets: e.Outlets}
	}
	switch format {
	case FormatCSV:
		return writeQuotesCSV(c, quotes, page.Speaker.Slug+"-timeline.csv")
	case FormatJSONLD:
		return writeFormatted(c, http.StatusOK, format, ldQuoteList(baseURL(c), quotes))
	}
	return writeFormatted(c, http.StatusOK, format, out)
}

// RedirectMerged answers a request for a speaker that was merged into
// another with 308 Permanent Redirect to the same path under the speaker
// it is now, and reports whether it did. Handlers call it when a speaker
// lookup is errs.NotFound.
func RedirectMerged(c *gin.Context, st interface {
	SpeakerRedirect(ctx context.Context, ref string) (store.Redirect, error)
}, ref string) bool {
	r, err := st.SpeakerRedirect(c.Request.Context(), ref)
	if err != nil {
		return false
	}
	path := c.Request.URL.Path
	prefix := "/api/v1/speakers/" + ref
	rest := ""
	if len(path) > len(prefix) && path[:len(prefix)] == prefix {
		rest = path[len(prefix):]
	}
	u := linkURL(c, "/api/v1/speakers/"+r.Slug+rest, "", c.Request.URL.RawQuery)
	c.Header("Location", u.String())
	c.Status(http.StatusPermanentRedirect)
	return true
}
