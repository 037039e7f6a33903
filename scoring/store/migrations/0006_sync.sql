-- 0006: the sync of the review log through a shared folder (package
-- scoring/logsync). Every entry written to or read from the folder has a
-- global id: the device that made it (origin) and its sequence number
-- there (seq). Rows made here have no global id (NULL) until the next sync
-- gives them one.

-- This database's device: a random id, made at the first sync, and the
-- next sequence number to give.
CREATE TABLE sync_self (
    one      INTEGER PRIMARY KEY CHECK (one = 1),
    device   TEXT    NOT NULL CHECK (device <> ''),
    next_seq INTEGER NOT NULL CHECK (next_seq > 0)
);

ALTER TABLE reviews ADD COLUMN origin TEXT;
ALTER TABLE reviews ADD COLUMN seq INTEGER;
CREATE UNIQUE INDEX reviews_gid ON reviews (origin, seq) WHERE origin IS NOT NULL;
-- The whole log in time order, ties broken by global id, the same on every
-- device (rebuild, export, a card's replay after a sync).
DROP INDEX reviews_time;
CREATE INDEX reviews_time ON reviews (time_ms, origin, seq, id);

ALTER TABLE sessions ADD COLUMN origin TEXT;
ALTER TABLE sessions ADD COLUMN seq INTEGER;
CREATE UNIQUE INDEX sessions_gid ON sessions (origin, seq) WHERE origin IS NOT NULL;

-- When each setting was last set, and by which entry: settings merge by
-- last writer (time, then global id). A row without origin is a change made
-- here and not yet written to the folder. Settings set before this
-- migration count as set at time 0.
CREATE TABLE settings_meta (
    key     TEXT    PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    origin  TEXT,
    seq     INTEGER
) WITHOUT ROWID;
CREATE INDEX settings_meta_gid ON settings_meta (origin, seq);
INSERT INTO settings_meta (key, time_ms) SELECT key, 0 FROM settings;

-- How far each file of the folder has been read: size is always the end
-- of a complete line. head and tail are SHA-256 of the first 4096 bytes
-- and of the 4096 bytes before size (fewer in a short file): a file that
-- no longer has them, or is shorter than size, is read again from its start.
CREATE TABLE sync_files (
    path    TEXT    PRIMARY KEY,
    device  TEXT    NOT NULL,
    size    INTEGER NOT NULL, -- bytes read: the end of a complete line
    lines   INTEGER NOT NULL,
    head    BLOB    NOT NULL,
    tail    BLOB    NOT NULL,
    max_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- What was exchanged with each device (this one included), for `ontap sync
-- --status`. Times are this device's clock, but last_entry_ms, the time of
-- the newest entry read from the device, which is its clock.
CREATE TABLE sync_devices (
    device        TEXT    PRIMARY KEY,
    n_read        INTEGER NOT NULL DEFAULT 0, -- entries read from its files
    n_added       INTEGER NOT NULL DEFAULT 0, -- of which new here
    n_written     INTEGER NOT NULL DEFAULT 0, -- entries written (this device)
    last_entry_ms INTEGER,
    last_sync_ms  INTEGER
) WITHOUT ROWID;

-- Cards whose state must be derived again from their log (their entries
-- came in a sync whose replay has not finished yet). deck_id '*' is every card.
CREATE TABLE sync_dirty (
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;

-- The reviews made here that no sync has given a global id yet.
CREATE INDEX reviews_unsynced ON reviews (id) WHERE origin IS NULL;
