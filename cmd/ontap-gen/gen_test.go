package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/store"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestGenerateDeterministicAndValid(t *testing.T) {
	ctx := context.Background()
	o := Options{Decks: 3, Cards: 90, Reviews: 400, Seed: 7, Now: now}
	a, b := t.TempDir(), t.TempDir()
	sa, err := Generate(ctx, a, o)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Generate(ctx, b, o)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb || sa.Decks != 3 || sa.Cards != 90 || sa.Reviews != 400 {
		t.Fatalf("stats %+v and %+v", sa, sb)
	}
	ds, diags := decks.LoadDir(filepath.Join(a, "decks"))
	if len(diags) > 0 || len(ds) != 3 {
		t.Fatalf("%d decks: %v", len(ds), diags)
	}
	kinds, cards, viet := map[string]bool{}, 0, false
	for _, d := range ds {
		cards += len(d.Cards)
		for _, c := range d.Cards {
			kinds[c.Kind] = true
		}
		fa, _ := os.ReadFile(filepath.Join(a, "decks", d.ID+".toml"))
		fb, _ := os.ReadFile(filepath.Join(b, "decks", d.ID+".toml"))
		if !bytes.Equal(fa, fb) {
			t.Errorf("deck %s differs between two runs with one seed", d.ID)
		}
		viet = viet || strings.Contains(string(fa), "Việt")
	}
	if cards != 90 || len(kinds) != len(cardKinds) || !viet {
		t.Errorf("cards %d, kinds %v, Vietnamese %v", cards, kinds, viet)
	}
	db, err := store.Open(filepath.Join(a, "data", "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, withState := 0, 0
	if err := db.Reviews(ctx, func(r *store.Review) error {
		if !r.Time.Before(now) {
			t.Errorf("review at %s, after the end of the history", r.Time)
		}
		if r.SessionID == 0 {
			t.Errorf("review %d is in no session", r.ID)
		}
		if r.After.Reps == r.Before.Reps+1 {
			withState++
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 400 || withState != n {
		t.Errorf("%d reviews in the log (want 400), %d with their states", n, withState)
	}
	// One session a day of study: the history view has sessions to show.
	sessions, err := db.Sessions(ctx, "", 0)
	if err != nil || len(sessions) < 2 || len(sessions) >= n {
		t.Errorf("%d sessions (%v) for %d reviews", len(sessions), err, n)
	}
}

func TestGenerateRejects(t *testing.T) {
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	for _, tc := range []struct {
		name string
		o    Options
		out  string
		want string
	}{
		{"no decks", Options{Decks: 0, Cards: 1, Now: now}, "", "--decks 0"},
		{"too few cards", Options{Decks: 5, Cards: 2, Now: now}, "", "at least one card per deck"},
		{"too many per deck", Options{Decks: 1, Cards: 100001, Now: now}, "", "at most 100000"},
		{"negative reviews", Options{Decks: 1, Cards: 1, Reviews: -1, Now: now}, "", "--reviews -1"},
		{"not empty", Options{Decks: 1, Cards: 1, Now: now}, full, "not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := tc.out
			if out == "" {
				out = t.TempDir()
			}
			_, err := Generate(context.Background(), out, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
