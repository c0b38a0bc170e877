package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// Sources serves the source resources. Extract finds the quotes in a new
// source's text before it is stored; TextTimeout bounds that and the
// storing (0: DefaultTextTimeout); TextSlots bound how many texts are
// worked on at once (nil: no bound).
type Sources struct {
	Store       SourceStore
	Extract     Extractor
	TextTimeout time.Duration
	TextSlots   TextSlots
}

// List lists sources.
//
//	@Summary		List sources
//	@Description	Lists stored sources, newest first, without their text, each with its quote count.
//	@Tags			sources
//	@Produce		json
//	@Param			q		query		string	false	"Words in the title or text"										example(MI5)
//	@Param			outlet	query		string	false	"Outlet name, exactly"												example(The Independent)
//	@Param			from	query		string	false	"Published on or after: YYYY-MM-DD or RFC 3339"						example(2025-10-01)
//	@Param			to		query		string	false	"Published on or before: YYYY-MM-DD (the whole day) or RFC 3339"	example(2025-10-31)
//	@Param			limit	query		int		false	"Page size"															minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Success		200		{object}	SourceList
//	@Failure		400		{object}	api.Problem	"A bad or unknown query parameter, or a cursor this API did not return"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/sources [get]
func (h *Sources) List(c *gin.Context) error {
	q := newQuery(c, "q", "outlet", "from", "to", "limit", "cursor")
	f := store.SourceFilter{
		Q:      q.str("q", maxQuery),
		Outlet: q.str("outlet", maxName),
		From:   q.date("from", false),
		To:     q.date("to", true),
		Page:   q.page(),
	}
	q.span(f.From, f.To)
	if err := q.err(); err != nil {
		return err
	}
	page, err := h.Store.ListSources(c.Request.Context(), f)
	if err != nil {
		return err
	}
	out := SourceList{
		Data:            make([]Source, len(page.Sources)),
		Total:           page.Total,
		TotalIsEstimate: page.TotalIsEstimate,
		NextCursor:      cursorPtr(page.NextCursor),
		Links:           pageLinks(c, page.NextCursor),
	}
	for i, s := range page.Sources {
		out.Data[i] = toSource(s)
	}
	writeJSON(c, http.StatusOK, out)
	return nil
}

// Get returns one source with its text and quotes.
//
//	@Summary		Get a source
//	@Description	Returns one source with its full text and the quotes found in it, in the order they appear.
//	@Tags			sources
//	@Produce		json
//	@Param			id	path		int	true	"Source id"	minimum(1)
//	@Success		200	{object}	SourceDetail
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such source"
//	@Failure		500	{object}	api.Problem
//	@Router			/api/v1/sources/{id} [get]
func (h *Sources) Get(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	src, quotes, err := h.Store.GetSource(c.Request.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toSourceDetail(src, quotes))
	return nil
}

// CreateSourceRequest is a published document to store. Its quotes are
// found by extraction.
type CreateSourceRequest struct {
	Title       string  `json:"title" example:"MI5 chief says China presents daily threat to UK security" maxLength:"1000" binding:"required"`
	Outlet      string  `json:"outlet" example:"The Independent" maxLength:"200"`
	URL         *string `json:"url" example:"https://www.independent.co.uk/news/uk/mi5-china-threat.html" maxLength:"2048"`
	Author      string  `json:"author" example:"Holly Bancroft" maxLength:"200"`
	PublishedAt *string `json:"published_at" example:"2025-10-16T13:00:00Z" format:"date-time"`
	Text        string  `json:"text" example:"The head of MI5 has said “Chinese state actors” present a national security threat to the UK “every day”." binding:"required"`
} //@name CreateSourceRequest

func (r CreateSourceRequest) input() (store.SourceInput, error) {
	var fs errs.Fields
	checkString(&fs, "title", r.Title, true, maxTitle)
	checkString(&fs, "outlet", r.Outlet, false, maxName)
	checkString(&fs, "author", r.Author, false, maxName)
	in := store.SourceInput{
		Title:  strings.TrimSpace(r.Title),
		Outlet: strings.TrimSpace(r.Outlet),
		Author: strings.TrimSpace(r.Author),
		Text:   r.Text,
	}
	if r.URL != nil && *r.URL != "" {
		checkURL(&fs, *r.URL)
		in.URL = r.URL
	}
	if r.PublishedAt != nil && *r.PublishedAt != "" {
		in.PublishedAt = checkPublishedAt(&fs, *r.PublishedAt)
	}
	if err := checkSourceText(&fs, r.Text); err != nil {
		return in, err
	}
	return in, fs.Err()
}

// checkURL reports a url that is not an absolute http or https URL.
func checkURL(fs *errs.Fields, v string) {
	var fe errs.Fields
	checkString(&fe, "url", v, false, maxURL)
	if len(fe) > 0 {
		*fs = append(*fs, fe...)
		return
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > maxURL {
		fs.Add("url", "must be an absolute http or https URL of at most %d bytes", maxURL)
	}
}

// checkPublishedAt parses a publication time written as YYYY-MM-DD or RFC
// 3339.
func checkPublishedAt(fs *errs.Fields, v string) *time.Time {
	t, _, ok := parseTime(v)
	if !ok {
		fs.Add("published_at", "must be a date (YYYY-MM-DD) or an RFC 3339 time")
		return nil
	}
	return &t
}

// Create stores a document and the quotes extracted from it.
//
//	@Summary		Store a source
//	@Description	Stores a published document, finds the quotes in its text and attributes them to speakers (linked to stored ones through their names and aliases, or created), all in one transaction. Storing is idempotent: a document with the same URL or the same text is not stored twice; the stored one is returned with 200 and created false.
//	@Description	Limits: the text is at most 2 MiB (2097152 bytes; over it, 413); it may hold at most 2000 quotations, nested ones included (over it, 422 and nothing is stored); a quotation found longer than 10000 characters is not stored (no reported speech runs that long: it is a stray mark running on). Nested quotations get records two levels deep. Finding and storing the quotes must end within the server's text timeout (--text-timeout, 30s by default; over it, 503 and nothing is stored).
//	@Tags			sources
//	@Accept			json
//	@Produce		json
//	@Param			source	body		CreateSourceRequest	true	"The document"
//	@Success		201		{object}	IngestedSource		"Stored; created is true"
//	@Success		200		{object}	IngestedSource		"Already stored; created is false"
//	@Header			201		{string}	Location			"URL of the new source"
//	@Failure		400		{object}	api.Problem			"Malformed JSON, an unknown field, or a field that fails validation"
//	@Failure		409		{object}	api.Problem			"The document clashes with a stored one"
//	@Failure		413		{object}	api.Problem			"The body is over 8 MiB, or the text over 2 MiB (2097152 bytes)"
//	@Failure		422		{object}	api.Problem			"The text holds more than 2000 quotations (nothing is stored), or the title, outlet or author holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		500		{object}	api.Problem
//	@Failure		503		{object}	api.Problem	"Extraction is not available, or the text took longer than the server's text timeout"
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/sources [post]
func (h *Sources) Create(c *gin.Context) error {
	var req CreateSourceRequest
	if err := decodeJSON(c, maxSourceBody, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	if h.Extract == nil {
		return errs.E(errs.Unavailable, "quote extraction is not available")
	}
	ctx, done, err := textContext(c, h.TextTimeout, h.TextSlots)
	if err != nil {
		return textError(ctx, c, h.TextTimeout, err)
	}
	defer done()
	ingest, err := h.Extract(ctx, in)
	if err != nil {
		return textError(ctx, c, h.TextTimeout, err)
	}
	ingest.Source = in
	res, err := h.Store.Ingest(ctx, ingest)
	if err != nil {
		return textError(ctx, c, h.TextTimeout, err)
	}
	out := IngestedSource{SourceDetail: toSourceDetail(res.Source, res.Quotes), Created: res.Created, Speakers: []SpeakerLink{}}
	for _, l := range res.Speakers {
		out.Speakers = append(out.Speakers, SpeakerLink{Name: l.Name, SpeakerID: l.SpeakerID, Match: l.Match, Confidence: l.Confidence})
	}
	c.Header("Location", location(c, "/api/v1/sources/"+strconv.FormatInt(res.Source.ID, 10)))
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(c, status, out)
	return nil
}

// UpdateSourceRequest changes some of a source's metadata; fields left out
// stay as they are. url and published_at null (or "") clear them. The text
// cannot change: quotes point into it.
type UpdateSourceRequest struct {
	Title       Opt[string] `json:"title" swaggertype:"string" example:"MI5 chief: China a daily threat" maxLength:"1000"`
	Outlet      Opt[string] `json:"outlet" swaggertype:"string" example:"The Independent" maxLength:"200"`
	URL         Opt[string] `json:"url" swaggertype:"string" example:"https://www.independent.co.uk/news/uk/mi5-china-threat.html" extensions:"x-nullable"`
	Author      Opt[string] `json:"author" swaggertype:"string" example:"Holly Bancroft" maxLength:"200"`
	PublishedAt Opt[string] `json:"published_at" swaggertype:"string" format:"date-time" example:"2025-10-16T13:00:00Z" extensions:"x-nullable"`
	// Text is refused; it is named here so that the client hears why.
	Text Opt[any] `json:"text" swaggerignore:"true"`
} //@name UpdateSourceRequest

func (r UpdateSourceRequest) patch() (store.SourcePatch, error) {
	var fs errs.Fields
	var p store.SourcePatch
	if r.Text.Set {
		fs.Add("text", "is immutable: quotes point into it; store the new version as another source")
	}
	if p.Title = r.Title.ptr(&fs, "title"); p.Title != nil {
		checkString(&fs, "title", *p.Title, true, maxTitle)
		*p.Title = strings.TrimSpace(*p.Title)
	}
	if p.Outlet = r.Outlet.ptr(&fs, "outlet"); p.Outlet != nil {
		checkString(&fs, "outlet", *p.Outlet, false, maxName)
		*p.Outlet = strings.TrimSpace(*p.Outlet)
	}
	if r.URL.Set {
		v := r.URL.Value // "" when null: clears it
		if v != "" {
			checkURL(&fs, v)
		}
		p.URL = &v
	}
	if p.Author = r.Author.ptr(&fs, "author"); p.Author != nil {
		checkString(&fs, "author", *p.Author, false, maxName)
		*p.Author = strings.TrimSpace(*p.Author)
	}
	if r.PublishedAt.Set {
		if r.PublishedAt.Null || r.PublishedAt.Value == "" {
			p.ClearPublishedAt = true
		} else {
			p.PublishedAt = checkPublishedAt(&fs, r.PublishedAt.Value)
		}
	}
	return p, fs.Err()
}

// Update changes a source's metadata.
//
//	@Summary		Update a source
//	@Description	Changes the metadata given (JSON merge-patch style); the rest stays. The text cannot change: quotes point into it.
//	@Tags			sources
//	@Accept			json
//	@Produce		json
//	@Param			id		path		int					true	"Source id"	minimum(1)
//	@Param			patch	body		UpdateSourceRequest	true	"Fields to change"
//	@Success		200		{object}	Source
//	@Failure		400		{object}	api.Problem	"A bad id, malformed JSON, an unknown field, text, or a field that fails validation"
//	@Failure		404		{object}	api.Problem	"No such source"
//	@Failure		409		{object}	api.Problem	"Another source has this URL"
//	@Failure		422		{object}	api.Problem	"The title, outlet or author holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/sources/{id} [patch]
func (h *Sources) Update(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	var req UpdateSourceRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	src, err := h.Store.UpdateSource(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toSource(src))
	return nil
}

// Delete removes a source and its quotes.
//
//	@Summary		Delete a source
//	@Description	Removes a source and every quote found in it. Speakers stay.
//	@Tags			sources
//	@Produce		json
//	@Param			id	path	int	true	"Source id"	minimum(1)
//	@Success		204
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such source"
//	@Failure		500	{object}	api.Problem
//	@Failure		401	{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		403	{object}	api.Problem	"The key is not an admin key"
//	@Failure		429	{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/sources/{id} [delete]
func (h *Sources) Delete(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteSource(c.Request.Context(), id); err != nil {
		return err
	}
	noContent(c)
	return nil
}
