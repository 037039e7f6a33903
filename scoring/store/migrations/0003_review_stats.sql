-- 0003: a running summary of the review log for the statistics: the answers
-- counted per quarter hour (UTC) and deck, by kind and maturity. Triggers
-- keep it equal to what the log implies, so that `ontap stats` reads tens
-- of thousands of summary rows instead of a million reviews. It is derived
-- data: it can be rebuilt from the log at any time (see the INSERT at the
-- end, and rebuildSummary in stats.go).
--
-- "mature": the card's interval before the review was 21 days or more. The
-- interval is due - last_review of the state before the review; when that
-- state is unknown (reviews imported from CSV), the time since the card's
-- previous non-quiz review. Quiz answers are never mature. The same
-- expression is in stats.go (matureExpr); TestSummaryMatchesLog checks
-- that they agree.

CREATE TABLE review_stats (
    slot          INTEGER NOT NULL, -- floor(time_ms / 900000): the quarter hour, UTC
    deck_id       TEXT    NOT NULL,
    answers       INTEGER NOT NULL, -- every answer
    learn         INTEGER NOT NULL, -- answers by kind
    review        INTEGER NOT NULL,
    relearn       INTEGER NOT NULL,
    quiz          INTEGER NOT NULL,
    young         INTEGER NOT NULL, -- reviews (kind 'review') of young cards
    young_passed  INTEGER NOT NULL, -- ... rated Hard or better
    mature        INTEGER NOT NULL, -- reviews of mature cards
    mature_passed INTEGER NOT NULL,
    ms            INTEGER NOT NULL, -- total response time
    PRIMARY KEY (slot, deck_id)
) WITHOUT ROWID;
CREATE INDEX review_stats_deck ON review_stats (deck_id, slot);

CREATE TRIGGER review_stats_insert AFTER INSERT ON reviews BEGIN
    INSERT INTO review_stats (slot, deck_id, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
    SELECT x.slot, NEW.deck_id, 1, x.k = 'learn', x.k = 'review', x.k = 'relearn', x.k = 'quiz',
           x.k = 'review' AND NOT x.m, x.k = 'review' AND NOT x.m AND x.p,
           x.k = 'review' AND x.m, x.k = 'review' AND x.m AND x.p, NEW.duration_ms
    FROM (SELECT CASE WHEN NEW.time_ms >= 0 THEN NEW.time_ms / 900000 ELSE -((899999 - NEW.time_ms) / 900000) END AS slot, NEW.kind AS k, CASE WHEN NEW.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(NEW.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(NEW.before, '$.last_review'), 'subsec') >= 1814400,
                (NEW.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = NEW.deck_id AND p.card_id = NEW.card_id
                                  AND p.time_ms < NEW.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS m, NEW.rating > 1 AS p) AS x
    WHERE true
    ON CONFLICT (slot, deck_id) DO UPDATE SET
        answers = answers + 1, learn = learn + excluded.learn, review = review + excluded.review,
        relearn = relearn + excluded.relearn, quiz = quiz + excluded.quiz,
        young = young + excluded.young, young_passed = young_passed + excluded.young_passed,
        mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed,
        ms = ms + excluded.ms;
END;

CREATE TRIGGER review_stats_delete AFTER DELETE ON reviews BEGIN
    UPDATE review_stats SET
        answers = answers - 1, learn = learn - (x.k = 'learn'), review = review - (x.k = 'review'),
        relearn = relearn - (x.k = 'relearn'), quiz = quiz - (x.k = 'quiz'),
        young = young - (x.k = 'review' AND NOT x.m), young_passed = young_passed - (x.k = 'review' AND NOT x.m AND x.p),
        mature = mature - (x.k = 'review' AND x.m), mature_passed = mature_passed - (x.k = 'review' AND x.m AND x.p),
        ms = ms - OLD.duration_ms
    FROM (SELECT CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END AS slot, OLD.kind AS k, CASE WHEN OLD.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(OLD.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(OLD.before, '$.last_review'), 'subsec') >= 1814400,
                (OLD.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = OLD.deck_id AND p.card_id = OLD.card_id
                                  AND p.time_ms < OLD.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS m, OLD.rating > 1 AS p) AS x
    WHERE review_stats.slot = x.slot AND review_stats.deck_id = OLD.deck_id;
    DELETE FROM review_stats WHERE slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END AND deck_id = OLD.deck_id AND answers <= 0;
END;

-- The log is append-only and ontap never updates a review; should anything
-- else do it, the summary follows: the old row is taken out, the new one
-- put in.
CREATE TRIGGER review_stats_update AFTER UPDATE OF deck_id, card_id, time_ms, rating, duration_ms, kind, before ON reviews BEGIN
    UPDATE review_stats SET
        answers = answers - 1, learn = learn - (x.k = 'learn'), review = review - (x.k = 'review'),
        relearn = relearn - (x.k = 'relearn'), quiz = quiz - (x.k = 'quiz'),
        young = young - (x.k = 'review' AND NOT x.m), young_passed = young_passed - (x.k = 'review' AND NOT x.m AND x.p),
        mature = mature - (x.k = 'review' AND x.m), mature_passed = mature_passed - (x.k = 'review' AND x.m AND x.p),
        ms = ms - OLD.duration_ms
    FROM (SELECT CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END AS slot, OLD.kind AS k, CASE WHEN OLD.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(OLD.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(OLD.before, '$.last_review'), 'subsec') >= 1814400,
                (OLD.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = OLD.deck_id AND p.card_id = OLD.card_id
                                  AND p.time_ms < OLD.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS m, OLD.rating > 1 AS p) AS x
    WHERE review_stats.slot = x.slot AND review_stats.deck_id = OLD.deck_id;
    DELETE FROM review_stats WHERE slot = CASE WHEN OLD.time_ms >= 0 THEN OLD.time_ms / 900000 ELSE -((899999 - OLD.time_ms) / 900000) END AND deck_id = OLD.deck_id AND answers <= 0;
    INSERT INTO review_stats (slot, deck_id, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
    SELECT x.slot, NEW.deck_id, 1, x.k = 'learn', x.k = 'review', x.k = 'relearn', x.k = 'quiz',
           x.k = 'review' AND NOT x.m, x.k = 'review' AND NOT x.m AND x.p,
           x.k = 'review' AND x.m, x.k = 'review' AND x.m AND x.p, NEW.duration_ms
    FROM (SELECT CASE WHEN NEW.time_ms >= 0 THEN NEW.time_ms / 900000 ELSE -((899999 - NEW.time_ms) / 900000) END AS slot, NEW.kind AS k, CASE WHEN NEW.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(NEW.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(NEW.before, '$.last_review'), 'subsec') >= 1814400,
                (NEW.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = NEW.deck_id AND p.card_id = NEW.card_id
                                  AND p.time_ms < NEW.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS m, NEW.rating > 1 AS p) AS x
    WHERE true
    ON CONFLICT (slot, deck_id) DO UPDATE SET
        answers = answers + 1, learn = learn + excluded.learn, review = review + excluded.review,
        relearn = relearn + excluded.relearn, quiz = quiz + excluded.quiz,
        young = young + excluded.young, young_passed = young_passed + excluded.young_passed,
        mature = mature + excluded.mature, mature_passed = mature_passed + excluded.mature_passed,
        ms = ms + excluded.ms;
END;

-- The reviews already in the log.
INSERT INTO review_stats (slot, deck_id, answers, learn, review, relearn, quiz, young, young_passed, mature, mature_passed, ms)
SELECT x.slot, x.deck_id, count(*), sum(x.k = 'learn'), sum(x.k = 'review'), sum(x.k = 'relearn'), sum(x.k = 'quiz'),
       sum(x.k = 'review' AND NOT x.m), sum(x.k = 'review' AND NOT x.m AND x.p),
       sum(x.k = 'review' AND x.m), sum(x.k = 'review' AND x.m AND x.p), sum(x.duration_ms)
FROM (SELECT CASE WHEN r.time_ms >= 0 THEN r.time_ms / 900000 ELSE -((899999 - r.time_ms) / 900000) END AS slot, r.deck_id, r.kind AS k, CASE WHEN r.kind = 'quiz' THEN 0 ELSE coalesce(
                unixepoch(json_extract(r.before, '$.due'), 'subsec')
                  - unixepoch(json_extract(r.before, '$.last_review'), 'subsec') >= 1814400,
                (r.time_ms - (SELECT max(p.time_ms) FROM reviews p
                                WHERE p.deck_id = r.deck_id AND p.card_id = r.card_id
                                  AND p.time_ms < r.time_ms AND p.kind <> 'quiz')) >= 1814400000,
                0) END AS m, r.rating > 1 AS p, r.duration_ms
      FROM reviews r) AS x
GROUP BY x.slot, x.deck_id;
