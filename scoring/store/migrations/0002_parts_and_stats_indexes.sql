-- 0002: per-part results of multi-part answers, and the indexes that the
-- day counts, the import de-duplication and the statistics queries use.

-- JSON of the per-part results of an answer ('' when the item has one part).
ALTER TABLE reviews ADD COLUMN parts TEXT NOT NULL DEFAULT '' CHECK (parts = '' OR json_valid(parts));

-- A card's reviews in time order: first reviews (new cards per day), the
-- import de-duplication key (deck, card, time, rating), a card's history.
CREATE INDEX reviews_card ON reviews (deck_id, card_id, time_ms, rating);
-- A deck's reviews over a period (reviews per day, retention per deck).
CREATE INDEX reviews_deck_time ON reviews (deck_id, time_ms);
-- The whole log in time order (export, rebuild, calendar statistics).
CREATE INDEX reviews_time ON reviews (time_ms, id);
