package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// Extraction previews what storing a text would find, without storing it.
// TextTimeout bounds the extraction (0: DefaultTextTimeout); TextSlots
// bound how many texts are worked on at once (nil: no bound).
type Extraction struct {
	Extract     Extractor
	TextTimeout time.Duration
	TextSlots   TextSlots
}

// ExtractRequest is a text to find quotes in.
type ExtractRequest struct {
	Text string `json:"text" example:"Sir Ken McCallum said China poses a threat “every day”." binding:"required"`
} //@name ExtractRequest

// PreviewQuote is a quote found in a previewed text. Start and End count
// characters; continues is the index, in quotes, of the quote this one
// continues.
type PreviewQuote struct {
	Text       string  `json:"text" example:"every day"`
	Start      int     `json:"start" example:"44"`
	End        int     `json:"end" example:"53"`
	Speaker    string  `json:"speaker" example:"Sir Ken McCallum"`
	Kind       string  `json:"kind" example:"partial" enums:"direct,partial,embedded"`
	Placement  string  `json:"placement" example:"body" enums:"body,headline,caption"`
	Cue        string  `json:"cue" example:"said"`
	Context    string  `json:"context" example:"Sir Ken McCallum said China poses a threat “every day”."`
	SaidWhen   string  `json:"said_when" example:""`
	Setting    string  `json:"setting" example:""`
	Confidence float64 `json:"confidence" example:"0.8"`
	Continues  *int    `json:"continues" example:"0"`
} //@name PreviewQuote

// PreviewSpeaker is a speaker as a previewed text names it.
type PreviewSpeaker struct {
	Name        string   `json:"name" example:"Ken McCallum"`
	Kind        string   `json:"kind" example:"person" enums:"person,organization"`
	Description string   `json:"description" example:"Director General of MI5"`
	Aliases     []string `json:"aliases" example:"Sir Ken McCallum,Sir Ken"`
} //@name PreviewSpeaker

// ExtractResponse is what extraction found in a text.
type ExtractResponse struct {
	Quotes   []PreviewQuote   `json:"quotes"`
	Speakers []PreviewSpeaker `json:"speakers"`
} //@name ExtractResponse

// Preview finds the quotes and speakers in a text without storing them.
//
//	@Summary		Preview extraction
//	@Description	Finds the quotes in a text and who said them, exactly as storing it as a source would, but stores nothing.
//	@Description	Limits, as for storing a source: the text is at most 2 MiB (2097152 bytes; over it, 413); it may hold at most 2000 quotations, nested ones included (over it, 422); a quotation longer than 10000 characters is left out. Nested quotations get records two levels deep. Extraction must end within the server's text timeout (--text-timeout, 30s by default; over it, 503).
//	@Tags			extract
//	@Accept			json
//	@Produce		json
//	@Param			text	body		ExtractRequest	true	"The text"
//	@Success		200		{object}	ExtractResponse
//	@Failure		400		{object}	api.Problem	"Malformed JSON, an unknown field, or a missing or invalid text"
//	@Failure		413		{object}	api.Problem	"The body is over 8 MiB, or the text over 2 MiB (2097152 bytes)"
//	@Failure		422		{object}	api.Problem	"The text holds more than 2000 quotations"
//	@Failure		500		{object}	api.Problem
//	@Failure		503		{object}	api.Problem	"Extraction is not available, or it took longer than the server's text timeout"
//	@Router			/api/v1/extract [post]
func (h *Extraction) Preview(c *gin.Context) error {
	var req ExtractRequest
	if err := decodeJSON(c, maxSourceBody, &req); err != nil {
		return err
	}
	var fs errs.Fields
	if err := checkSourceText(&fs, req.Text); err != nil {
		return err
	}
	if err := fs.Err(); err != nil {
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
	in, err := h.Extract(ctx, store.SourceInput{Text: req.Text})
	if err != nil {
		return textError(ctx, c, h.TextTimeout, err)
	}
	writeJSON(c, http.StatusOK, toPreview(in))
	return nil
}

func toPreview(in store.IngestInput) ExtractResponse {
	out := ExtractResponse{
		Quotes:   make([]PreviewQuote, len(in.Quotes)),
		Speakers: make([]PreviewSpeaker, len(in.Speakers)),
	}
	for i, q := range in.Quotes {
		out.Quotes[i] = PreviewQuote{
			Text:       q.Text,
			Start:      q.Start,
			End:        q.End,
			Speaker:    q.Speaker,
			Kind:       q.Kind,
			Placement:  q.Placement,
			Cue:        q.Cue,
			Context:    q.Context,
			SaidWhen:   q.SaidWhen,
			Setting:    q.Setting,
			Confidence: q.Confidence,
			Continues:  q.Continues,
		}
	}
	for i, s := range in.Speakers {
		aliases := s.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out.Speakers[i] = PreviewSpeaker{Name: s.Name, Kind: s.Kind, Description: s.Description, Aliases: aliases}
	}
	return out
}
