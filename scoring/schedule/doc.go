// Package schedule holds the schedulers that decide when a card is asked
// again: FSRS-6 (the default) and Anki's SM-2 variant (chosen per deck with
// scheduler = "sm2"; ForDeck and Cache build a deck's scheduler from its
// settings), the review-log reader (ReadLog), the replay of review logs
// and the FSRS optimizer (Optimize, Evaluate; see OPTIMIZER.md). The
// types they work on (scoring.State, scoring.Rating, scoring.Config) are
// in package scoring.
//
// # FSRS-6 memory model
//
// With the 21 parameters w0..w20 (DefaultParams), a desired retention DR
// and elapsed days t:
//
//   - Retrievability: R(t, S) = (1 + F*t/S)^(-w20) with F = 0.9^(-1/w20) - 1,
//     so that R(S, S) = 0.9; w20 is the trainable decay.
//   - Initial stability S0(G) = max(w[G-1], 0.1); initial difficulty
//     D0(G) = w4 - e^(w5*(G-1)) + 1, clamped to [1, 10].
//   - Difficulty update: ΔD = -w6*(G-3), with linear damping
//     D' = D + ΔD*(10-D)/9, then mean reversion towards the unclamped
//     D0(Easy): Dnew = w7*D0(4) + (1-w7)*D', clamped to [1, 10].
//   - Stability after a recall (Hard, Good, Easy):
//     S' = S*(1 + e^w8*(11-D)*S^(-w9)*(e^(w10*(1-R)) - 1)*w15[Hard]*w16[Easy]).
//   - Stability after a lapse (Again):
//     S' = min(w11*D^(-w12)*((S+1)^w13 - 1)*e^(w14*(1-R)), S/e^(w17*w18)).
//   - Same-day (short-term) stability, used when t = 0:
//     S' = S * S^(-w19) * e^(w17*(G-3+w18)), the factor being at least 1
//     for Hard, Good and Easy.
//   - Stability stays within [0.001, 36500] days.
//   - Interval: I = S/F*(DR^(-1/w20) - 1), rounded half away from zero,
//     kept within [1, MaxInterval] (FSRS.Interval).
//
// # Parameters
//
// ParseParams and ConvertParams accept 21 values (FSRS-6), 19 (FSRS-5:
// w19 = 0 and w20 = 0.5 are appended) or 17 (FSRS-4.5: w4..w6 converted as
// ts-fsrs does, w17..w19 = 0, w20 = 0.5). Values outside the bounds of
// fsrs-rs and ts-fsrs are an error naming the parameter (w19 may be 0 so
// that converted FSRS-5 vectors are accepted). NewFSRS then applies
// ClampParams, which with several relearning steps lowers the ceiling of
// w17 and w18 as fsrs-rs and ts-fsrs do. The desired retention must be in
// (0, 1); it is set per deck (default 0.9).
//
// # Scheduling decisions (FSRS)
//
//   - Learning steps (default 1m 10m) and relearning steps (default 10m)
//     are a layer apart from the memory model: stability and difficulty
//     are updated at every review, steps only decide the due time. A New
//     or Learning card: Again goes back to the first step; Hard repeats
//     the current step, except on the first step where it waits the average
//     of the first two steps (1.5 times a single step, at most a day more)
//     as in Anki and py-fsrs (ts-fsrs rounds this to whole minutes); Good
//     moves to the next step, or graduates after the last one; Easy always
//     graduates. A graduating card gets the interval of its stability.
//     Relearning works the same way with the relearning steps. With no
//     steps, cards graduate at once.
//   - A Review card rated Again lapses: Lapses grows by one and the card
//     enters the relearning steps (or, without relearning steps, gets the
//     interval of its post-lapse stability).
//   - On a Review card the Hard, Good and Easy intervals are computed
//     (each fuzzed with the same factor), then put in order as ts-fsrs
//     does: Hard = min(Hard, Good), Good = max(Good, Hard+1),
//     Easy = max(Easy, Good+1), so Hard < Good < Easy always holds below
//     the maximum interval.
//   - Halves are rounded away from zero (math.Round).
//   - Intervals never exceed Config.MaxInterval (default 36500 days).
//   - Fuzz (Config.Fuzz, on by default) spreads intervals of 3 days or
//     more over the ranges of Anki, ts-fsrs and py-fsrs: ±(1 + 15% of the
//     part of the interval between 2.5 and 7 days + 10% of the part between
//     7 and 20 + 5% of the part beyond 20), never below 2 days, never below
//     the elapsed days + 1 when the interval is longer than them, never
//     above the maximum. The fuzz factor is not random: it is a hash of the
//     card key and its review count (State.Reps before the review), so the
//     same review always gets the same interval and replays repeat. With
//     Fuzz off, intervals are exactly FSRS.Interval.
//   - Config.LongTerm selects the long-term scheduler of ts-fsrs and
//     go-fsrs (enable_short_term = false): no steps, no same-day formula,
//     every rating goes to Review and the four intervals are ordered
//     Again < Hard < Good < Easy.
//   - Leeches: when a lapse brings Lapses to Config.LeechThreshold
//     (default 8; 0 disables) the card's Leech flag is set and stays set;
//     a caller reports a new leech when the flag changes from false to true
//     (BecameLeech).
//   - An invalid rating leaves the state unchanged; a review dated before
//     the last one counts as 0 elapsed days.
//
// # SM-2 (Anki's variant)
//
// SM2 uses the same learning and relearning steps. Good after the last
// learning step graduates with the graduating interval (1 day), Easy with
// the easy interval (4 days), and the ease starts at 2.5. On a Review card,
// with the last interval I, the days late L (elapsed minus I) and the ease
// E: Hard = I*1.2 (at least I+1), Good = (I + L/2)*E (at least Hard+1),
// Easy = (I + L)*E*1.3 (at least Good+1), each times the interval
// modifier, fuzzed as Anki does, within [1, MaxInterval]; reviews before
// the due day use Anki's early-review formulas. Hard lowers the ease by
// 0.15, Easy raises it by 0.15, Again lowers it by 0.2 (never below 1.3),
// counts a lapse and sets the next interval to I times the lapse
// multiplier (default 0), at least 1 day, given after the relearning steps
// (Easy at the end of relearning adds a day). SM2's settings are fields of
// the SM2 value. NewScheduler picks FSRS or SM2 by a deck's scheduler name.
//
// # Replay
//
// Replay computes the memory state after each review of a log, as fsrs-rs
// and ts-fsrs compute memory states: the first review of a card gets the
// initial state, each later one the update for the days elapsed since the
// card's previous review (the same-day formula at 0 days). Since a review
// log carries no time zone, Replay counts days in UTC with the boundary at
// 00:00 UTC, the convention of ts-fsrs and of the references it is tested
// against; ReplayIn takes a zone and day start. Learning steps and fuzz
// play no part; IntervalDays is FSRS.Interval of the new stability.
package schedule
