package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/ingest"
)

// The real extraction pipeline, end to end through the API: preview finds
// the quote and its speaker; storing links the speaker to the seed's.
func TestRealExtraction(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withExtract(ingest.FromText))
	text := "MI5 warns again\n\nSir Ken McCallum said: “We will not be deterred by anyone, anywhere.”\n"

	w := send(t, s, http.MethodPost, "/api/v1/extract", `{"text": `+jsonString(text)+`}`, http.StatusOK)
	preview := decode[handlers.ExtractResponse](t, w)
	if len(preview.Quotes) == 0 {
		t.Fatalf("preview found no quote in %q", text)
	}
	q := preview.Quotes[0]
	if q.Text != "We will not be deterred by anyone, anywhere." || string([]rune(text)[q.Start:q.End]) != q.Text || !strings.Contains(q.Speaker, "McCallum") {
		t.Errorf("preview quote %+v", q)
	}

	w = send(t, s, http.MethodPost, "/api/v1/sources", `{"title": "MI5 warns again", "text": `+jsonString(text)+`}`, http.StatusCreated)
	src := decode[handlers.IngestedSource](t, w)
	if len(src.Quotes) == 0 || src.Quotes[0].Speaker == nil || src.Quotes[0].Speaker.Slug != "ken-mccallum" {
		t.Errorf("stored quotes %+v", src.Quotes)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
