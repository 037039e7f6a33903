-- 0008: a study session reads each deck's states a page at a time, in due
-- order, from one index (the planner is in Go, quiz/plan.go), and finds
-- each state's place in its deck file in deck_items. The copy of that
-- place kept with the states (0005) and the index over every deck's due
-- states go.

DROP TRIGGER card_states_item;
DROP INDEX card_states_phase_due;
ALTER TABLE card_states DROP COLUMN path;
ALTER TABLE card_states DROP COLUMN ord;
ALTER TABLE card_states DROP COLUMN sibling;
ALTER TABLE card_states DROP COLUMN card_ord;
-- A deck's states by phase in due order: narrow, so that counting them
-- (the header of a study session) reads few pages; a page of states looks
-- each up by its key.
CREATE INDEX card_states_plan ON card_states (deck_id, phase, due_ms);
