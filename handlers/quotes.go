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

// Quotes serves the quote resources. Reports, when set, adds to a
// fetched quote every other stored report of the same words.
type Quotes struct {
	Store   QuoteStore
	Reports Corroborator
	Cache   *Cache // answers of reads; nil: none
}

// quoteFilterParams are the quote-list filters every quote list accepts,
// besides speaker.
var quoteFilterParams = []string{"q", "source", "outlet", "from", "to", "kind", "status", "sort", "limit", "cursor", "format"}

// parseQuoteFilter reads the quote-list filters from q.
func parseQuoteFilter(q *query) store.QuoteFilter {
	f := store.QuoteFilter{
		Q:        q.str("q", maxQuery),
		SourceID: q.id("source"),
		Outlet:   q.str("outlet", maxName),
		From:     q.date("from", false),
		To:       q.date("to", true),
		Kind:     q.enum("kind", models.QuoteKinds()...),
		Status:   q.enum("status", models.QuoteStatuses()...),
		Sort:     q.enum("sort", store.SortNewest, store.SortOldest, store.SortRelevance),
		Page:     q.page(),
	}
	q.span(f.From, f.To)
	switch {
	case f.Sort == "" && f.Q != "":
		f.Sort = store.SortRelevance
	case f.Sort == "":
		f.Sort = store.SortNewest
	case f.Sort == store.SortRelevance && f.Q == "":
		q.fs.Add("sort", "relevance needs a search query q")
	}
	return f
}

// List lists quotes, newest first or by relevance to a search.
//
//	@Summary		List quotes
//	@Description	Lists quotes matching every given filter, one page at a time. With q, quotes are searched by their text, ranked by relevance (unless sort says otherwise) and carry a snippet: HTML safe to insert into a page, the quote's text escaped (&, <, >, " and ' as entities) with the matches in <mark>…</mark>, its only tags. Relevance ranks the 2,000 most recently stored matches (so a word in a hundred thousand quotes still answers in milliseconds); older matches are reached with sort=newest or oldest, or with more words. total counts at most 1,000 matches: past that it says 1000 with total_is_estimate true (a speaker's or a source's quotes alone are counted exactly, from counters). Follow links.next (or pass next_cursor as cursor, with the same filters) for the next page. The page is also available as CSV (Accept: text/csv or format=csv; RFC 4180, a header row, one quote per row) or as JSON-LD schema.org Quotations (Accept: application/ld+json or format=jsonld).
//	@Tags			quotes
//	@Produce		json,text/csv,application/ld+json
//	@Param			speaker	query		string	false	"Speaker id, slug, name or any alias (honorific- and case-insensitive)"			example(Sir Ken)
//	@Param			q		query		string	false	"Full-text search over quote text"												example(threat)
//	@Param			source	query		int		false	"Source id"																		minimum(1)
//	@Param			outlet	query		string	false	"Outlet name, exactly"															example(The Independent)
//	@Param			from	query		string	false	"Reported on or after: YYYY-MM-DD or RFC 3339"									example(2025-10-01)
//	@Param			to		query		string	false	"Reported on or before: YYYY-MM-DD (the whole day) or RFC 3339"					example(2025-10-31)
//	@Param			kind	query		string	false	"Quote kind"																	Enums(direct, partial, embedded)
//	@Param			status	query		string	false	"Review status"																	Enums(extracted, verified, disputed, retracted)
//	@Param			sort	query		string	false	"Order; relevance (the default with q) needs q, newest is the default without"	Enums(newest, oldest, relevance)
//	@Param			limit	query		int		false	"Page size"																		minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Param			format	query		string	false	"Response format when Accept names none"	Enums(json, csv, jsonld)
//	@Success		200		{object}	QuoteList
//	@Failure		400		{object}	api.Problem	"A bad or unknown query parameter, or a cursor this API did not return"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/quotes [get]
func (h *Quotes) List(c *gin.Context) error {
	q := newQuery(c, append([]string{"speaker"}, quoteFilterParams...)...)
	f := parseQuoteFilter(q)
	f.Speaker = q.str("speaker", maxName)
	if err := q.err(); err != nil {
		return err
	}
	format, err := negotiate(c, FormatJSON, FormatCSV, FormatJSONLD)
	if err != nil {
		return err
	}
	if key := listKey(c, format); key != "" {
		return h.Cache.List(c, key, func() (any, error) {
			page, err := h.Store.ListQuotes(c.Request.Context(), f)
			if err != nil {
				return nil, err
			}
			return quoteList(c, page), nil
		})
	}
	page, err := h.Store.ListQuotes(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return writeQuoteList(c, format, page, "quotes.csv")
}

func quoteList(c *gin.Context, page store.QuotePage) QuoteList {
	return QuoteList{
		Data:            toQuoteHits(page.Quotes),
		Total:           page.Total,
		TotalIsEstimate: page.TotalIsEstimate,
		NextCursor:      cursorPtr(page.NextCursor),
		Links:           pageLinks(c, page.NextCursor),
	}
}

// Get returns one quote.
//
//	@Summary		Get a quote
//	@Description	Returns one quote with its speaker (and the speaker's aliases), its source and its context, and its corroboration: every stored source that reports the same words (linked when each source is stored), earliest first, with each wording's word-level diff from the first report and the wordings side by side.
//	@Tags			quotes
//	@Produce		json
//	@Param			id	path		int	true	"Quote id"	minimum(1)
//	@Success		200	{object}	Quote
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such quote"
//	@Failure		500	{object}	api.Problem
//	@Router			/api/v1/quotes/{id} [get]
func (h *Quotes) Get(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	return h.Cache.JSON(c, "quote "+strconv.FormatInt(id, 10), func() (any, error) {
		if both, ok := h.Store.(quoteCorroborator); ok && sameStore(h.Store, h.Reports) {
			quote, cor, err := both.GetQuoteCorroborated(c.Request.Context(), id)
			if err != nil {
				return nil, err
			}
			out := toQuote(quote, true)
			co := toCorroboration(id, cor)
			out.Corroboration = &co
			return out, nil
		}
		quote, err := h.Store.GetQuote(c.Request.Context(), id)
		if err != nil {
			return nil, err
		}
		out := toQuote(quote, true)
		if h.Reports != nil {
			cor, err := h.Reports.Corroborate(c.Request.Context(), id)
			if err != nil {
				return nil, err
			}
			co := toCorroboration(id, cor)
			out.Corroboration = &co
		}
		return out, nil
	})
}

// quoteCorroborator is a QuoteStore that loads a quote and its
// corroboration together, in fewer queries than GetQuote and Corroborate
// apart.
type quoteCorroborator interface {
	GetQuoteCorroborated(ctx context.Context, id int64) (models.Quote, store.Corroboration, error)
}

// sameStore reports whether the quotes and the reports come from one
// *store.Store (what the router wires), so that loading both at once
// answers as the two apart would.
func sameStore(qs QuoteStore, r Corroborator) bool {
	a, ok := qs.(*store.Store)
	b, ok2 := r.(*store.Store)
	return ok && ok2 && a == b
}

// CreateQuoteRequest adds a quote to a stored source by hand. The text must
// occur in the source's text; start and end (characters) say which
// occurrence when there are several. Name the speaker by speaker_id or by
// any name in speaker (found or created); neither leaves it unattributed.
type CreateQuoteRequest struct {
	SourceID   int64    `json:"source_id" example:"3" minimum:"1" binding:"required"`
	Text       string   `json:"text" example:"I am MI5 born and bred." maxLength:"10000" binding:"required"`
	Start      *int     `json:"start" example:"1150" minimum:"0"`
	End        *int     `json:"end" example:"1173" minimum:"0"`
	SpeakerID  *int64   `json:"speaker_id" example:"7" minimum:"1"`
	Speaker    string   `json:"speaker" example:"Sir Ken McCallum" maxLength:"200"`
	Context    string   `json:"context" example:"The Director General of MI5 said in his annual state threat assessment:" maxLength:"5000"`
	Kind       string   `json:"kind" example:"direct" enums:"direct,partial,embedded"`
	Placement  string   `json:"placement" example:"body" enums:"body,headline,caption"`
	Cue        string   `json:"cue" example:"said" maxLength:"200"`
	SaidWhen   string   `json:"said_when" example:"on Thursday" maxLength:"200"`
	SaidOn     *string  `json:"said_on" example:"2025-10-16" format:"date"`
	Setting    string   `json:"setting" example:"annual state threat assessment" maxLength:"200"`
	Status     string   `json:"status" example:"verified" enums:"extracted,verified,disputed,retracted"`
	Confidence *float64 `json:"confidence" example:"1" minimum:"0" maximum:"1"`
} //@name CreateQuoteRequest

func (r CreateQuoteRequest) input() (store.QuoteInput, error) {
	var fs errs.Fields
	if r.SourceID < 1 {
		fs.Add("source_id", "is required and must be a positive integer")
	}
	checkString(&fs, "text", r.Text, true, maxQuoteText)
	if r.Start != nil && *r.Start < 0 {
		fs.Add("start", "must not be negative")
	}
	if r.End != nil && *r.End < 0 {
		fs.Add("end", "must not be negative")
	}
	if r.Start != nil && r.End != nil && *r.End <= *r.Start {
		fs.Add("end", "must be after start")
	}
	if r.SpeakerID != nil && *r.SpeakerID < 1 {
		fs.Add("speaker_id", "must be a positive integer")
	}
	if r.SpeakerID != nil && r.Speaker != "" {
		fs.Add("speaker", "give speaker_id or speaker, not both")
	}
	checkString(&fs, "speaker", r.Speaker, false, maxName)
	checkString(&fs, "context", r.Context, false, maxContext)
	checkEnum(&fs, "kind", r.Kind, models.QuoteKinds()...)
	checkEnum(&fs, "placement", r.Placement, models.Placements()...)
	checkString(&fs, "cue", r.Cue, false, maxShort)
	checkString(&fs, "said_when", r.SaidWhen, false, maxShort)
	checkSaidOn(&fs, r.SaidOn)
	checkString(&fs, "setting", r.Setting, false, maxShort)
	checkEnum(&fs, "status", r.Status, models.QuoteStatuses()...)
	if r.Confidence != nil && (*r.Confidence < 0 || *r.Confidence > 1) {
		fs.Add("confidence", "must be between 0 and 1")
	}
	return store.QuoteInput{
		SourceID:   r.SourceID,
		Text:       r.Text,
		Start:      r.Start,
		End:        r.End,
		SpeakerID:  r.SpeakerID,
		Speaker:    r.Speaker,
		Context:    r.Context,
		Kind:       r.Kind,
		Placement:  r.Placement,
		Cue:        r.Cue,
		SaidWhen:   r.SaidWhen,
		SaidOn:     r.SaidOn,
		Setting:    r.Setting,
		Status:     r.Status,
		Confidence: r.Confidence,
	}, fs.Err()
}

// checkSaidOn reports a said_on that is not a YYYY-MM-DD date.
func checkSaidOn(fs *errs.Fields, v *string) {
	if v == nil || *v == "" {
		return
	}
	if _, dateOnly, ok := parseTime(*v); !ok || !dateOnly {
		fs.Add("said_on", "must be a date, YYYY-MM-DD")
	}
}

// Create adds a quote to a stored source.
//
//	@Summary		Create a quote
//	@Description	Adds a quote, found by hand, to a stored source. The text must occur verbatim in the source's text.
//	@Tags			quotes
//	@Accept			json
//	@Produce		json
//	@Param			quote	body		CreateQuoteRequest	true	"The quote"
//	@Success		201		{object}	Quote
//	@Header			201		{string}	Location	"URL of the new quote"
//	@Failure		400		{object}	api.Problem	"Malformed JSON, an unknown field, a field that fails validation, or an unknown source_id or speaker_id (named in errors)"
//	@Failure		409		{object}	api.Problem	"The quote is already stored"
//	@Failure		422		{object}	api.Problem	"The speaker's name holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/quotes [post]
func (h *Quotes) Create(c *gin.Context) error {
	var req CreateQuoteRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	quote, err := h.Store.CreateQuote(c.Request.Context(), in)
	if err != nil {
		return err
	}
	c.Header("Location", location(c, "/api/v1/quotes/"+strconv.FormatInt(quote.ID, 10)))
	writeJSON(c, http.StatusCreated, toQuote(quote, true))
	return nil
}

// UpdateQuoteRequest changes some of a quote's fields; fields left out stay
// as they are. speaker_id null unattributes the quote; said_on null clears
// it. The text and offsets cannot change: they are facts about the source.
type UpdateQuoteRequest struct {
	SpeakerID Opt[int64]  `json:"speaker_id" swaggertype:"integer" example:"7" extensions:"x-nullable"`
	Kind      Opt[string] `json:"kind" swaggertype:"string" example:"partial" enums:"direct,partial,embedded"`
	Cue       Opt[string] `json:"cue" swaggertype:"string" example:"told reporters"`
	SaidWhen  Opt[string] `json:"said_when" swaggertype:"string" example:"last week"`
	SaidOn    Opt[string] `json:"said_on" swaggertype:"string" format:"date" example:"2025-10-09" extensions:"x-nullable"`
	Setting   Opt[string] `json:"setting" swaggertype:"string" example:"a speech at MI5's London headquarters"`
	Status    Opt[string] `json:"status" swaggertype:"string" example:"verified" enums:"extracted,verified,disputed,retracted"`
	Context   Opt[string] `json:"context" swaggertype:"string" example:"In a speech at MI5’s London headquarters, the service’s director general said"`
	// Text, start and end are refused: they are named here only so that
	// the client hears why.
	Text  Opt[any] `json:"text" swaggerignore:"true"`
	Start Opt[any] `json:"start" swaggerignore:"true"`
	End   Opt[any] `json:"end" swaggerignore:"true"`
} //@name UpdateQuoteRequest

func (r UpdateQuoteRequest) patch() (store.QuotePatch, error) {
	var fs errs.Fields
	var p store.QuotePatch
	for _, f := range []struct {
		name string
		set  bool
	}{{"text", r.Text.Set}, {"start", r.Start.Set}, {"end", r.End.Set}} {
		if f.set {
			fs.Add(f.name, "cannot change: it is a fact about the source; delete the quote and create another")
		}
	}
	if r.SpeakerID.Set {
		if r.SpeakerID.Null {
			p.ClearSpeaker = true
		} else if r.SpeakerID.Value < 1 {
			fs.Add("speaker_id", "must be a positive integer or null")
		} else {
			p.SpeakerID = &r.SpeakerID.Value
		}
	}
	if p.Kind = r.Kind.ptr(&fs, "kind"); p.Kind != nil {
		checkEnum(&fs, "kind", *p.Kind, models.QuoteKinds()...)
	}
	if p.Cue = r.Cue.ptr(&fs, "cue"); p.Cue != nil {
		checkString(&fs, "cue", *p.Cue, false, maxShort)
	}
	if p.SaidWhen = r.SaidWhen.ptr(&fs, "said_when"); p.SaidWhen != nil {
		checkString(&fs, "said_when", *p.SaidWhen, false, maxShort)
	}
	if r.SaidOn.Set {
		v := r.SaidOn.Value // "" when null: clears it
		checkSaidOn(&fs, &v)
		p.SaidOn = &v
	}
	if p.Setting = r.Setting.ptr(&fs, "setting"); p.Setting != nil {
		checkString(&fs, "setting", *p.Setting, false, maxShort)
	}
	if p.Status = r.Status.ptr(&fs, "status"); p.Status != nil {
		if *p.Status == "" {
			fs.Add("status", "must not be empty")
		}
		checkEnum(&fs, "status", *p.Status, models.QuoteStatuses()...)
	}
	if p.Kind != nil && *p.Kind == "" {
		fs.Add("kind", "must not be empty")
	}
	if p.Context = r.Context.ptr(&fs, "context"); p.Context != nil {
		checkString(&fs, "context", *p.Context, false, maxContext)
	}
	return p, fs.Err()
}

// Update changes some of a quote's fields.
//
//	@Summary		Update a quote
//	@Description	Changes the fields given (JSON merge-patch style); the rest stay. The text, start and end cannot change.
//	@Tags			quotes
//	@Accept			json
//	@Produce		json
//	@Param			id		path		int					true	"Quote id"	minimum(1)
//	@Param			patch	body		UpdateQuoteRequest	true	"Fields to change"
//	@Success		200		{object}	Quote
//	@Failure		400		{object}	api.Problem	"A bad id, malformed JSON, an unknown or immutable field, a field that fails validation, or an unknown speaker_id"
//	@Failure		404		{object}	api.Problem	"No such quote"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/quotes/{id} [patch]
func (h *Quotes) Update(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	var req UpdateQuoteRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	quote, err := h.Store.UpdateQuote(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toQuote(quote, true))
	return nil
}

// Delete removes a quote.
//
//	@Summary		Delete a quote
//	@Description	Removes a quote. Its source and speaker stay.
//	@Tags			quotes
//	@Produce		json
//	@Param			id	path	int	true	"Quote id"	minimum(1)
//	@Success		204
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such quote"
//	@Failure		500	{object}	api.Problem
//	@Failure		401	{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		403	{object}	api.Problem	"The key is not an admin key"
//	@Failure		429	{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/quotes/{id} [delete]
func (h *Quotes) Delete(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteQuote(c.Request.Context(), id); err != nil {
		return err
	}
	noContent(c)
	return nil
}
