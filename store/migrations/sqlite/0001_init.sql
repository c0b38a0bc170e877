-- whosaid schema, version 1 (SQLite).
-- Offsets count Unicode code points. Times are UTC.

CREATE TABLE speakers (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug         TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL CHECK (kind IN ('person', 'organization')),
    description  TEXT    NOT NULL DEFAULT '',
    wikidata_qid TEXT    UNIQUE CHECK (wikidata_qid GLOB 'Q[1-9]*'),
    quote_count  INTEGER NOT NULL DEFAULT 0,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);

-- Every name a speaker goes by, its canonical name included. key is the
-- case-, accent- and honorific-insensitive form (names.Normalize).
CREATE INDEX speakers_name ON speakers (lower(name), id);

CREATE TABLE speaker_aliases (
    id         INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    key        TEXT    NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (speaker_id, key)
);
CREATE INDEX speaker_aliases_key ON speaker_aliases (key, speaker_id);

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    outlet       TEXT    NOT NULL DEFAULT '',
    url          TEXT    UNIQUE,
    author       TEXT    NOT NULL DEFAULT '',
    published_at DATETIME,
    text         TEXT    NOT NULL,
    content_hash TEXT    NOT NULL UNIQUE,
    quote_count  INTEGER NOT NULL DEFAULT 0,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX sources_published ON sources (published_at DESC, id DESC);
CREATE INDEX sources_outlet ON sources (lower(outlet), published_at DESC, id DESC);

CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    text         TEXT    NOT NULL CHECK (length(text) >= 1),
    speaker_id   INTEGER REFERENCES speakers (id) ON DELETE RESTRICT,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL,
    context      TEXT    NOT NULL DEFAULT '',
    kind         TEXT    NOT NULL CHECK (kind IN ('direct', 'partial', 'embedded')),
    placement    TEXT    NOT NULL DEFAULT 'body' CHECK (placement IN ('body', 'headline', 'caption')),
    cue          TEXT    NOT NULL DEFAULT '',
    said_when    TEXT    NOT NULL DEFAULT '',
    said_on      TEXT,
    setting      TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'extracted' CHECK (status IN ('extracted', 'verified', 'disputed', 'retracted')),
    confidence   REAL    NOT NULL DEFAULT 1 CHECK (confidence BETWEEN 0 AND 1),
    continues_id INTEGER REFERENCES quotes (id) ON DELETE SET NULL,
    reported_at  DATETIME NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    CHECK (end_offset > start_offset),
    UNIQUE (source_id, start_offset, end_offset)
);
-- Lists are keyset-paginated on (reported_at, id) within each filter.
CREATE INDEX quotes_reported ON quotes (reported_at DESC, id DESC);
CREATE INDEX quotes_speaker ON quotes (speaker_id, reported_at DESC, id DESC);
CREATE INDEX quotes_status ON quotes (status, reported_at DESC, id DESC);
CREATE INDEX quotes_kind ON quotes (kind, reported_at DESC, id DESC);
CREATE INDEX quotes_continues ON quotes (continues_id) WHERE continues_id IS NOT NULL;

-- Counters kept by triggers so lists never count a million rows.
CREATE TRIGGER quotes_count_ins AFTER INSERT ON quotes BEGIN
    UPDATE sources SET quote_count = quote_count + 1 WHERE id = new.source_id;
    UPDATE speakers SET quote_count = quote_count + 1 WHERE id = new.speaker_id;
END;
CREATE TRIGGER quotes_count_del AFTER DELETE ON quotes BEGIN
    UPDATE sources SET quote_count = quote_count - 1 WHERE id = old.source_id;
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = old.speaker_id;
END;
CREATE TRIGGER quotes_count_speaker AFTER UPDATE OF speaker_id ON quotes
WHEN old.speaker_id IS NOT new.speaker_id BEGIN
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = old.speaker_id;
    UPDATE speakers SET quote_count = quote_count + 1 WHERE id = new.speaker_id;
END;

-- Full-text index over quote text (external content: the text is stored once).
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text,
    content = 'quotes',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_ins AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_del AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_upd AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Full-text index over source titles and text.
CREATE VIRTUAL TABLE sources_fts USING fts5 (
    title,
    text,
    content = 'sources',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sources_fts_ins AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER sources_fts_del AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER sources_fts_upd AFTER UPDATE OF title, text ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO sources_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
