package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// Speakers serves the speaker resources and their aliases. Redirects,
// when set, answers a merged speaker's old id or slug with 308 Permanent
// Redirect to the speaker it was merged into.
type Speakers struct {
	Store     SpeakerStore
	Redirects Redirector
	Cache     *Cache // answers of reads; nil: none
}

// List lists speakers.
//
//	@Summary		List speakers
//	@Description	Lists speakers by name, each with its aliases and quote count. q matches the start of any name or alias, ignoring case, accents and honorifics.
//	@Tags			speakers
//	@Produce		json
//	@Param			q		query		string	false	"Start of a name or alias"	example(ken)
//	@Param			kind	query		string	false	"Speaker kind"				Enums(person, organization)
//	@Param			limit	query		int		false	"Page size"					minimum(1)	maximum(100)	default(20)
//	@Param			cursor	query		string	false	"next_cursor of the previous page"
//	@Success		200		{object}	SpeakerList
//	@Failure		400		{object}	api.Problem	"A bad or unknown query parameter, or a cursor this API did not return"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/speakers [get]
func (h *Speakers) List(c *gin.Context) error {
	q := newQuery(c, "q", "kind", "limit", "cursor")
	f := store.SpeakerFilter{
		Q:    q.str("q", maxName),
		Kind: q.enum("kind", models.SpeakerKinds()...),
		Page: q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	return h.Cache.JSON(c, listKey(c, FormatJSON), func() (any, error) {
		page, err := h.Store.ListSpeakers(c.Request.Context(), f)
		if err != nil {
			return nil, err
		}
		out := SpeakerList{
			Data:            make([]Speaker, len(page.Speakers)),
			Total:           page.Total,
			TotalIsEstimate: page.TotalIsEstimate,
			NextCursor:      cursorPtr(page.NextCursor),
			Links:           pageLinks(c, page.NextCursor),
		}
		for i, s := range page.Speakers {
			out.Data[i] = toSpeaker(s)
		}
		return out, nil
	})
}

// speakerRef reads the {id} path parameter of the read-only speaker routes,
// which also accept a slug.
func speakerRef(c *gin.Context) (string, error) {
	ref := c.Param("id")
	if ref != "" && strings.Trim(ref, "0123456789") == "" {
		_, err := pathID(c, "id", "id")
		return ref, err
	}
	if !utf8.ValidString(ref) || strings.ContainsRune(ref, 0) || utf8.RuneCountInString(ref) > maxName {
		return "", errs.Invalidf("id", "must be a speaker id or slug")
	}
	return ref, nil
}

// Get returns one speaker.
//
//	@Summary		Get a speaker
//	@Description	Returns one speaker, by numeric id or by slug, with its aliases and quote count. The old id or slug of a speaker merged into another answers 308 Permanent Redirect to the speaker it was merged into.
//	@Tags			speakers
//	@Produce		json
//	@Param			id	path		string	true	"Speaker id or slug"	example(ken-mccallum)
//	@Success		200	{object}	Speaker
//	@Header			308	{string}	Location	"The merged speaker's address, for an old id or slug"
//	@Failure		400	{object}	api.Problem	"The id is neither a positive integer nor a slug"
//	@Failure		404	{object}	api.Problem	"No such speaker"
//	@Failure		500	{object}	api.Problem
//	@Router			/api/v1/speakers/{id} [get]
func (h *Speakers) Get(c *gin.Context) error {
	ref, err := speakerRef(c)
	if err != nil {
		return err
	}
	return h.Cache.JSON(c, "speaker "+ref, func() (any, error) {
		s, err := h.Store.GetSpeaker(c.Request.Context(), ref)
		if errs.KindOf(err) == errs.NotFound && h.Redirects != nil && RedirectMerged(c, h.Redirects, ref) {
			return nil, errAnswered
		}
		if err != nil {
			return nil, err
		}
		return toSpeaker(s), nil
	})
}

// Quotes lists one speaker's quotes.
//
//	@Summary		List a speaker's quotes
//	@Description	Lists the quotes attributed to one speaker (by id or slug), with the same filters and export formats as the quote list. For what the speaker said in the order it was said, one entry per utterance with every outlet that reported it, see /api/v1/speakers/{id}/timeline. The old id or slug of a merged speaker answers 308 Permanent Redirect to the speaker it was merged into.
//	@Tags			speakers
//	@Produce		json,text/csv,application/ld+json
//	@Param			id		path		string	true	"Speaker id or slug"															example(ken-mccallum)
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
//	@Header			308		{string}	Location	"The merged speaker's address, for an old id or slug"
//	@Failure		400		{object}	api.Problem	"A bad id, a bad or unknown query parameter, or a cursor this API did not return"
//	@Failure		404		{object}	api.Problem	"No such speaker"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/speakers/{id}/quotes [get]
func (h *Speakers) Quotes(c *gin.Context) error {
	ref, err := speakerRef(c)
	if err != nil {
		return err
	}
	q := newQuery(c, quoteFilterParams...)
	f := parseQuoteFilter(q)
	if err := q.err(); err != nil {
		return err
	}
	format, err := negotiate(c, FormatJSON, FormatCSV, FormatJSONLD)
	if err != nil {
		return err
	}
	if key := listKey(c, format); key != "" {
		return h.Cache.List(c, key, func() (any, error) {
			s, err := h.Store.GetSpeaker(c.Request.Context(), ref)
			if errs.KindOf(err) == errs.NotFound && h.Redirects != nil && RedirectMerged(c, h.Redirects, ref) {
				return nil, errAnswered
			}
			if err != nil {
				return nil, err
			}
			f.Speaker = strconv.FormatInt(s.ID, 10)
			page, err := h.Store.ListQuotes(c.Request.Context(), f)
			if err != nil {
				return nil, err
			}
			return quoteList(c, page), nil
		})
	}
	s, err := h.Store.GetSpeaker(c.Request.Context(), ref)
	if errs.KindOf(err) == errs.NotFound && h.Redirects != nil && RedirectMerged(c, h.Redirects, ref) {
		return nil
	}
	if err != nil {
		return err
	}
	f.Speaker = strconv.FormatInt(s.ID, 10)
	page, err := h.Store.ListQuotes(c.Request.Context(), f)
	if err != nil {
		return err
	}
	return writeQuoteList(c, format, page, s.Slug+"-quotes.csv")
}

// CreateSpeakerRequest adds a speaker.
type CreateSpeakerRequest struct {
	Name        string   `json:"name" example:"Ken McCallum" maxLength:"200" binding:"required"`
	Kind        string   `json:"kind" example:"person" enums:"person,organization"`
	Description string   `json:"description" example:"Director General of MI5" maxLength:"2000"`
	Role        string   `json:"role" example:"Director General of MI5" maxLength:"200"`
	WikidataQID *string  `json:"wikidata_qid" example:"Q56605939"`
	Aliases     []string `json:"aliases" example:"Sir Ken McCallum,Sir Ken"`
} //@name CreateSpeakerRequest

func (r CreateSpeakerRequest) input() (store.SpeakerInput, error) {
	var fs errs.Fields
	checkString(&fs, "name", r.Name, true, maxName)
	checkEnum(&fs, "kind", r.Kind, models.SpeakerKinds()...)
	checkString(&fs, "description", r.Description, false, maxDesc)
	checkString(&fs, "role", r.Role, false, maxName)
	if r.WikidataQID != nil {
		checkQID(&fs, *r.WikidataQID)
	}
	if len(r.Aliases) > maxAliases {
		fs.Add("aliases", "must hold at most %d names", maxAliases)
	}
	for i, a := range r.Aliases {
		checkString(&fs, "aliases["+strconv.Itoa(i)+"]", a, true, maxName)
	}
	return store.SpeakerInput{
		Name:        strings.TrimSpace(r.Name),
		Kind:        r.Kind,
		Description: r.Description,
		Role:        strings.TrimSpace(r.Role),
		WikidataQID: r.WikidataQID,
		Aliases:     r.Aliases,
	}, fs.Err()
}

// checkQID reports a Wikidata id that is neither empty nor Q and digits.
func checkQID(fs *errs.Fields, v string) {
	if v == "" {
		return
	}
	if len(v) < 2 || len(v) > 20 || v[0] != 'Q' || strings.Trim(v[1:], "0123456789") != "" {
		fs.Add("wikidata_qid", "must be a Wikidata item id such as Q42")
	}
}

// Create adds a speaker.
//
//	@Summary		Create a speaker
//	@Description	Adds a speaker with any aliases. The slug is made from the name.
//	@Tags			speakers
//	@Accept			json
//	@Produce		json
//	@Param			speaker	body		CreateSpeakerRequest	true	"The speaker"
//	@Success		201		{object}	Speaker
//	@Header			201		{string}	Location	"URL of the new speaker"
//	@Failure		400		{object}	api.Problem	"Malformed JSON, an unknown field, or a field that fails validation"
//	@Failure		409		{object}	api.Problem	"Another speaker has this Wikidata id"
//	@Failure		422		{object}	api.Problem	"The name or an alias holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers [post]
func (h *Speakers) Create(c *gin.Context) error {
	var req CreateSpeakerRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	s, err := h.Store.CreateSpeaker(c.Request.Context(), in)
	if err != nil {
		return err
	}
	c.Header("Location", location(c, "/api/v1/speakers/"+strconv.FormatInt(s.ID, 10)))
	writeJSON(c, http.StatusCreated, toSpeaker(s))
	return nil
}

// UpdateSpeakerRequest changes some of a speaker's fields; fields left out
// stay as they are. wikidata_qid null or "" clears it.
type UpdateSpeakerRequest struct {
	Name        Opt[string] `json:"name" swaggertype:"string" example:"Sir Ken McCallum" maxLength:"200"`
	Kind        Opt[string] `json:"kind" swaggertype:"string" example:"person" enums:"person,organization"`
	Description Opt[string] `json:"description" swaggertype:"string" example:"Director General of MI5 since 2020" maxLength:"2000"`
	Role        Opt[string] `json:"role" swaggertype:"string" example:"Director General of MI5" maxLength:"200"`
	WikidataQID Opt[string] `json:"wikidata_qid" swaggertype:"string" example:"Q56605939" extensions:"x-nullable"`
} //@name UpdateSpeakerRequest

func (r UpdateSpeakerRequest) patch() (store.SpeakerPatch, error) {
	var fs errs.Fields
	var p store.SpeakerPatch
	if p.Name = r.Name.ptr(&fs, "name"); p.Name != nil {
		checkString(&fs, "name", *p.Name, true, maxName)
		*p.Name = strings.TrimSpace(*p.Name)
	}
	if p.Kind = r.Kind.ptr(&fs, "kind"); p.Kind != nil {
		if *p.Kind == "" {
			fs.Add("kind", "must not be empty")
		}
		checkEnum(&fs, "kind", *p.Kind, models.SpeakerKinds()...)
	}
	if p.Description = r.Description.ptr(&fs, "description"); p.Description != nil {
		checkString(&fs, "description", *p.Description, false, maxDesc)
	}
	if p.Role = r.Role.ptr(&fs, "role"); p.Role != nil {
		checkString(&fs, "role", *p.Role, false, maxName)
	}
	if r.WikidataQID.Set {
		v := r.WikidataQID.Value // "" when null: clears it
		checkQID(&fs, v)
		p.WikidataQID = &v
	}
	return p, fs.Err()
}

// Update changes some of a speaker's fields.
//
//	@Summary		Update a speaker
//	@Description	Changes the fields given (JSON merge-patch style); the rest stay.
//	@Tags			speakers
//	@Accept			json
//	@Produce		json
//	@Param			id		path		int						true	"Speaker id"	minimum(1)
//	@Param			patch	body		UpdateSpeakerRequest	true	"Fields to change"
//	@Success		200		{object}	Speaker
//	@Failure		400		{object}	api.Problem	"A bad id, malformed JSON, an unknown field, or a field that fails validation"
//	@Failure		404		{object}	api.Problem	"No such speaker"
//	@Failure		409		{object}	api.Problem	"Another speaker has this Wikidata id"
//	@Failure		422		{object}	api.Problem	"The name holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id} [patch]
func (h *Speakers) Update(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	var req UpdateSpeakerRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	s, err := h.Store.UpdateSpeaker(c.Request.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, toSpeaker(s))
	return nil
}

// Delete removes a speaker that has no quotes.
//
//	@Summary		Delete a speaker
//	@Description	Removes a speaker and its aliases. A speaker that still has quotes cannot be deleted: reattribute or delete them first.
//	@Tags			speakers
//	@Produce		json
//	@Param			id	path	int	true	"Speaker id"	minimum(1)
//	@Success		204
//	@Failure		400	{object}	api.Problem	"The id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such speaker"
//	@Failure		409	{object}	api.Problem	"The speaker still has quotes"
//	@Failure		500	{object}	api.Problem
//	@Failure		401	{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		403	{object}	api.Problem	"The key is not an admin key"
//	@Failure		429	{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id} [delete]
func (h *Speakers) Delete(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteSpeaker(c.Request.Context(), id); err != nil {
		return err
	}
	noContent(c)
	return nil
}

// AliasRequest names a speaker's new alias.
type AliasRequest struct {
	Name string `json:"name" example:"MI5 chief" maxLength:"200" binding:"required"`
} //@name AliasRequest

// AddAlias gives a speaker one more name.
//
//	@Summary		Add an alias
//	@Description	Gives a speaker one more name that sources use for it, so that quotes attributed to that name resolve to the speaker.
//	@Tags			speakers
//	@Accept			json
//	@Produce		json
//	@Param			id		path		int				true	"Speaker id"	minimum(1)
//	@Param			alias	body		AliasRequest	true	"The alias"
//	@Success		201		{object}	Alias
//	@Header			201		{string}	Location	"URL of the speaker"
//	@Failure		400		{object}	api.Problem	"A bad id, malformed JSON, an unknown field, or a bad name"
//	@Failure		404		{object}	api.Problem	"No such speaker"
//	@Failure		409		{object}	api.Problem	"The speaker already has this name (compared ignoring case, accents and honorifics)"
//	@Failure		422		{object}	api.Problem	"The name holds a control or invisible formatting character (bidi override, isolate or mark, C0 or C1 control, zero-width space…), named in errors"
//	@Failure		413		{object}	api.Problem	"The body is over 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		401		{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		429		{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id}/aliases [post]
func (h *Speakers) AddAlias(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	var req AliasRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	var fs errs.Fields
	checkString(&fs, "name", req.Name, true, maxName)
	if err := fs.Err(); err != nil {
		return err
	}
	a, err := h.Store.AddAlias(c.Request.Context(), id, strings.TrimSpace(req.Name))
	if err != nil {
		return err
	}
	c.Header("Location", location(c, "/api/v1/speakers/"+strconv.FormatInt(id, 10)))
	writeJSON(c, http.StatusCreated, Alias{ID: a.ID, Name: a.Name})
	return nil
}

// RemoveAlias removes one of a speaker's names.
//
//	@Summary		Remove an alias
//	@Description	Removes one of a speaker's aliases.
//	@Tags			speakers
//	@Produce		json
//	@Param			id			path	int	true	"Speaker id"	minimum(1)
//	@Param			alias_id	path	int	true	"Alias id"		minimum(1)
//	@Success		204
//	@Failure		400	{object}	api.Problem	"An id is not a positive integer"
//	@Failure		404	{object}	api.Problem	"No such speaker or alias"
//	@Failure		409	{object}	api.Problem	"The alias is the speaker's name: rename the speaker first"
//	@Failure		500	{object}	api.Problem
//	@Failure		401	{object}	api.Problem	"No API key, or a wrong or revoked one"
//	@Failure		403	{object}	api.Problem	"The key is not an admin key"
//	@Failure		429	{object}	api.Problem	"Too many requests from this key; see Retry-After"
//	@Security		BearerAuth
//	@Router			/api/v1/speakers/{id}/aliases/{alias_id} [delete]
func (h *Speakers) RemoveAlias(c *gin.Context) error {
	id, err := pathID(c, "id", "id")
	if err != nil {
		return err
	}
	aliasID, err := pathID(c, "alias_id", "alias_id")
	if err != nil {
		return err
	}
	if err := h.Store.RemoveAlias(c.Request.Context(), id, aliasID); err != nil {
		return err
	}
	noContent(c)
	return nil
}
