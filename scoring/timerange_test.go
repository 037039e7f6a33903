package scoring

import (
	"testing"
	"time"
)

func TestClampTime(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		in    time.Time
		want  time.Time
		moved bool
	}{
		{"zero stays zero", time.Time{}, time.Time{}, false},
		{"inside", now, now, false},
		{"the last millisecond", MaxTime, MaxTime, false},
		{"year 10000", time.Date(10000, 1, 1, 0, 9, 59, 0, time.UTC), MaxTime, true},
		{"a century after 9999-12-31", MaxTime.AddDate(100, 0, 0), MaxTime, true},
		{"before 1970", time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), MinTime, true},
		{"year 1 (not zero)", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), MinTime, true},
	}
	for _, tt := range tests {
		got, moved := ClampTime(tt.in)
		if !got.Equal(tt.want) || moved != tt.moved {
			t.Errorf("%s: ClampTime(%v) = %v, %v; want %v, %v", tt.name, tt.in, got, moved, tt.want, tt.moved)
		}
		if err := CheckTimeRange(tt.in); (err != nil) != tt.moved {
			t.Errorf("%s: CheckTimeRange(%v) = %v", tt.name, tt.in, err)
		}
	}
	if err := CheckTimeRange(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil ||
		err.Error() != "10000-01-01T00:00:00Z is out of range: want a time from 1970 to 9999" {
		t.Errorf("CheckTimeRange message: %v", err)
	}
}

// A due date computed from the last representable day is clamped, and
// formats as RFC 3339.
func TestClampedDueFormats(t *testing.T) {
	due, moved := ClampTime(MaxTime.Add(10 * time.Minute))
	if !moved {
		t.Fatal("not moved")
	}
	if b, err := due.MarshalJSON(); err != nil || string(b) != `"9999-12-31T23:59:59.999Z"` {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
}
