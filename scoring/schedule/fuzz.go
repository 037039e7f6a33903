package schedule

import "math"

// fuzzRange is one band of the fuzz table shared by Anki, ts-fsrs and
// py-fsrs: intervals in [start, end) add factor per day to the spread.
type fuzzRange struct{ start, end, factor float64 }

var fuzzRanges = [...]fuzzRange{
	{2.5, 7, 0.15},
	{7, 20, 0.1},
	{20, math.Inf(1), 0.05},
}

// fuzzDelta is the half-width of the fuzz range for an interval.
func fuzzDelta(ivl float64) float64 {
	// The loop over fuzzRanges, unrolled (same operations, same rounding).
	delta := 1.0
	if r := fuzzRanges[0]; ivl > r.start {
		delta += r.factor * (min(ivl, r.end) - r.start)
	}
	if r := fuzzRanges[1]; ivl > r.start {
		delta += r.factor * (min(ivl, r.end) - r.start)
	}
	if r := fuzzRanges[2]; ivl > r.start {
		delta += r.factor * (ivl - r.start)
	}
	return delta
}

// fuzzFactor returns a number in [0, 1) determined by the card key and its
// review count, so that the same review always gets the same fuzz.
func fuzzFactor(key string, reps int) float64 {
	// FNV-1a style over 8-byte words of the key, then the splitmix64
	// finalizer with the count.
	h := uint64(14695981039346656037) ^ uint64(len(key))
	i := 0
	for ; i+8 <= len(key); i += 8 {
		h ^= uint64(key[i]) | uint64(key[i+1])<<8 | uint64(key[i+2])<<16 | uint64(key[i+3])<<24 |
			uint64(key[i+4])<<32 | uint64(key[i+5])<<40 | uint64(key[i+6])<<48 | uint64(key[i+7])<<56
		h *= 1099511628211
		h ^= h >> 29
	}
	for ; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	h ^= uint64(reps) * 0x9e3779b97f4a7c15
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return float64(h>>11) / (1 << 53)
}

// fuzzInterval spreads an FSRS interval as ts-fsrs does: no fuzz below 2.5
// days; otherwise a day count in [max(2, round(ivl-delta)),
// min(round(ivl+delta), maxIvl)], raised to at least elapsed+1 when the
// interval is longer than the elapsed days, chosen by factor in [0, 1).
// A negative factor means fuzz is off.
func fuzzInterval(ivl, elapsed, maxIvl int, factor float64) int {
	if factor < 0 || ivl < 3 { // ivl is whole: < 2.5 means <= 2
		return ivl
	}
	x := float64(min(ivl, maxIvl))
	delta := fuzzDelta(x)
	lo := max(2, int(math.Round(x-delta)))
	hi := min(int(math.Round(x+delta)), maxIvl)
	if x > float64(elapsed) {
		lo = max(lo, elapsed+1)
	}
	lo = min(lo, hi)
	return int(math.Floor(factor*float64(hi-lo+1))) + lo
}

// ankiFuzz is Anki's fuzz for review intervals (rslib fuzz.rs), used by
// SM2: the interval is clamped to [minimum, maximum], spread by fuzzDelta
// (none below 2.5 days), and the bounds kept within [minimum, maximum]; when
// they meet above 2 days and below the maximum the upper one is raised by a
// day. A negative factor means fuzz is off: the interval is rounded and
// clamped.
func ankiFuzz(ivl float64, minimum, maximum int, factor float64) int {
	minimum = min(minimum, maximum)
	if factor < 0 {
		v := math.Round(ivl)
		if !(v >= float64(minimum)) {
			return minimum
		}
		if v > float64(maximum) {
			return maximum
		}
		return int(v)
	}
	x := clampF(ivl, float64(minimum), float64(maximum))
	if math.IsNaN(x) {
		x = float64(minimum)
	}
	lo, hi := int(math.Round(x)), int(math.Round(x))
	if x >= 2.5 {
		d := fuzzDelta(x)
		lo, hi = int(math.Round(x-d)), int(math.Round(x+d))
	}
	lo = min(max(lo, minimum), maximum)
	hi = min(max(hi, minimum), maximum)
	if hi == lo && hi > 2 && hi < maximum {
		hi = lo + 1
	}
	return int(math.Floor(float64(lo) + factor*float64(1+hi-lo)))
}
