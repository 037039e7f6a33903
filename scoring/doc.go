// Package scoring holds the vocabulary of scheduling that every layer
// shares: ratings, card phases and states, the Scheduler interface, its
// Config, study days and the range of times ontap keeps. It is a leaf: the
// schedulers themselves (FSRS-6 and SM-2), the optimizer, replay and the
// review-log reader are in scoring/schedule.
//
// # The review log is the source of truth
//
// A card's State is derived from its review log by passing each review, in
// order, to Scheduler.Review (see schedule.Derive); the stored state is a
// cache. Schedulers are pure functions of (key, state, rating, time) so
// that the same log always gives the same state, fuzz included.
//
// # Study days
//
// Elapsed days are counted in local calendar days (Config.Location,
// default time.Local) with a study day that starts at Config.DayStart
// (default 04:00): a review at 23:00 and one at 05:00 the next morning are
// one day apart; two reviews before and after 02:00 on the same night are
// the same day (DaysBetween, Config.DayOf). Long-term intervals are whole
// study days: a card given an interval of N days is due at the start of
// the study day N days after the one it was reviewed in.
package scoring
