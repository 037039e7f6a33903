-- 0003: a running summary of the review log for the statistics: answers
-- counted per deck, quarter hour (UTC), kind and maturity. Triggers keep it
-- equal to what the log implies, so that `ontap stats` reads thousands of
-- summary rows instead of a million reviews. It is derived data: it can be
-- dropped and rebuilt from the log at any time (see the INSERT at the end).
--
-- "mature": the card's interval before the review was 21 days or more. The
-- interval is due - last_review of the state before the review; when that
-- state is unknown (reviews imported from CSV), the time since the card's
-- previous non-quiz review. Quiz answers are never mature.
-- The same expression is in stats.go (matureExpr); TestSummaryMatchesLog
-- checks that they agree.

CREATE TABLE review_stats (
    deck_id TEXT    NOT NULL,
    slot    INTEGER NOT NULL, -- floor(time_ms / 900000): the quarter hour, UTC
    kind    TEXT    NOT NULL,
    mature  INTEGER NOT NULL CHECK (mature IN (0, 1)),
    n       INTEGER NOT NULL, -- answers
    passed  INTEGER NOT NULL, -- answers rated Hard or better
    ms      INTEGER NOT NULL, -- their total response time
    PRIMARY KEY (slot, deck_id, kind, mature)
) WITHOUT ROWID;
CREATE INDEX review_stats_deck ON review_stats (deck_id, slot);

CREATE TRIGGER review_stats_insert AFTER INSERT ON reviews BEGIN
    INSERT INTO review_stats (deck_id, slot, kind, mature, n, passed, ms)
    VALUES (NEW.deck_id,
            CASE WHEN NEW.time_ms >= 0 THEN NEW.time_ms / 900000 ELSE -((899999 - NEW.time_ms) / 900000) END,
            NEW.kind,
            CASE WHEN NEW.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(NEW.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(NEW.before, '$.last_review'), 'subsec') >= 1814400,
                (NEW.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = NEW.deck_id AND p.card_id = NEW.card_id
                                  AND p.time_ms < NEW.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END,
            1, NEW.rating > 1, NEW.duration_ms)
    ON CONFLICT (slot, deck_id, kind, mature) DO UPDATE
        SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

CREATE TRIGGER review_stats_delete AFTER DELETE ON reviews BEGIN
    UPDATE review_stats SET n = n - 1, passed = passed - (OLD.rating > 1), ms = ms - OLD.duration_ms
    WHERE deck_id = OLD.deck_id
      AND slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END
      AND kind = OLD.kind
      AND mature = CASE WHEN OLD.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(OLD.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(OLD.before, '$.last_review'), 'subsec') >= 1814400,
                (OLD.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = OLD.deck_id AND p.card_id = OLD.card_id
                                  AND p.time_ms < OLD.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END;
    DELETE FROM review_stats WHERE n <= 0 AND deck_id = OLD.deck_id
      AND slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END;
END;

-- The log is append-only and ontap never updates a review; should anything
-- else do it, the summary follows: the old row is taken out, the new one
-- put in, as by the two triggers above.
CREATE TRIGGER review_stats_update AFTER UPDATE OF deck_id, card_id, time_ms, rating, duration_ms, kind, before ON reviews BEGIN
    UPDATE review_stats SET n = n - 1, passed = passed - (OLD.rating > 1), ms = ms - OLD.duration_ms
    WHERE deck_id = OLD.deck_id
      AND slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END
      AND kind = OLD.kind
      AND mature = CASE WHEN OLD.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(OLD.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(OLD.before, '$.last_review'), 'subsec') >= 1814400,
                (OLD.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = OLD.deck_id AND p.card_id = OLD.card_id
                                  AND p.time_ms < OLD.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END;
    DELETE FROM review_stats WHERE n <= 0 AND deck_id = OLD.deck_id
      AND slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END;
    INSERT INTO review_stats (deck_id, slot, kind, mature, n, passed, ms)
    VALUES (NEW.deck_id,
            CASE WHEN NEW.time_ms >= 0 THEN NEW.time_ms / 900000 ELSE -((899999 - NEW.time_ms) / 900000) END,
            NEW.kind,
            CASE WHEN NEW.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(NEW.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(NEW.before, '$.last_review'), 'subsec') >= 1814400,
                (NEW.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = NEW.deck_id AND p.card_id = NEW.card_id
                                  AND p.time_ms < NEW.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END,
            1, NEW.rating > 1, NEW.duration_ms)
    ON CONFLICT (slot, deck_id, kind, mature) DO UPDATE
        SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

-- The reviews already in the log.
INSERT INTO review_stats (deck_id, slot, kind, mature, n, passed, ms)
SELECT deck_id, slot, kind, mature, count(*), sum(passed), sum(duration_ms) FROM (
    SELECT r.deck_id,
           CASE WHEN r.time_ms >= 0 THEN r.time_ms / 900000 ELSE -((899999 - r.time_ms) / 900000) END AS slot,
           r.kind,
           CASE WHEN r.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(r.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(r.before, '$.last_review'), 'subsec') >= 1814400,
                (r.time_ms - (SELECT max(p.time_ms) FROM reviews p
                              WHERE p.deck_id = r.deck_id AND p.card_id = r.card_id
                                AND p.time_ms < r.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS mature,
           r.rating > 1 AS passed,
           r.duration_ms
    FROM reviews r
) GROUP BY deck_id, slot, kind, mature;
