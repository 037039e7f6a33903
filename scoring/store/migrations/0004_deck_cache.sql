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
    items      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The cards of each cached file, in file order, each encoded on its own.
CREATE TABLE deck_cards (
    path TEXT    NOT NULL,
    ord  INTEGER NOT NULL,
    card BLOB    NOT NULL,
    PRIMARY KEY (path, ord)
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
CREATE INDEX deck_items_new ON deck_items (path, is_new, ord);
CREATE INDEX deck_items_item ON deck_items (deck_id, item_id);

-- A deck's learning cards, and its due reviews in due order.
CREATE INDEX card_states_phase_due ON card_states (deck_id, phase, due_ms);

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
