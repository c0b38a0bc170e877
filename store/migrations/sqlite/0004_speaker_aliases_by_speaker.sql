-- whosaid schema, version 4 (SQLite): a speaker's aliases in id order from
-- one index page. A quote or speaker is shown with its speaker's aliases;
-- through the (speaker_id, key) index each alias was one more lookup in
-- the table, and the ids were sorted after.
CREATE INDEX speaker_aliases_speaker ON speaker_aliases (speaker_id, id, name, key, created_at);
