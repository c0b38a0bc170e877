-- whosaid schema, version 2 (SQLite): fact-checking. Reports of the same
-- utterance are linked, speakers can be merged and split, every change to
-- a quote or speaker is kept, and claims are verified through indexes.

-- A speaker's role ("Director General of MI5") next to its description.
ALTER TABLE speakers ADD COLUMN role TEXT NOT NULL DEFAULT '';

-- A speaker merged into another is deleted and leaves a redirect: its old
-- id and slug keep answering, with the speaker it now is. Merging the
-- target again moves its redirects along, so they never chain.
CREATE TABLE speaker_redirects (
    old_id     INTEGER PRIMARY KEY,
    old_slug   TEXT    NOT NULL UNIQUE,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    merged_at  DATETIME NOT NULL
);
CREATE INDEX speaker_redirects_speaker ON speaker_redirects (speaker_id);

-- Quotes that report the same words said once (by several outlets, or in
-- different wording) share utterance_id: the id of the quote that started
-- the cluster. NULL for a quote nobody else reports. It is a label, not a
-- foreign key, so deleting the first report does not split the cluster.
ALTER TABLE quotes ADD COLUMN utterance_id INTEGER;
CREATE INDEX quotes_utterance ON quotes (utterance_id, reported_at, id) WHERE utterance_id IS NOT NULL;

-- When the words were said: said_on when known, else the day they were
-- reported. Speaker timelines are keyset-paginated on it.
ALTER TABLE quotes ADD COLUMN said_at TEXT GENERATED ALWAYS AS (coalesce(said_on, substr(reported_at, 1, 10))) VIRTUAL;
CREATE INDEX quotes_speaker_said ON quotes (speaker_id, said_at, id);

-- Every change to a quote or speaker: who, when, what it was before and
-- after (JSON snapshots; before is NULL for a creation, after for a
-- deletion). No foreign key: history outlives what it describes.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    entity    TEXT    NOT NULL CHECK (entity IN ('quote', 'speaker')),
    entity_id INTEGER NOT NULL,
    action    TEXT    NOT NULL,
    actor     TEXT    NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    note      TEXT    NOT NULL DEFAULT '',
    before    TEXT,
    after     TEXT,
    at        DATETIME NOT NULL
);
CREATE INDEX history_entity ON history (entity, entity_id, id);

-- Document frequencies of quote words, so that verifying a claim can look
-- up its rarest words first (fts5vocab reads them from the index).
CREATE VIRTUAL TABLE quotes_fts_vocab USING fts5vocab (quotes_fts, row);

-- Words of speaker names and aliases, so that a claimed "MI5 boss" finds
-- "MI5 chief" and "the head of MI5" without a scan of every alias.
CREATE VIRTUAL TABLE speaker_aliases_fts USING fts5 (
    name,
    content = 'speaker_aliases',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER speaker_aliases_fts_ins AFTER INSERT ON speaker_aliases BEGIN
    INSERT INTO speaker_aliases_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER speaker_aliases_fts_del AFTER DELETE ON speaker_aliases BEGIN
    INSERT INTO speaker_aliases_fts (speaker_aliases_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER speaker_aliases_fts_upd AFTER UPDATE OF name ON speaker_aliases BEGIN
    INSERT INTO speaker_aliases_fts (speaker_aliases_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO speaker_aliases_fts (rowid, name) VALUES (new.id, new.name);
END;
INSERT INTO speaker_aliases_fts (speaker_aliases_fts) VALUES ('rebuild');
