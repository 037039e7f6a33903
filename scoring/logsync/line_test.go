package logsync

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

func sampleEntries() []*store.SyncEntry {
	at := time.Date(2026, 11, 20, 9, 0, 1, 0, time.UTC)
	r := &store.SyncReview{Session: 1, HasStates: true}
	r.DeckID, r.CardID, r.Time, r.Rating, r.Answer, r.Correct, r.Kind = "d", "c:reverse", at, scoring.Good, "Hà Nội \"1954\"", true, "learn"
	r.Duration, r.Overruled = 1500*time.Millisecond, true
	r.Parts = `[{"expected":"a","given":"a","correct":true}]`
	r.After = scoring.State{Phase: scoring.Learning, Step: 1, Stability: 2.3, Difficulty: 5, Due: at.Add(10 * time.Minute), LastReview: at, Reps: 1}
	plain := &store.SyncReview{}
	plain.DeckID, plain.CardID, plain.Time, plain.Rating, plain.Kind = "d", "c2", at, scoring.Again, "review"
	return []*store.SyncEntry{
		{Device: "3f9c0a7e5b2d4c11", Seq: 2, Review: r},
		{Device: "3f9c0a7e5b2d4c11", Seq: 3, Review: plain},
		{Device: "3f9c0a7e5b2d4c11", Seq: 1, Session: &store.SyncSession{Start: at, End: at.Add(time.Minute), Mode: "study", Decks: []string{"d"}, Answered: 1, Correct: 1}},
		{Device: "3f9c0a7e5b2d4c11", Seq: 4, Session: &store.SyncSession{Start: at, Mode: "quiz", Decks: []string{}}},
		{Device: "3f9c0a7e5b2d4c11", Seq: 5, Setting: &store.SyncSetting{Key: "params:d", Value: "0.1,0.2", Time: at}},
	}
}

func TestLineRoundTrip(t *testing.T) {
	for _, e := range sampleEntries() {
		line, err := EncodeLine(e)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Count(line, []byte("\n")) != 1 || line[len(line)-1] != '\n' {
			t.Fatalf("%q: want one line ending with a newline", line)
		}
		got, err := ParseLine(line[:len(line)-1])
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", line, got, e)
		}
	}
}

func TestParseLineErrors(t *testing.T) {
	good, err := EncodeLine(sampleEntries()[0])
	if err != nil {
		t.Fatal(err)
	}
	good = good[:len(good)-1]
	with := func(e *store.SyncEntry) string {
		l, err := EncodeLine(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(l[:len(l)-1])
	}
	badRating := sampleEntries()[1]
	badRating.Review.Rating = 7
	badDev := sampleEntries()[4]
	badDev.Device = "UPPER"
	local := sampleEntries()[4]
	local.Setting.Key = "sync"
	for _, c := range []struct {
		name, line string
		want       string
	}{
		{"empty", "", "not an entry"},
		{"not json", "hello", "not an entry"},
		{"no checksum", `{"v":1}`, "not an entry"},
		{"changed byte", strings.Replace(string(good), `"rating":3`, `"rating":4`, 1), "checksum mismatch"},
		{"upper hex", string(good[:len(good)-10]) + "ABCDEF12\"}", "8 lowercase hex"},
		{"cut", string(good[:len(good)/2]), "not an entry"},
		{"bad rating", with(badRating), "rating 7"},
		{"bad device", with(badDev), "device id"},
		{"local setting", with(local), "not one that is synced"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseLine([]byte(c.line))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParseLine(%.60q) = %v, want an error containing %q", c.line, err, c.want)
			}
		})
	}
	newer := strings.Replace(string(good), `{"v":1,`, `{"v":2,`, 1)
	body := newer[:len(newer)-crcTail]
	newer = body + crcMark + crcHex([]byte(body)) + `"}`
	if _, err := ParseLine([]byte(newer)); !errors.Is(err, store.ErrNewerEntry) {
		t.Errorf("an entry of version 2: %v, want ErrNewerEntry", err)
	}
}

// FuzzParseLine: any line is refused with an error or read as an entry
// that writes back to a line read the same.
func FuzzParseLine(f *testing.F) {
	for _, e := range sampleEntries() {
		l, _ := EncodeLine(e)
		f.Add(l[:len(l)-1])
	}
	f.Add([]byte(`{"v":1,"dev":"a","seq":1,"crc":"00000000"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := ParseLine(line)
		if err != nil {
			return
		}
		again, err := EncodeLine(e)
		if err != nil {
			t.Fatalf("an entry read from %q does not write: %v", line, err)
		}
		e2, err := ParseLine(again[:len(again)-1])
		if err != nil {
			t.Fatalf("the line written for %q does not read: %v", line, err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("%q read back differently:\n%+v\n%+v", line, e, e2)
		}
	})
}
