package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/store"
)

// TestListSpeakersByNamePages pages through the speakers a surname names:
// the same total on every page (SQLite counts in the page's query), names
// in order, every speaker once with all its aliases, the kind filter
// applied, and a page past the last match still counted.
func TestListSpeakersByNamePages(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	var ids []int64
	for _, in := range []store.SpeakerInput{
		{Name: "Ada Okafor", Aliases: []string{"Okafor", "Dr Okafor"}},
		{Name: "Bola Okafor", Aliases: []string{"Okafor"}},
		{Name: "Chidi Okafor", Aliases: []string{"Okafor"}},
		{Name: "Okafor Holdings", Kind: models.SpeakerOrganization},
		{Name: "Dayo Okaforo", Aliases: []string{"Okaforo"}},
		{Name: "Emeka Nwosu", Aliases: []string{"Okafor's deputy"}},
	} {
		sp, err := st.CreateSpeaker(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sp.ID)
	}
	want := []string{"Ada Okafor", "Bola Okafor", "Chidi Okafor", "Dayo Okaforo", "Emeka Nwosu", "Okafor Holdings"}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "okafor", Page: store.Page{Limit: 4, Cursor: cursor}})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 6 || page.TotalIsEstimate {
			t.Errorf("page %d: total %d (estimate %v), want 6", pages, page.Total, page.TotalIsEstimate)
		}
		for _, sp := range page.Speakers {
			got = append(got, sp.Name)
			if sp.Name == "Ada Okafor" {
				var aliases []string
				for _, a := range sp.Aliases {
					aliases = append(aliases, a.Name)
				}
				if !slices.Equal(aliases, []string{"Ada Okafor", "Okafor"}) || sp.Aliases[0].SpeakerID != sp.ID {
					t.Errorf("Ada Okafor's aliases %q", aliases)
				}
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
		if pages > 3 {
			t.Fatal("no last page")
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("speakers %q, want %q", got, want)
	}

	orgs, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "okafor", Kind: models.SpeakerOrganization})
	if err != nil {
		t.Fatal(err)
	}
	if orgs.Total != 1 || len(orgs.Speakers) != 1 || orgs.Speakers[0].Name != "Okafor Holdings" {
		t.Errorf("organizations: total %d, %d speakers", orgs.Total, len(orgs.Speakers))
	}

	first, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "okafor", Page: store.Page{Limit: 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[2:] {
		if err := st.DeleteSpeaker(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	rest, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "okafor", Page: store.Page{Limit: 2, Cursor: first.NextCursor}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Speakers) != 0 || rest.Total != 2 || rest.NextCursor != "" {
		t.Errorf("past the last match: %d speakers, total %d, cursor %q", len(rest.Speakers), rest.Total, rest.NextCursor)
	}
	none, err := st.ListSpeakers(ctx, store.SpeakerFilter{Q: "zzyzx"})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Speakers) != 0 || none.Total != 0 {
		t.Errorf("no match: %d speakers, total %d", len(none.Speakers), none.Total)
	}
}
