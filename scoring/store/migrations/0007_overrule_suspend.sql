-- 0007: a review the learner overruled (a wrong verdict counted as right,
-- ':right'), so that statistics can tell; and cards suspended as leeches,
-- which no study session asks until they are unsuspended. Suspension is
-- the learner's decision, not derived from the log: a rebuild of the card
-- states keeps it.

ALTER TABLE reviews ADD COLUMN overruled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE suspended (
    deck_id  TEXT NOT NULL,
    card_id  TEXT NOT NULL,
    since_ms INTEGER NOT NULL,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;
