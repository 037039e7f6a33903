//go:build race

package decks

// raceSlowdown scales the bounds of the tests that guard against a
// blow-up (a quadratic parse, an exponential match): the race detector
// makes code 5 to 10 times slower, and .ci/run runs these tests under it.
const raceSlowdown = 10
