package handlers_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/factcheck"
	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/models"
)

// TestWireEnumsAreTheDomains: the enums the API documents for kinds,
// placements, statuses and verdicts (struct tags, which cannot name
// constants) are the sets models and factcheck define.
func TestWireEnumsAreTheDomains(t *testing.T) {
	verdicts := []string{string(factcheck.Verified), string(factcheck.Altered), string(factcheck.Misattributed), string(factcheck.Partial), string(factcheck.NotFound)}
	// sets are the allowed sets for a JSON field name.
	sets := map[string][][]string{
		"kind":      {models.QuoteKinds(), models.SpeakerKinds()},
		"placement": {models.Placements()},
		"status":    {models.QuoteStatuses()},
		"verdict":   {verdicts},
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	checked := 0
	for _, v := range []any{
		handlers.PreviewQuote{}, handlers.PreviewSpeaker{}, handlers.ReviewRequest{}, handlers.SplitRequest{},
		handlers.VerifyResult{}, handlers.CreateQuoteRequest{}, handlers.UpdateQuoteRequest{},
		handlers.CreateSpeakerRequest{}, handlers.UpdateSpeakerRequest{}, handlers.Quote{},
		handlers.QuoteSpeaker{}, handlers.Speaker{},
	} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			enums, ok := f.Tag.Lookup("enums")
			want, known := sets[name]
			if !ok || !known {
				continue
			}
			checked++
			got := sorted(strings.Split(enums, ","))
			if !slices.ContainsFunc(want, func(w []string) bool { return slices.Equal(sorted(w), got) }) {
				t.Errorf("%s.%s documents %q; the domain's %s values are %q", typ.Name(), f.Name, enums, name, want)
			}
		}
	}
	if checked < 15 {
		t.Errorf("checked only %d fields; a wire type lost its enums or the list above is stale", checked)
	}
}
