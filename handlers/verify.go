package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/store"
)

// Verifier checks claimed quotes against the record. Verify returns
// errs.Invalid naming claim, speaker or limit for bad input; any other
// error is internal.
type Verifier interface {
	// Verify gives the verdict on a claim with its evidence.
	Verify(ctx context.Context, in store.VerifyInput) (store.VerifyResult, error)
}

// Verification serves claim verification.
type Verification struct {
	Store Verifier
	// Now is the clock ClaimReview dates come from; time.Now when nil.
	Now func() time.Time
}

// Post verifies a claimed quote sent as JSON.
//
//	@Summary		Verify a claimed quote
//	@Description	Checks the words someone claims were said — as they circulate: misremembered words, lost punctuation, an ellipsis, straight instead of curly quotes — against the stored quotes, and answers with a verdict (verified, altered, misattributed, partial, not_found) and the evidence: matching quotes with a similarity score, a word-level diff, their sources and the earliest report. Give the claimed speaker in speaker, or let the claim name one ("X said (that) …", "…, X said"); speakers are matched through their aliases, and by distinctive name words with less confidence ("MI5 boss" → "MI5 chief"). not_found means nothing stored comes close: it is not proof the words were never said. Ask for application/ld+json (or format=jsonld) to get a schema.org ClaimReview.
//	@Tags			verify
//	@Accept			json
//	@Produce		json,application/ld+json
//	@Param			body	body		VerifyRequest	true	"The claim"
//	@Param			format	query		string			false	"Response format when Accept names none"	Enums(json, jsonld)
//	@Success		200		{object}	VerifyResult
//	@Failure		400		{object}	api.Problem	"A missing or too long claim, a bad speaker or limit, or an unknown field"
//	@Failure		413		{object}	api.Problem	"The body is larger than 1 MiB"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/verify [post]
func (h *Verification) Post(c *gin.Context) error {
	format, err := negotiate(c, FormatJSON, FormatJSONLD)
	if err != nil {
		return err
	}
	var req VerifyRequest
	if err := decodeJSON(c, maxBody, &req); err != nil {
		return err
	}
	return h.verify(c, format, req)
}

// Get verifies a claimed quote given in the query string, for links.
//
//	@Summary		Verify a claimed quote (link form)
//	@Description	The same as POST /api/v1/verify with the claim in the query string, so that a verdict can be linked to.
//	@Tags			verify
//	@Produce		json,application/ld+json
//	@Param			claim	query		string	true	"The words claimed to have been said, optionally with who said them"	example(MI5 boss said Chinese spies are a threat every single day)
//	@Param			speaker	query		string	false	"Who is claimed to have said them"										example(Ken McCallum)
//	@Param			limit	query		int		false	"Evidence entries"														minimum(1)	maximum(20)	default(5)
//	@Param			format	query		string	false	"Response format when Accept names none"								Enums(json, jsonld)
//	@Success		200		{object}	VerifyResult
//	@Failure		400		{object}	api.Problem	"A missing or too long claim, a bad speaker or limit, or an unknown parameter"
//	@Failure		500		{object}	api.Problem
//	@Router			/api/v1/verify [get]
func (h *Verification) Get(c *gin.Context) error {
	q := newQuery(c, "claim", "speaker", "limit", "format")
	req := VerifyRequest{Claim: q.str("claim", store.MaxClaimChars), Speaker: q.str("speaker", maxName), Limit: q.limit(store.MaxEvidence)}
	if err := q.err(); err != nil {
		return err
	}
	format, err := negotiate(c, FormatJSON, FormatJSONLD)
	if err != nil {
		return err
	}
	return h.verify(c, format, req)
}

func (h *Verification) verify(c *gin.Context, format string, req VerifyRequest) error {
	res, err := h.Store.Verify(c.Request.Context(), store.VerifyInput{Claim: req.Claim, Speaker: req.Speaker, Limit: req.Limit})
	if err != nil {
		return err
	}
	out := toVerifyResult(res)
	if format == FormatJSONLD {
		now := time.Now
		if h.Now != nil {
			now = h.Now
		}
		self := requestURL(c)
		if c.Request.Method == http.MethodPost {
			// A POSTed claim is reviewed at the link form's address.
			q := self.Query()
			q.Del("format")
			q.Set("claim", req.Claim)
			if req.Speaker != "" {
				q.Set("speaker", req.Speaker)
			}
			self.RawQuery = q.Encode()
		}
		return writeFormatted(c, http.StatusOK, format, ldClaimReview(baseURL(c), self.String(), out, now()))
	}
	return writeFormatted(c, http.StatusOK, format, out)
}
