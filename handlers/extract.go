package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/store"
)

// Extraction previews what storing a text would find, without storing it.
type Extraction struct {
	Extract Extractor
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
//	@Tags			extract
//	@Accept			json
//	@Produce		json
//	@Param			text	body		ExtractRequest	true	"The text"
//	@Success		200		{object}	ExtractResponse
//	@Failure		400		{object}	api.Problem	"Malformed JSON, an unknown field, or a missing, too long (over 2 MiB) or invalid text"
//	@Failure		413		{object}	api.Problem	"The body is over 8 MiB"
//	@Failure		500		{object}	api.Problem
//	@Failure		503		{object}	api.Problem	"Extraction is not available"
//	@Router			/api/v1/extract [post]
func (h *Extraction) Preview(c *gin.Context) error {
	var req ExtractRequest
	if err := decodeJSON(c, maxSourceBody, &req); err != nil {
		return err
	}
	var fs errs.Fields
	if len(req.Text) > maxSourceText {
		fs.Add("text", "must be at most %d bytes", maxSourceText)
	} else {
		checkString(&fs, "text", req.Text, true, maxSourceText)
	}
	if err := fs.Err(); err != nil {
		return err
	}
	if h.Extract == nil {
		return errs.E(errs.Unavailable, "quote extraction is not available")
	}
	writeJSON(c, http.StatusOK, toPreview(h.Extract(store.SourceInput{Text: req.Text})))
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
