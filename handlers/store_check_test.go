package handlers_test

import (
	"github.com/whosaid/whosaid/handlers"
	"github.com/whosaid/whosaid/ingest"
	"github.com/whosaid/whosaid/store"
)

// The store and the extraction pipeline provide what the handlers declare
// they need.
var (
	_ handlers.QuoteStore      = (*store.Store)(nil)
	_ handlers.SpeakerStore    = (*store.Store)(nil)
	_ handlers.SourceStore     = (*store.Store)(nil)
	_ handlers.Pinger          = (*store.Store)(nil)
	_ handlers.Verifier        = (*store.Store)(nil)
	_ handlers.ReviewStore     = (*store.Store)(nil)
	_ handlers.SpeakerOpsStore = (*store.Store)(nil)
	_ handlers.Extractor       = ingest.FromText
)
