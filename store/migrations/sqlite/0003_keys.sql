-- whosaid schema, version 3 (SQLite): API keys. Writes need a key with a
-- role. Only a SHA-256 hash of each key is kept (keys are 256-bit random
-- tokens, so a fast hash is enough); prefix is the key's first characters,
-- not secret, shown so that people can tell their keys apart, and used to
-- find the row before the hash is compared in constant time.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT     NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role       TEXT     NOT NULL CHECK (role IN ('editor', 'admin')),
    prefix     TEXT     NOT NULL UNIQUE,
    hash       BLOB     NOT NULL CHECK (length(hash) = 32),
    created_at DATETIME NOT NULL,
    revoked_at DATETIME
);
