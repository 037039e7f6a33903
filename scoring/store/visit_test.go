package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestVisitItemsStopsAndFails checks the item visitor behind planNew: the
// items come in deck order, errStopVisit ends the query without an error
// and without another row, and any other error of the visitor is the
// query's.
func TestVisitItemsStopsAndFails(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var items []DeckItem
	for i := range 50 {
		id := fmt.Sprintf("i%02d", 49-i) // ids in the opposite order to the deck's
		items = append(items, DeckItem{ID: id, Sibling: id, Card: i})
	}
	putDeck(t, db, "/d.toml", items, 50)
	run := func(fn func(StudyItem) error) error {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return visitItems(func(h int64) error {
			var n int
			return c.QueryRowContext(ctx, newItemsQuery, h, "/d.toml").Scan(&n)
		}, fn)
	}
	var got []string
	err := run(func(it StudyItem) error {
		if len(got) == 3 {
			return errStopVisit
		}
		got = append(got, it.ID)
		return nil
	})
	if want := []string{"i49", "i48", "i47"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("stopped after 3: %v, %v; want %v and no error", got, err, want)
	}
	calls := 0
	boom := errors.New("boom")
	err = run(func(StudyItem) error {
		calls++
		return boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("failing visitor: %v after %d calls, want boom after 1", err, calls)
	}
	calls = 0
	if err := run(func(StudyItem) error { calls++; return nil }); err != nil || calls != 50 {
		t.Errorf("whole file: %d items, %v; want 50", calls, err)
	}
}
