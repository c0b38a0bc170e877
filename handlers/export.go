package handlers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/whosaid/whosaid/errs"
	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// Export formats and their media types. Lists of quotes and verify
// results are written in the one the client asks for: by the Accept
// header, else by the format query parameter, else JSON.
const (
	FormatJSON   = "json"
	FormatCSV    = "csv"
	FormatJSONLD = "jsonld"

	mediaJSON   = "application/json"
	mediaCSV    = "text/csv"
	mediaJSONLD = "application/ld+json"
)

var mediaOf = map[string]string{FormatJSON: mediaJSON, FormatCSV: mediaCSV, FormatJSONLD: mediaJSONLD}

// negotiate picks the response format among allowed (the first is the
// default). An Accept header naming one of them wins, by its q-values; an
// Accept of */*, application/*, none, or one naming none of them leaves
// the choice to the format query parameter, which must be one of allowed.
func negotiate(c *gin.Context, allowed ...string) (string, error) {
	if f, ok := fromAccept(c.GetHeader("Accept"), allowed); ok {
		return f, nil
	}
	f := c.Query("format")
	if f == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", errs.Invalidf("format", "must be one of %s", strings.Join(allowed, ", "))
}

// fromAccept returns the allowed format the Accept header prefers, if it
// names any explicitly.
func fromAccept(accept string, allowed []string) (string, bool) {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		for _, f := range allowed {
			if mediaOf[f] == mt && q > bestQ {
				best, bestQ = f, q
			}
		}
	}
	return best, best != ""
}

// writeFormatted writes v, already shaped for the chosen format, with its
// media type. JSON-LD and JSON are written without HTML escaping.
func writeFormatted(c *gin.Context, status int, format string, v any) error {
	c.Header("Vary", "Accept")
	switch format {
	case FormatJSONLD:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		c.Data(status, mediaJSONLD+"; charset=utf-8", buf.Bytes())
	default:
		writeJSON(c, status, v)
	}
	return nil
}

// csvHeader is the header row of a quote CSV export.
var csvHeader = []string{"id", "text", "speaker", "speaker_id", "speaker_kind", "source_id", "source_title", "outlet", "url",
	"published_at", "reported_at", "said_on", "said_when", "kind", "status", "context"}

// writeQuotesCSV writes quotes as RFC 4180 CSV: a header row, then one
// quote per row. Cells that a spreadsheet would read as a formula (those
// starting with = + - @, tab or carriage return) are prefixed with '.
func writeQuotesCSV(c *gin.Context, quotes []Quote, filename string) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	for _, q := range quotes {
		row := []string{strconv.FormatInt(q.ID, 10), q.Text, "", "", "", "", "", "", "", "",
			q.ReportedAt.UTC().Format(time.RFC3339), deref(q.SaidOn), q.SaidWhen, q.Kind, q.Status, q.Context}
		if s := q.Speaker; s != nil {
			row[2], row[3], row[4] = s.Name, strconv.FormatInt(s.ID, 10), s.Kind
		}
		if s := q.Source; s != nil {
			row[5], row[6], row[7], row[8] = strconv.FormatInt(s.ID, 10), s.Title, s.Outlet, deref(s.URL)
			if s.PublishedAt != nil {
				row[9] = s.PublishedAt.UTC().Format(time.RFC3339)
			}
		}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Header("Vary", "Accept")
	c.Header("Content-Disposition", `attachment; filename="`+filename+`"`)
	c.Data(http.StatusOK, mediaCSV+"; charset=utf-8; header=present", buf.Bytes())
	return nil
}

// csvSafe defuses a cell that a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// schemaContext is the JSON-LD context of every export.
const schemaContext = "https://schema.org"

// LDThing is a schema.org node: its type and properties.
type LDThing map[string]any

// ldAgent is a speaker as a schema.org Person or Organization.
func ldAgent(s *QuoteSpeaker, qid *string) LDThing {
	if s == nil {
		return nil
	}
	t := LDThing{"@type": "Person", "name": s.Name}
	if s.Kind == models.SpeakerOrganization {
		t["@type"] = "Organization"
	}
	if qid != nil && *qid != "" {
		t["sameAs"] = "https://www.wikidata.org/wiki/" + *qid
	}
	return t
}

// ldWork is a source as a schema.org CreativeWork.
func ldWork(s *QuoteSource) LDThing {
	if s == nil {
		return nil
	}
	t := LDThing{"@type": "CreativeWork", "name": s.Title}
	if s.URL != nil {
		t["url"] = *s.URL
	}
	if s.Outlet != "" {
		t["publisher"] = LDThing{"@type": "Organization", "name": s.Outlet}
	}
	if s.PublishedAt != nil {
		t["datePublished"] = s.PublishedAt.UTC().Format(time.RFC3339)
	}
	return t
}

// ldQuotation is a quote as a schema.org Quotation: spoken by (and
// created by) its speaker, part of (and cited from) its source.
func ldQuotation(base string, q Quote) LDThing {
	t := LDThing{"@type": "Quotation", "@id": base + "/api/v1/quotes/" + strconv.FormatInt(q.ID, 10), "text": q.Text}
	if a := ldAgent(q.Speaker, nil); a != nil {
		t["spokenByCharacter"] = a
		t["creator"] = a
	}
	if w := ldWork(q.Source); w != nil {
		t["isPartOf"] = w
		t["citation"] = w
	}
	if q.SaidOn != nil {
		t["dateCreated"] = *q.SaidOn
	}
	return t
}

// ldQuoteList is a list of quotes as a schema.org ItemList of Quotations.
func ldQuoteList(base string, quotes []Quote) LDThing {
	items := make([]LDThing, len(quotes))
	for i, q := range quotes {
		items[i] = LDThing{"@type": "ListItem", "position": i + 1, "item": ldQuotation(base, q)}
	}
	return LDThing{"@context": schemaContext, "@type": "ItemList", "numberOfItems": len(quotes), "itemListElement": items}
}

// ratings grade verdicts on a 1 (worst) to 5 (best) scale for ClaimReview.
var ratings = map[string]int{
	string(factcheck.Verified): 5, string(factcheck.Altered): 3,
	string(factcheck.Partial): 2, string(factcheck.Misattributed): 1,
}

// ldClaimReview is a verify result as a schema.org ClaimReview: the claim
// reviewed, a rating whose alternateName is the verdict, and the claim
// itself with its claimed author and the quotes it rests on.
func ldClaimReview(base, self string, r VerifyResult, now time.Time) LDThing {
	rating := LDThing{"@type": "Rating", "alternateName": r.Verdict, "bestRating": 5, "worstRating": 1, "ratingExplanation": r.Explanation}
	if v, ok := ratings[r.Verdict]; ok {
		rating["ratingValue"] = v
	}
	claim := LDThing{"@type": "Claim", "text": r.Claim}
	if r.ClaimedSpeaker != nil {
		claim["author"] = LDThing{"@type": "Person", "name": *r.ClaimedSpeaker}
		if len(r.SpeakerMatches) > 0 && r.SpeakerMatches[0].Confidence >= 1 {
			claim["author"] = ldAgent(&r.SpeakerMatches[0].Speaker, nil)
		}
	}
	if len(r.Evidence) > 0 && r.Verdict != "not_found" {
		e := r.Evidence[0]
		claim["appearance"] = ldQuotation(base, e.Quote)
		if e.EarliestReport.Source != nil {
			claim["firstAppearance"] = ldWork(e.EarliestReport.Source)
		}
	}
	return LDThing{
		"@context":      schemaContext,
		"@type":         "ClaimReview",
		"url":           self,
		"claimReviewed": r.Claim,
		"datePublished": now.UTC().Format(time.DateOnly),
		"author":        LDThing{"@type": "Organization", "name": "whosaid"},
		"reviewRating":  rating,
		"itemReviewed":  claim,
	}
}

// baseURL is what JSON-LD ids start with: the request's link base
// (https://host/prefix), or "" for ids relative to the document.
func baseURL(c *gin.Context) string {
	u := linkURL(c, "", "", "")
	return u.String()
}

// writeQuoteList writes one page of quotes in the negotiated format: the
// JSON list with its links, CSV, or a JSON-LD ItemList of Quotations.
func writeQuoteList(c *gin.Context, format string, page store.QuotePage, filename string) error {
	switch format {
	case FormatCSV:
		return writeQuotesCSV(c, toQuoteHits(page.Quotes), filename)
	case FormatJSONLD:
		return writeFormatted(c, http.StatusOK, format, ldQuoteList(baseURL(c), toQuoteHits(page.Quotes)))
	}
	return writeFormatted(c, http.StatusOK, format, quoteList(c, page))
}
