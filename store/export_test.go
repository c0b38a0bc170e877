package store

// SetAfterSpeakerLookup makes f run inside each ingest between looking a
// speaker up by name and creating it, so a test can hold that window open.
func SetAfterSpeakerLookup(s *Store, f func()) { s.afterSpeakerLookup = f }
