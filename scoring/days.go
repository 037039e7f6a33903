package scoring

import "time"

// location returns c.Location, or time.Local when it is nil.
func (c Config) location() *time.Location {
	if c.Location == nil {
		return time.Local
	}
	return c.Location
}

// studyDate returns the civil date (in c's location) of the study day that
// contains t: the local date, or the day before when t's local clock is
// earlier than the day start.
func (c Config) studyDate(t time.Time) (y int, m time.Month, d int) {
	lt := t.In(c.location())
	y, m, d = lt.Date()
	h, mi, s := lt.Clock()
	sinceMidnight := time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(lt.Nanosecond())
	if sinceMidnight < c.DayStart {
		y, m, d = time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC).Date()
	}
	return y, m, d
}

// StudyClock is the part of a Config that counts study days: a small value
// that the schedulers keep so that the hot path copies little.
type StudyClock struct {
	loc   *time.Location
	start time.Duration
}

// Clock returns the study clock of c: its location (time.Local when nil)
// and its day start.
func (c Config) Clock() StudyClock { return StudyClock{c.location(), c.DayStart} }

// Location returns the clock's location, never nil.
func (k StudyClock) Location() *time.Location { return k.loc }

// DayNumber counts days from 1970-01-01 to the study date containing t:
// the local wall-clock time, less the day start, divided into days.
func (k StudyClock) DayNumber(t time.Time) int64 {
	sec := t.Unix() - int64(k.start/time.Second)
	if k.loc != time.UTC {
		_, off := t.In(k.loc).Zone()
		sec += int64(off)
	}
	if int64(t.Nanosecond()) < int64(k.start%time.Second) {
		sec--
	}
	day := sec / 86400
	if sec%86400 < 0 {
		day--
	}
	return day
}

// civilFromDays returns the proleptic Gregorian date that is z days after
// 1970-01-01 (H. Hinnant's algorithm).
func civilFromDays(z int64) (y int, m time.Month, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), time.Month(mm), int(dd)
}

// StartOfDay returns the start of the study day with the given number (as
// DayNumber counts them).
func (k StudyClock) StartOfDay(day int64) time.Time {
	loc := k.loc
	// Fast path: the wall clock at the day start, read with the zone offset
	// in force at the guessed instant; right unless the clocks change near it.
	ds := int64(k.start / time.Second)
	ns := int64(k.start % time.Second)
	if loc == time.UTC {
		return time.Unix(day*86400+ds, ns).In(loc)
	}
	guess := time.Unix(day*86400+ds, ns).In(loc)
	_, off := guess.Zone()
	t := time.Unix(day*86400+ds-int64(off), ns).In(loc)
	if _, off2 := t.Zone(); off2 == off {
		return t
	}
	y, m, d := civilFromDays(day)
	return k.dayStartOf(y, m, d)
}

// DaysBetween returns the number of study days from a to b: the difference
// of their local calendar dates in c.Location, where a day begins at
// c.DayStart after midnight. Two times in the same study day give 0; a
// review at 23:00 and one at 05:00 the next morning give 1 (with the default
// day start of 04:00); it is negative when b's study day is before a's.
func DaysBetween(c Config, a, b time.Time) int {
	k := c.Clock()
	return int(k.DayNumber(b) - k.DayNumber(a))
}

// DayOf returns the start of the study day containing t: c.DayStart after
// local midnight of its date, in c.Location. On days when clocks change the
// start is the local wall time of the day start, as time.Date normalizes it.
func (c Config) DayOf(t time.Time) time.Time {
	y, m, d := c.studyDate(t)
	return c.Clock().dayStartOf(y, m, d)
}

func (k StudyClock) dayStartOf(y int, m time.Month, d int) time.Time {
	ds := k.start
	h := int(ds / time.Hour)
	mi := int(ds % time.Hour / time.Minute)
	s := int(ds % time.Minute / time.Second)
	ns := int(ds % time.Second)
	return time.Date(y, m, d, h, mi, s, ns, k.loc)
}

// AddStudyDays returns the start of the study day n days after the one
// containing t.
func (c Config) AddStudyDays(t time.Time, n int) time.Time {
	k := c.Clock()
	return k.StartOfDay(k.DayNumber(t) + int64(n))
}
