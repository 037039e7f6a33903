package answer

import (
	"time"

	"github.com/ontap/ontap/scoring"
)

// Rate is the rating recorded for a review, from the verdict on the
// answer, whether the learner asked for a hint, and whether the answer
// came Fast:
//
//   - a wrong answer is Again;
//   - a right answer given with a hint, or one that needed an allowance
//     (accents, a typo, a partly right list: v.Rating is Hard), is Hard;
//   - a right answer that came fast is Easy;
//   - any other right answer is Good.
func Rate(v Verdict, hinted, fast bool) scoring.Rating {
	switch {
	case !v.Correct:
		return scoring.Again
	case hinted || v.Rating <= scoring.Hard:
		return scoring.Hard
	case fast:
		return scoring.Easy
	}
	return scoring.Good
}

// Time allowed for an answer to count as fast: FastBase plus FastPerRune
// for every rune of the expected answer, at most FastMax.
const (
	FastBase    = 2 * time.Second
	FastPerRune = 150 * time.Millisecond
	FastMax     = 12 * time.Second
)

// FastLimit is the time under which an answer whose expected text is
// answerLen runes long counts as fast: 2 s + 150 ms per rune, at most
// 12 s. A 4-digit year gets 2.6 s, "Võ Nguyên Giáp" 4.1 s.
func FastLimit(answerLen int) time.Duration {
	if answerLen < 0 {
		answerLen = 0
	}
	if answerLen > int(FastMax/FastPerRune) {
		return FastMax
	}
	return min(FastBase+time.Duration(answerLen)*FastPerRune, FastMax)
}

// Fast reports whether an answer given after elapsed counts as "fast for
// this card": strictly under FastLimit(answerLen). An unknown (zero or
// negative) elapsed time is never fast.
func Fast(elapsed time.Duration, answerLen int) bool {
	return elapsed > 0 && elapsed < FastLimit(answerLen)
}
