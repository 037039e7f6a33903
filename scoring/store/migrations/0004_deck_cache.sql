-- 0004: a cache of parsed deck files, so that unchanged files are not parsed
-- again, and an index of their items that tells which ones are new, so that
-- a study session loads only the cards it asks. All of it is derived data:
-- deleting these rows only makes the next start parse the files again.

-- One row per deck file (a path, or "builtin:NAME.toml"). An entry is used
-- when the file's size and modification time (nanoseconds) are those
-- recorded and the modification time is not so close to checked_ns (when
-- the content was last hashed) that a later write in the same tick could
-- hide; otherwise the content is hashed (SHA-256) and parsed again if it
-- differs. version is decks.CodecVersion.
CREATE TABLE deck_files (
    path       TEXT    PRIMARY KEY,
    size       INTEGER NOT NULL,
    mtime_ns   INTEGER NOT NULL,
    hash       BLOB    NOT NULL,
    checked_ns INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    deck_id    TEXT    NOT NULL, -- '' when the file has errors
    header     BLOB,             -- the deck without its cards (NULL when it has errors)
    diags      BLOB    NOT NULL, -- its diagnostics
    cards      INTEGER NOT NULL DEFAULT 0,
    items      INTEGER NOT NULL DEFAULT 0,
    items_hash BLOB              -- of the deck id and its items: unchanged items are not written again
) WITHOUT ROWID;

-- The cards of each cached file, each encoded on its own, in file order,
-- one after the other with its length before it (a varint), in chunks of
-- 32 cards: a few rows per file to write when the library changes, and a
-- small read for one card.
CREATE TABLE deck_cards (
    path  TEXT    NOT NULL,
    chunk INTEGER NOT NULL, -- cards 32*chunk to 32*chunk+31
    cards BLOB    NOT NULL,
    PRIMARY KEY (path, chunk)
) WITHOUT ROWID;

-- The items the cards expand to (a reverse, each cloze deletion), in the
-- order a deck asks its new cards. is_new is 1 while the item has no state,
-- or a New one, in card_states: the triggers below keep it so.
CREATE TABLE deck_items (
    path     TEXT    NOT NULL,
    ord      INTEGER NOT NULL,
    deck_id  TEXT    NOT NULL,
    item_id  TEXT    NOT NULL,
    sibling  TEXT    NOT NULL,
    card_ord INTEGER NOT NULL,
    is_new   INTEGER NOT NULL CHECK (is_new IN (0, 1)),
    PRIMARY KEY (path, ord)
) WITHOUT ROWID;
-- (covering: a session's new items are read from the index alone)
CREATE INDEX deck_items_new ON deck_items (path, is_new, ord, item_id, sibling, card_ord);
-- (covering: with the primary key, every column the joins on card_states read)
CREATE INDEX deck_items_item ON deck_items (deck_id, item_id, card_ord, sibling);

-- The learning cards, and the due reviews in due order, of every deck,
-- with their whole state (covering: read from the index alone, not from
-- rows scattered over the table).
CREATE INDEX card_states_phase_due ON card_states (phase, due_ms, step, stability, difficulty, last_review_ms,
    reps, lapses, leech, ease, interval_days);

CREATE TRIGGER deck_items_state_insert AFTER INSERT ON card_states BEGIN
    UPDATE deck_items SET is_new = (NEW.phase = 0)
    WHERE deck_id = NEW.deck_id AND item_id = NEW.card_id AND is_new <> (NEW.phase = 0);
END;
CREATE TRIGGER deck_items_state_update AFTER UPDATE OF phase ON card_states BEGIN
    UPDATE deck_items SET is_new = (NEW.phase = 0)
    WHERE deck_id = NEW.deck_id AND item_id = NEW.card_id AND is_new <> (NEW.phase = 0);
END;
CREATE TRIGGER deck_items_state_delete AFTER DELETE ON card_states BEGIN
    UPDATE deck_items SET is_new = 1
    WHERE deck_id = OLD.deck_id AND item_id = OLD.card_id AND is_new = 0;
END;

-- When each card had its first non-quiz review: the new cards a deck
-- introduced since a time (the daily limit of new cards) without reading
-- the reviews of every card studied today. Kept by triggers; Undo removes
-- a review, after which the card's first review is looked up again.
CREATE TABLE card_first (
    deck_id  TEXT    NOT NULL,
    card_id  TEXT    NOT NULL,
    first_ms INTEGER NOT NULL,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;
CREATE INDEX card_first_time ON card_first (first_ms, deck_id);
INSERT INTO card_first (deck_id, card_id, first_ms)
    SELECT deck_id, card_id, min(time_ms) FROM reviews WHERE kind <> 'quiz' GROUP BY deck_id, card_id;

CREATE TRIGGER card_first_insert AFTER INSERT ON reviews WHEN NEW.kind <> 'quiz' BEGIN
    INSERT INTO card_first (deck_id, card_id, first_ms) VALUES (NEW.deck_id, NEW.card_id, NEW.time_ms)
    ON CONFLICT (deck_id, card_id) DO UPDATE SET first_ms = excluded.first_ms
    WHERE excluded.first_ms < card_first.first_ms; -- no write for a later review, the usual case
END;
CREATE TRIGGER card_first_delete AFTER DELETE ON reviews WHEN OLD.kind <> 'quiz' BEGIN
    DELETE FROM card_first WHERE deck_id = OLD.deck_id AND card_id = OLD.card_id;
    INSERT INTO card_first (deck_id, card_id, first_ms)
        SELECT deck_id, card_id, min(time_ms) FROM reviews
        WHERE deck_id = OLD.deck_id AND card_id = OLD.card_id AND kind <> 'quiz'
        GROUP BY deck_id, card_id;
END;

-- The answers per quarter hour of all decks together: what `ontap stats`
-- reads for every deck at once. review_stats has a row per deck and slot,
-- which for a learner of many decks is nearly a row per answer. Triggers on
-- review_stats keep it equal to review_stats summed over decks.
CREATE TABLE review_stats_all (
    slot          INTEGER PRIMARY KEY,
    answers       INTEGER NOT NULL,
    learn         INTEGER NOT NULL,
    review        INTEGER NOT NULL,
    relearn       INTEGER NOT NULL,
    quiz          INTEGER NOT NULL,
    young         INTEGER NOT NULL,
    young_passed  INTEGER NOT NULL,
    mature        INTEGER NOT NULL,
    mature_passed INTEGER NOT NULL,
    ms            INTEGER NOT NULL
);
INSERT INTO review_stats_all (slot, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
    SELECT slot, sum(answers), sum(learn), sum(review), sum(relearn), sum(quiz), sum(young), sum(young_passed), sum(mature), sum(mature_passed), sum(ms) FROM review_stats GROUP BY slot;

CREATE TRIGGER review_stats_all_insert AFTER INSERT ON review_stats BEGIN
    INSERT INTO review_stats_all (slot, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
    VALUES (NEW.slot, NEW.answers, NEW.learn, NEW.review, NEW.relearn, NEW.quiz, NEW.young, NEW.young_passed, NEW.mature, NEW.mature_passed, NEW.ms)
    ON CONFLICT (slot) DO UPDATE SET answers = answers + excluded.answers, learn = learn + excluded.learn, review = review + excluded.review, relearn = relearn + excluded.relearn, quiz = quiz + excluded.quiz, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed, ms = ms + excluded.ms;
END;
CREATE TRIGGER review_stats_all_update AFTER UPDATE ON review_stats BEGIN
    UPDATE review_stats_all SET answers = answers - OLD.answers, learn = learn - OLD.learn, review = review - OLD.review, relearn = relearn - OLD.relearn, quiz = quiz - OLD.quiz, young = young - OLD.young, young_passed = young_passed - OLD.young_passed, mature = mature - OLD.mature, mature_passed = mature_passed - OLD.mature_passed, ms = ms - OLD.ms
    WHERE slot = OLD.slot;
    INSERT INTO review_stats_all (slot, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
    VALUES (NEW.slot, NEW.answers, NEW.learn, NEW.review, NEW.relearn, NEW.quiz, NEW.young, NEW.young_passed, NEW.mature, NEW.mature_passed, NEW.ms)
    ON CONFLICT (slot) DO UPDATE SET answers = answers + excluded.answers, learn = learn + excluded.learn, review = review + excluded.review, relearn = relearn + excluded.relearn, quiz = quiz + excluded.quiz, young = young + excluded.young, young_passed = young_passed + excluded.young_passed, mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed, ms = ms + excluded.ms;
END;
CREATE TRIGGER review_stats_all_delete AFTER DELETE ON review_stats BEGIN
    UPDATE review_stats_all SET answers = answers - OLD.answers, learn = learn - OLD.learn, review = review - OLD.review, relearn = relearn - OLD.relearn, quiz = quiz - OLD.quiz, young = young - OLD.young, young_passed = young_passed - OLD.young_passed, mature = mature - OLD.mature, mature_passed = mature_passed - OLD.mature_passed, ms = ms - OLD.ms
    WHERE slot = OLD.slot;
END;
