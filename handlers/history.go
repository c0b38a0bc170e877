package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// ReviewerHeader names who makes a change, until there is authentication.
// Changes without it (and without a reviewer in the body) are recorded as
// made by "anonymous".
const ReviewerHeader = "X-Reviewer"

// ReviewStore is what review, history and corroboration need from
// storage. Unknown ids are errs.NotFound, bad input errs.Invalid naming
// the field; any other error is internal.
type ReviewStore interface {
	// ReviewQuote sets a quote's review status and records the review.
	ReviewQuote(ctx context.Context, id int64, in store.ReviewInput) (models.Quote, error)
	// History returns one page of the changes to a quote or speaker.
	History(ctx context.Context, entity string, id int64, p store.Page) (store.HistoryPage, error)
	// Corroborate returns every report of the utterance a quote reports.
	Corroborate(ctx context.Context, id int64) (store.Corroboration, error)
	// GetSpeaker finds a speaker by id or slug.
	GetSpeaker(ctx context.Context, ref string) (models.Speaker, error)
}

// Reviews serves fact-checkers' reviews, the history of changes and the
// reports that corroborate a quote.
type Reviews struct {
	Store ReviewStore
}

// ActorContext returns the request's context carrying who is making the
// change: the X-Reviewer header, else fallback (from the body), else
// nobody (the store records "anonymous"). A header that is not a short
// line of text is errs.Invalid.
func ActorContext(c *gin.Context, fallback string) (context.Context, error) {
	who := strings.TrimSpace(c.GetHeader(ReviewerHeader))
	if who != "" {
		if !utf8.ValidString(who) || utf8.RuneCountInString(who) > maxName || strings.IndexFunc(who, unicode.IsControl) >= 0 {
			return nil, errs.Invalidf(ReviewerHeader, "must be at most %d characters of text", maxName)
		}
	} else {
		who = strings.TrimSpace(fallback)
	}
	return store.WithActor(c.Request.Context(), who), nil
}

// Review records a fact-checker's review of a quote.
//
//	@Summary		Review a quote
//	@Description	Marks a quote verified, disputed or retracted (or back to extracted) with a note. The change is kept in the quote's history with who made it (the X-Reviewer header, else reviewer, else "anonymous"), when, and the quote before and after.
//	@Tags			quotes
//	@Accept			json
//	@Produce		json
//	@Param			id			path		int				true	"Quote id"	minimum(1)
//	@Param			X-Reviewer	header		string			false	"Ignored: the API key's name is recorded as who made the change"
//	@Param			body		body		ReviewRequest	true	"The review"
//	@Success		200			{object}	Quote
//	@Failure		400			{object}	api.Problem	"A bad id, status, note or reviewer, or an unknown field"
//	@Failure		404			{object}	api.Problem	"No such quote"
//	@Failure		413			{object}	api.Problem	"The body is larger than 1 MiB"
//	@Failure		500			{object}	api.Problem
//	@Failure		401			{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429			{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/quotes/{id}/review [post]
func (h *Reviews) Review(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	var req ReviewRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	var fs errs.Fields
	checkString(&fs, "status", req.Status, true, maxShort)
	checkEnum(&fs, "status", req.Status, models.StatusVerified, models.StatusDisputed, models.StatusRetracted, models.StatusExtracted)
	checkString(&fs, "note", req.Note, false, maxDesc)
	checkString(&fs, "reviewer", req.Reviewer, false, maxName)
	if err := fs.Err(); err != nil {
		return err
	}
	ctx, err := ActorContext(c, req.Reviewer)
	if err != nil {
		return err
	}
	q, err := h.Store.ReviewQuote(ctx, id, store.ReviewInput{Status: req.Status, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toQuote(q, true))
	return nil
}

// QuoteHistory lists the changes made to a quote.
//
//	@Summary		A quote's history
//	@Description	Lists every change to a quote, oldest first: reviews, edits, speaker merges and splits, deletion. Each entry says who made it, when, with what note, and holds JSON snapshots of the quote before and after. The history of a deleted quote stays readable.
//	@Tags			quotes
//	@Produce		json
//	@Param			id		path		int		true	"Quote id"	minimum(1)
//	@Param			limit	query		int		false	"Page size"	minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Success		200		{object}	HistoryList
//	@Failure		400		{object}	api.Problem	"A bad id or query parameter"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/quotes/{id}/history [get]
func (h *Reviews) QuoteHistory(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	return h.history(c, store.EntityQuote, id)
}

// SpeakerHistory lists the changes made to a speaker.
//
//	@Summary		A speaker's history
//	@Description	Lists every change to a speaker, oldest first: edits, aliases added and removed, merges and splits, deletion. Each entry says who made it, when, and holds JSON snapshots before and after. A merged or deleted speaker's history stays readable by its numeric id.
//	@Tags			speakers
//	@Produce		json
//	@Param			id		path		string	true	"Speaker id or slug"	example(ken-mccallum)
//	@Param			limit	query		int		false	"Page size"				minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Success		200		{object}	HistoryList
//	@Failure		400		{object}	api.Problem	"A bad id or query parameter"
//	@Failure		404		{object}	api.Problem	"No speaker has this slug"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/speakers/{id}/history [get]
func (h *Reviews) SpeakerHistory(c *gin.Context) error {
	ref, err := speakerRef(c)
	if err != nil {
		return err
	}
	id, perr := strconv.ParseInt(ref, 10, 64)
	if perr != nil || id < 1 { // "-1" is no id: look it up as a slug (404)
		sp, err := h.Store.GetSpeaker(c.Request.Context(), ref)
		if err != nil {
			return err
		}
		id = sp.ID
	}
	return h.history(c, store.EntitySpeaker, id)
}

func (h *Reviews) history(c *gin.Context, entity string, id int64) error {
	q := newQuery(c, "limit", "cursor")
	p := q.page()
	if err := q.err(); err != nil {
		return err
	}
	page, err := h.Store.History(c.Request.Context(), entity, id, p)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, HistoryList{Data: toHistory(page.Entries), NextCursor: cursorPtr(page.NextCursor), Links: pageLinks(c, page.NextCursor)})
	return nil
}

// Reports lists every stored report of the words a quote reports.
//
//	@Summary		Who else reports a quote
//	@Description	The same utterance reported by several outlets is linked when each source is stored. This lists every stored report of the words quote id reports, earliest first (first_report), each with a word-level diff from the first report's wording, and the distinct wordings side by side with the outlets that use them.
//	@Tags			quotes
//	@Produce		json
//	@Param			id	path		int	true	"Quote id"	minimum(1)
//	@Success		200	{object}	Corroboration
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such quote"
//	@Failure		500	{object}	api.Problem
//	@Router			/api/v1/quotes/{id}/reports [get]
func (h *Reviews) Reports(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	cor, err := h.Store.Corroborate(c.Request.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toCorroboration(id, cor))
	return nil
}

// Corroborator finds every stored report of the words a quote reports
// (errs.NotFound for an unknown quote).
type Corroborator interface {
	// Corroborate returns the reports, earliest first.
	Corroborate(ctx context.Context, id int64) (store.Corroboration, error)
}

// Redirector says which speaker a merged speaker's old id or slug names
// now (errs.NotFound when it was never merged).
type Redirector interface {
	// SpeakerRedirect looks the old reference up.
	SpeakerRedirect(ctx context.Context, ref string) (store.Redirect, error)
}
