package scoring

import (
	"testing"
	"time"
)

func TestDaysBetween(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		hcm = time.FixedZone("ICT", 7*3600) // no tzdata: same rules (no DST)
	}
	ny, nyErr := time.LoadLocation("America/New_York")
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name     string
		loc      *time.Location
		dayStart time.Duration
		a, b     string
		want     int
	}{
		{"same instant", time.UTC, 4 * time.Hour, "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z", 0},
		{"late evening to next morning", time.UTC, 4 * time.Hour, "2024-05-01T23:00:00Z", "2024-05-02T05:00:00Z", 1},
		{"across midnight before day start", time.UTC, 4 * time.Hour, "2024-05-01T23:00:00Z", "2024-05-02T02:00:00Z", 0},
		{"day start boundary", time.UTC, 4 * time.Hour, "2024-05-02T03:59:59Z", "2024-05-02T04:00:00Z", 1},
		{"midnight day start", time.UTC, 0, "2024-05-01T23:59:59Z", "2024-05-02T00:00:00Z", 1},
		{"23h59 same day", time.UTC, 0, "2024-05-01T00:00:00Z", "2024-05-01T23:59:59Z", 0},
		{"backwards", time.UTC, 0, "2024-05-03T12:00:00Z", "2024-05-01T12:00:00Z", -2},
		{"leap year", time.UTC, 0, "2024-02-28T12:00:00Z", "2024-03-01T12:00:00Z", 2},
		{"year", time.UTC, 4 * time.Hour, "2023-06-01T12:00:00Z", "2024-06-01T12:00:00Z", 366},
		// 2024-05-01T20:30Z is 03:30 on 2 May in Hanoi: still the study day of 1 May.
		{"local zone before day start", hcm, 4 * time.Hour, "2024-05-01T10:00:00Z", "2024-05-01T20:30:00Z", 0},
		{"local zone after day start", hcm, 4 * time.Hour, "2024-05-01T10:00:00Z", "2024-05-01T21:30:00Z", 1},
		{"before 1970", time.UTC, 0, "1969-12-31T12:00:00Z", "1970-01-01T12:00:00Z", 1},
	}
	if nyErr == nil {
		tests = append(tests, struct {
			name     string
			loc      *time.Location
			dayStart time.Duration
			a, b     string
			want     int
		}{"across DST change", ny, 4 * time.Hour, "2024-03-09T12:00:00-05:00", "2024-03-10T12:00:00-04:00", 1})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{}
			c.Location, c.DayStart = tt.loc, tt.dayStart
			if got := DaysBetween(c, utc(tt.a), utc(tt.b)); got != tt.want {
				t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCivilFromDays(t *testing.T) {
	for _, d := range []time.Time{
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(1600, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2400, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		y, m, dd := civilFromDays(d.Unix() / 86400)
		if got := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC); !got.Equal(d) {
			t.Errorf("civilFromDays(%d) = %v, want %v", d.Unix()/86400, got.Format("2006-01-02"), d.Format("2006-01-02"))
		}
	}
}

func TestDayOf(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name     string
		dayStart time.Duration
		t        time.Time
		want     time.Time
	}{
		{"afternoon", 4 * time.Hour, time.Date(2024, 5, 1, 15, 0, 0, 0, ict), time.Date(2024, 5, 1, 4, 0, 0, 0, ict)},
		{"before day start", 4 * time.Hour, time.Date(2024, 5, 1, 3, 0, 0, 0, ict), time.Date(2024, 4, 30, 4, 0, 0, 0, ict)},
		{"at day start", 4 * time.Hour, time.Date(2024, 5, 1, 4, 0, 0, 0, ict), time.Date(2024, 5, 1, 4, 0, 0, 0, ict)},
		{"midnight start", 0, time.Date(2024, 5, 1, 0, 0, 0, 1, ict), time.Date(2024, 5, 1, 0, 0, 0, 0, ict)},
		{"odd start", 4*time.Hour + 30*time.Minute, time.Date(2024, 1, 1, 4, 29, 0, 0, ict), time.Date(2023, 12, 31, 4, 30, 0, 0, ict)},
		{"given in UTC", 4 * time.Hour, time.Date(2024, 5, 1, 20, 0, 0, 0, time.UTC), time.Date(2024, 5, 1, 4, 0, 0, 0, ict)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{}
			c.Location, c.DayStart = ict, tt.dayStart
			if got := c.DayOf(tt.t); !got.Equal(tt.want) {
				t.Errorf("DayOf(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
	var c Config // nil Location means time.Local
	c.DayStart = 4 * time.Hour
	if got := c.DayOf(time.Date(2024, 5, 1, 12, 0, 0, 0, time.Local)); !got.Equal(time.Date(2024, 5, 1, 4, 0, 0, 0, time.Local)) {
		t.Errorf("nil Location: DayOf = %v", got)
	}
}
