package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/whosaid/whosaid/store"
)

// Ingester stores a document with its speakers and quotes; *store.Store is one.
type Ingester interface {
	Ingest(ctx context.Context, in store.IngestInput) (store.IngestResult, error)
}

// Load stores the seed corpus through the same ingest path as any other
// document. It is idempotent: a document already stored (same text) is
// left as it is, so loading on every start adds nothing the second time.
// It returns how many documents it added.
func Load(ctx context.Context, st Ingester) (int, error) {
	docs, err := Corpus()
	if err != nil {
		return 0, err
	}
	added := 0
	for _, d := range docs {
		in, err := ToIngest(d)
		if err != nil {
			return added, err
		}
		res, err := st.Ingest(ctx, in)
		if err != nil {
			return added, fmt.Errorf("seed %s: %w", d.Name, err)
		}
		if res.Created {
			added++
		}
	}
	return added, nil
}

// ToIngest converts a reviewed seed document into an ingest request.
func ToIngest(d Document) (store.IngestInput, error) {
	in := store.IngestInput{Source: store.SourceInput{
		Title: d.Title, Outlet: d.Outlet, Author: d.Author, Text: d.Text,
	}}
	if d.URL != "" {
		u := d.URL
		in.Source.URL = &u
	}
	if d.Published != "" {
		t, err := time.Parse("2006-01-02", d.Published)
		if err != nil {
			return in, fmt.Errorf("seed %s: published: %w", d.Name, err)
		}
		in.Source.PublishedAt = &t
	}
	for _, s := range d.Speakers {
		in.Speakers = append(in.Speakers, store.IngestSpeaker{
			Name: s.Name, Kind: s.Kind, Description: s.Description, Aliases: s.Aliases,
		})
	}
	for _, q := range d.Quotes {
		in.Quotes = append(in.Quotes, store.IngestQuote{
			Text: q.Text, Start: q.Start, End: q.End, Speaker: q.Speaker, Kind: q.Kind,
			Placement: q.Placement, Cue: q.Cue, Context: q.Context, SaidWhen: q.SaidWhen,
			Setting: q.Setting, Confidence: 1, Continues: q.Continues,
		})
	}
	return in, nil
}
