package store

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

// encoderJSON is what `ontap history --json` wrote before
// AppendSessionsJSON: encoding/json with a two-space indent.
func encoderJSON(t *testing.T, v any) ([]byte, error) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

// TestAppendSessionsJSONMatchesEncoder: the hand-written JSON is byte for
// byte what encoding/json writes, for strings that need escapes (HTML,
// controls, U+2028, bytes that are not UTF-8), nil and empty deck lists,
// zero and sub-millisecond times, and every kind of score.
func TestAppendSessionsJSONMatchesEncoder(t *testing.T) {
	base := Session{ID: 7, Start: t0, End: t0.Add(90 * time.Minute), Mode: "study",
		Decks: []string{"a", "gen-001"}, Answered: 3, Correct: 2, Score: score(3, 2)}
	with := func(f func(*Session)) Session { s := base; f(&s); return s }
	cases := map[string][]Session{
		"nil":   nil,
		"empty": {},
		"one":   {base},
		"several": {base, with(func(s *Session) { s.ID = 8; s.End = time.Time{}; s.Answered, s.Correct, s.Score = 0, 0, 0 }),
			with(func(s *Session) { s.ID = -1; s.Mode = "quiz" })},
		"nil decks":   {with(func(s *Session) { s.Decks = nil })},
		"empty decks": {with(func(s *Session) { s.Decks = []string{} })},
		"escapes": {with(func(s *Session) {
			s.Decks = []string{`"quoted"`, `back\slash`, "<b>&amp;</b>", "tab\tnew\nline\r", "\x00\x01\x1f\x7f",
				"Hà Nội", "ôn tập", "\u2028\u2029", "bad \xff utf-8", "\u202ebidi", "\U0001F600", ""}
			s.Mode = "<study>"
		})},
		"times": {with(func(s *Session) {
			s.Start = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)
			s.End = time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
		}), with(func(s *Session) { s.Start = t0.Truncate(time.Second); s.End = t0.In(time.FixedZone("x", 5*3600+1800)) })},
		"scores": {with(func(s *Session) { s.Score = 100 }), with(func(s *Session) { s.Score = 1e-7 }),
			with(func(s *Session) { s.Score = 1e21 }), with(func(s *Session) { s.Score = -0.5 }),
			with(func(s *Session) { s.Score = 100.0 / 3 }), with(func(s *Session) { s.Score = 1e-6 }),
			with(func(s *Session) { s.Score = 123456789012345678 })},
		"big numbers": {with(func(s *Session) { s.ID = math.MaxInt64; s.Answered = math.MaxInt32; s.Correct = math.MinInt32 })},
	}
	for name, ss := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := encoderJSON(t, ss)
			if err != nil {
				t.Fatal(err)
			}
			got, err := AppendSessionsJSON([]byte("prefix"), ss)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestAppendSessionsJSONFails where encoding/json fails, leaving b as it was.
func TestAppendSessionsJSONFails(t *testing.T) {
	good := Session{ID: 1, Start: t0, Mode: "study", Decks: []string{}}
	for name, s := range map[string]Session{
		"year 10000": {ID: 2, Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Mode: "study"},
		"year -1":    {ID: 2, Start: t0, End: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), Mode: "study"},
		"NaN score":  {ID: 2, Start: t0, Mode: "study", Score: math.NaN()},
		"Inf score":  {ID: 2, Start: t0, Mode: "study", Score: math.Inf(1)},
	} {
		t.Run(name, func(t *testing.T) {
			ss := []Session{good, s}
			if _, err := encoderJSON(t, ss); err == nil {
				t.Fatal("encoding/json does not fail")
			}
			got, err := AppendSessionsJSON([]byte("prefix"), ss)
			if err == nil {
				t.Errorf("no error; wrote %s", got)
			}
			if string(got) != "prefix" {
				t.Errorf("left %q, want the prefix only", got)
			}
		})
	}
}

// TestParseDeckList: the fast reading of a session's deck list gives what
// json.Unmarshal gives, or leaves the list to it.
func TestParseDeckList(t *testing.T) {
	for i, in := range []string{
		// Read by parseDeckList (the first fast ones):
		`[]`, ` [ ] `, `["a"]`, `["a","b","a"]`, ` [ "a" , "b" ] `, "[\n\t\"a\",\r\n\"b\"]",
		`["Hà Nội","ôn-tập"]`, `[""]`, `["<&>"]`,
		// Left to json.Unmarshal:
		`null`, `["a\"b"]`, `["\u0041"]`, `["a\\b"]`, "[\"\xff\"]", "[\"a\x01\"]", `[1]`, `["a",]`, `["a" "b"]`,
		`[`, `["a"`, `["a`, `"a"`, `{}`, ``, `["a"]x`, `[,]`, `[]]`,
	} {
		var want []string
		wantErr := json.Unmarshal([]byte(in), &want)
		seen := map[string]string{}
		got, ok := parseDeckList([]byte(in), seen, nil)
		if fast := i < 9; ok != fast {
			t.Errorf("%q: parseDeckList ok = %v, want %v", in, ok, fast)
		}
		if !ok {
			// The fallback, as EachSession runs it.
			got = nil
			if err := json.Unmarshal([]byte(in), &got); (err != nil) != (wantErr != nil) {
				t.Errorf("%q: fallback error %v, want %v", in, err, wantErr)
			}
		} else if wantErr != nil {
			t.Errorf("%q: read as %q, but json.Unmarshal fails: %v", in, got, wantErr)
			continue
		}
		if !reflect.DeepEqual(got, want) || (got == nil) != (want == nil) {
			t.Errorf("%q: got %#v (ok %v), want %#v", in, got, ok, want)
		}
		// Reusing a buffer gives the same.
		if ok {
			again, ok2 := parseDeckList([]byte(in), seen, make([]string, 0, 1))
			if !ok2 || !reflect.DeepEqual(again, want) {
				t.Errorf("%q: with a buffer: %#v, %v", in, again, ok2)
			}
		}
	}
}

// TestEachSession: EachSession gives what Sessions gives, one at a time,
// with filters and limits, and deck lists from another writer (spaces,
// escapes, an empty list) read as json.Unmarshal reads them.
func TestEachSession(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	for i, decks := range [][]string{{"a"}, {"a", "b"}, {}, {"b", "Hà Nội"}, {"<x>"}} {
		s := &Session{Start: t0.Add(time.Duration(i%3) * time.Hour), Mode: "study", Decks: decks}
		if err := db.StartSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		record(t, db, review(s.ID, "a", "c", t0, 3, "review", 1))
	}
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO sessions (start_ms, mode, decks) VALUES (?, 'quiz', ' [ "a" , "\u0062" ] ')`,
		t0.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		deck  string
		limit int
	}{{"", 0}, {"a", 0}, {"b", 0}, {"", 2}, {"b", 1}, {"none", 0}} {
		want, err := db.Sessions(ctx, tc.deck, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []Session
		err = db.EachSession(ctx, tc.deck, tc.limit, func(s *Session) error {
			c := *s
			c.Decks = append([]string(nil), s.Decks...)
			if s.Decks != nil && len(s.Decks) == 0 {
				c.Decks = []string{}
			}
			got = append(got, c)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("deck %q limit %d: EachSession\n%+v\nSessions\n%+v", tc.deck, tc.limit, got, want)
		}
	}
	all, err := db.Sessions(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 {
		t.Fatalf("%d sessions, want 6: %+v", len(all), all)
	}
	for _, s := range all {
		if s.Decks == nil {
			t.Errorf("session %d: nil deck list, want empty", s.ID)
		}
		if s.Mode == "quiz" && !reflect.DeepEqual(s.Decks, []string{"a", "b"}) {
			t.Errorf("deck list with spaces and escapes read as %q", s.Decks)
		}
	}
	// Sessions does not share deck lists between sessions.
	all[1].Decks[0] = "changed"
	for _, s := range all[2:] {
		for _, d := range s.Decks {
			if d == "changed" {
				t.Errorf("session %d shares its deck list", s.ID)
			}
		}
	}
	// An error from fn stops the iteration.
	n := 0
	stop := context.Canceled
	if err := db.EachSession(ctx, "", 0, func(*Session) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("EachSession = %v after %d sessions, want %v after 1", err, n, stop)
	}
	if _, err := db.Sessions(ctx, "", -1); err == nil {
		t.Error("negative limit accepted")
	}
}
