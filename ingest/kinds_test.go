package ingest

import (
	"slices"
	"testing"

	"github.com/whosaid/whosaid/extract"
	"github.com/whosaid/whosaid/models"
)

// TestExtractNamesTheModelsKinds: ingest hands extract's kinds,
// placements and speaker kinds to the store as they are, so extract (which
// is on the models' layer and may not import it) must spell each one as
// models does.
func TestExtractNamesTheModelsKinds(t *testing.T) {
	for _, tc := range []struct {
		what          string
		extract, want []string
	}{
		{"quote kinds", []string{string(extract.KindDirect), string(extract.KindPartial), string(extract.KindEmbedded)}, models.QuoteKinds()},
		{"placements", []string{extract.PlaceBody, extract.PlaceHeadline, extract.PlaceCaption}, models.Placements()},
		{"speaker kinds", []string{extract.SpeakerPerson, extract.SpeakerOrganization}, models.SpeakerKinds()},
		{"scored kinds", extract.Kinds[:len(extract.Kinds)-1], models.QuoteKinds()},
	} {
		if !slices.Equal(tc.extract, tc.want) {
			t.Errorf("extract's %s are %q; models' are %q", tc.what, tc.extract, tc.want)
		}
	}
}
