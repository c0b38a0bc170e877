-- whosaid schema, version 4 (PostgreSQL): mirrors
-- migrations/sqlite/0004_speaker_aliases_by_speaker.sql: a speaker's
-- aliases in id order from the index alone.
CREATE INDEX speaker_aliases_speaker ON speaker_aliases (speaker_id, id) INCLUDE (name, key, created_at);
