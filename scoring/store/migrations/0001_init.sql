-- 0001: the first schema. Never edit this file once released: databases in
-- the field were created by it, and testdata/v1.db is a copy of its result.
-- Change the schema by adding the next numbered file.
--
-- Times are integer Unix milliseconds (UTC). A NULL time is a zero time.

-- One study or quiz run.
CREATE TABLE sessions (
    id       INTEGER PRIMARY KEY,
    start_ms INTEGER NOT NULL,
    end_ms   INTEGER,                      -- NULL while the session runs
    mode     TEXT    NOT NULL CHECK (mode IN ('study', 'quiz', 'ahead')),
    decks    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(decks)), -- JSON array of deck ids
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    correct  INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0 AND correct <= answered)
);
CREATE INDEX sessions_start ON sessions (start_ms);

-- The review log: append-only, except that Undo removes a session's last row.
-- before/after hold the scheduler's state as JSON (NULL when unknown, as for
-- reviews imported from CSV).
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER REFERENCES sessions (id),
    deck_id     TEXT    NOT NULL CHECK (deck_id <> ''),
    card_id     TEXT    NOT NULL CHECK (card_id <> ''),
    time_ms     INTEGER NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    answer      TEXT    NOT NULL DEFAULT '',
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    duration_ms INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    kind        TEXT    NOT NULL CHECK (kind IN ('learn', 'review', 'relearn', 'quiz')),
    before      TEXT    CHECK (before IS NULL OR json_valid(before)),
    after       TEXT    CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX reviews_session ON reviews (session_id, id);

-- The derived per-card state: a cache of what the log implies.
CREATE TABLE card_states (
    deck_id        TEXT    NOT NULL,
    card_id        TEXT    NOT NULL,
    phase          INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 3),
    step           INTEGER NOT NULL DEFAULT 0,
    stability      REAL    NOT NULL DEFAULT 0,
    difficulty     REAL    NOT NULL DEFAULT 0,
    due_ms         INTEGER,
    last_review_ms INTEGER,
    reps           INTEGER NOT NULL DEFAULT 0,
    lapses         INTEGER NOT NULL DEFAULT 0,
    leech          INTEGER NOT NULL DEFAULT 0 CHECK (leech IN (0, 1)),
    ease           REAL    NOT NULL DEFAULT 0,
    interval_days  REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;
-- "What is due next" in a deck.
CREATE INDEX card_states_due ON card_states (deck_id, due_ms);

-- Settings: scheduler parameters per deck or preset, and the like.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
