-- 0005: where each studied card is in the cached deck files, kept with its
-- state, so that a study session reads its learning and due items from one
-- index, without looking each of them up in deck_items (a page read each).
-- Derived data, like the deck cache: path is NULL when no cached file holds
-- the card, and PlanStudy looks up any item whose path is not that of the
-- file it studies (two files with one deck id, a state older than the
-- cache), so a stale or missing copy costs time, never a wrong item.

ALTER TABLE card_states ADD COLUMN path TEXT;        -- deck_items.path
ALTER TABLE card_states ADD COLUMN ord INTEGER;      -- deck_items.ord
ALTER TABLE card_states ADD COLUMN sibling TEXT;     -- deck_items.sibling
ALTER TABLE card_states ADD COLUMN card_ord INTEGER; -- deck_items.card_ord

DROP INDEX card_states_phase_due;
UPDATE card_states SET path = i.path, ord = i.ord, sibling = i.sibling, card_ord = i.card_ord
    FROM deck_items AS i WHERE i.deck_id = card_states.deck_id AND i.item_id = card_states.card_id;
-- The learning cards, and the due reviews in due order, of every deck, with
-- their whole state and their place in their file (covering).
CREATE INDEX card_states_phase_due ON card_states (phase, due_ms, step, stability, difficulty, last_review_ms,
    reps, lapses, leech, ease, interval_days, path, ord, sibling, card_ord);

-- A card's first state takes its place from the cache. (Record's upsert
-- of a later state leaves these columns as they are; PutDeckFiles sets
-- them for the items of a file it writes.)
CREATE TRIGGER card_states_item AFTER INSERT ON card_states WHEN NEW.path IS NULL BEGIN
    UPDATE card_states SET (path, ord, sibling, card_ord) =
        (SELECT i.path, i.ord, i.sibling, i.card_ord FROM deck_items AS i
         WHERE i.deck_id = NEW.deck_id AND i.item_id = NEW.card_id LIMIT 1)
    WHERE deck_id = NEW.deck_id AND card_id = NEW.card_id
      AND EXISTS (SELECT 1 FROM deck_items AS i WHERE i.deck_id = NEW.deck_id AND i.item_id = NEW.card_id);
END;
