package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/anki"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

// `ontap deck import FILE.apkg` (and .colpkg): Anki packages, with their
// review history. The text import is in deck_author.go.

// isAnkiPackage reports whether path names an Anki package.
func isAnkiPackage(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".apkg", ".colpkg":
		return true
	}
	return false
}

// ankiImportOptions are the flags of deck import that apply to packages.
type ankiImportOptions struct {
	deckID, title string
	noHistory     bool
}

// ankiSourcePrefix starts the source of every deck imported from Anki:
// such a deck file is replaced by a newer import of the same Anki deck.
const ankiSourcePrefix = "Anki deck "

// plannedDeck is a deck file an import writes.
type plannedDeck struct {
	deck   *decks.Deck
	path   string
	data   []byte
	update bool // replaces an earlier import
}

// importAnkiPackage imports an Anki package: its decks into the deck
// folder, its review history into the log, and rebuilds card states.
// Everything is read and checked before anything is written.
func importAnkiPackage(ctx context.Context, app *App, path string, opt ankiImportOptions) error {
	p, err := anki.Read(ctx, path, anki.DefaultLimits)
	if err != nil {
		return err
	}
	imp := anki.Convert(p, anki.ConvertOptions{Source: filepath.Base(path)})
	if len(imp.Decks) == 0 {
		var why []string
		for _, c := range imp.Unknown {
			why = append(why, fmt.Sprintf("%d of note type %q", c.Notes, c.Name))
		}
		for _, c := range imp.Skipped {
			why = append(why, fmt.Sprintf("%s (%s)", ankiCount(c.Notes, "note"), c.Name))
		}
		msg := fmt.Sprintf("%s: no notes that ontap can ask (%s)", path, ankiCount(len(p.Notes), "note"))
		if len(why) > 0 {
			msg += ": " + strings.Join(why, "; ")
		}
		return fmt.Errorf("%s; nothing imported", safetext.Sanitize(msg))
	}
	if opt.deckID != "" || opt.title != "" {
		if err := imp.Rename(opt.deckID, opt.title); err != nil {
			return usagef("deck import: --deck and --title name one deck: %s: %v", safetext.Sanitize(path), err)
		}
	}
	plan, err := planAnkiDecks(app, imp, filepath.Base(path))
	if err != nil {
		return err
	}
	var reviews []store.Review
	if !opt.noHistory {
		reviews = ankiReviews(imp.Reviews)
	}
	var db *store.DB
	if len(reviews) > 0 {
		if db, err = app.Store(ctx, storeCreate); err != nil {
			return err
		}
	}
	for _, pd := range plan {
		if pd.update {
			err = writeFile(pd.path, true, writeBytes(pd.data))
		} else {
			err = writeNewFile(pd.path, pd.data)
		}
		if err != nil {
			return err
		}
	}
	added, states := 0, 0
	if len(reviews) > 0 {
		if added, err = db.ImportReviews(ctx, reviews, safetext.Sanitize(path)); err != nil {
			return err
		}
		if states, err = rebuild(ctx, app, db); err != nil {
			return err
		}
	}
	printAnkiSummary(app, path, imp, plan, len(reviews), added, states, opt.noHistory)
	return nil
}

// planAnkiDecks decides where each deck goes and formats it; it fails,
// writing nothing, when a deck id belongs to a deck not imported from
// Anki (a built-in deck, or one of the user's).
func planAnkiDecks(app *App, imp *anki.Imported, file string) ([]plannedDeck, error) {
	cat, err := app.loadCatalog()
	if err != nil {
		return nil, err
	}
	var plan []plannedDeck
	for _, d := range imp.Decks {
		path := filepath.Join(app.userDeckDir(), d.ID+".toml")
		pd := plannedDeck{deck: d, path: path}
		if old := cat.byID[d.ID]; old != nil {
			switch {
			case old.Builtin:
				return nil, fmt.Errorf("Anki deck %q would become deck %q, which is a built-in deck; import it alone with --deck ID; nothing imported",
					safetext.Sanitize(imp.AnkiName[d.ID]), d.ID)
			case !strings.HasPrefix(old.Source, ankiSourcePrefix) || filepath.Clean(old.Path) != filepath.Clean(path):
				return nil, fmt.Errorf("Anki deck %q would become deck %q, which exists already (%s) and was not imported from Anki; import it alone with --deck ID; nothing imported",
					safetext.Sanitize(imp.AnkiName[d.ID]), d.ID, safetext.Sanitize(old.Path))
			}
			pd.update = true
		} else if fileExists(path) {
			return nil, fmt.Errorf("%s exists already and does not load as a deck; nothing imported", safetext.Sanitize(path))
		}
		out, err := decks.FormatDeck(d, d.ID)
		if err != nil {
			return nil, fmt.Errorf("deck %s: %v", d.ID, err)
		}
		head := fmt.Sprintf("# Imported from the Anki deck %s in %s by ontap deck import.\n# A newer import of the same Anki deck replaces this file.\n\n",
			safetext.Sanitize(strings.Join(strings.Fields(imp.AnkiName[d.ID]), " ")), safetext.Sanitize(strings.Join(strings.Fields(file), " ")))
		pd.data = append([]byte(head), out...)
		if _, diags := decks.Parse(path, pd.data); diags.HasErrors() {
			return nil, fmt.Errorf("the imported deck %s would not load; nothing imported:\n%v", d.ID, diags)
		}
		plan = append(plan, pd)
	}
	return plan, nil
}

// ankiSessionGap is the pause that ends a study session in an Anki
// history (Anki keeps no sessions): answers closer together than this are
// one session in ontap history.
const ankiSessionGap = 30 * time.Minute

// ankiReviews turns the package's history (in time order) into
// review-log entries, grouped into sessions by ankiSessionGap.
func ankiReviews(entries []anki.Entry) []store.Review {
	out := make([]store.Review, 0, len(entries))
	session := int64(0)
	var last time.Time
	for _, e := range entries {
		if session == 0 || e.Time.Sub(last) > ankiSessionGap {
			session++
		}
		last = e.Time.Add(e.Duration)
		out = append(out, store.Review{DeckID: e.DeckID, CardID: e.ItemID, Time: e.Time, Rating: scoring.Rating(e.Rating),
			Correct: e.Rating != int(scoring.Again), Duration: e.Duration, Kind: store.Kind(e.Kind), SessionID: session})
	}
	return out
}

// printAnkiSummary says what was imported and what was not, in lines
// that fit 80 columns unless names are long.
func printAnkiSummary(app *App, path string, imp *anki.Imported, plan []plannedDeck, reviews, added, states int, noHistory bool) {
	w := app.IO.Out
	cards, width := 0, 0
	for _, pd := range plan {
		cards += len(pd.deck.Items()) // as deck list counts them
		width = max(width, len(pd.deck.ID))
	}
	fmt.Fprintf(w, "Imported %s from %s into %s:\n", ankiCount(cards, "card"), safetext.Sanitize(filepath.Base(path)), ankiCount(len(plan), "deck"))
	for _, pd := range plan {
		verb := "new"
		if pd.update {
			verb = "updated"
		}
		fmt.Fprintf(w, "  %-*s  %10s  %-7s  Anki: %s\n", width, pd.deck.ID, ankiCount(len(pd.deck.Items()), "card"), verb,
			safetext.Sanitize(imp.AnkiName[pd.deck.ID]))
	}
	fmt.Fprintf(w, "Deck files in %s.\n", safetext.Sanitize(filepath.Dir(plan[0].path)))
	switch {
	case noHistory:
		fmt.Fprintf(w, "History: not imported (--no-history).\n")
	case reviews == 0:
		fmt.Fprintf(w, "History: none in the package.\n")
	default:
		fmt.Fprintf(w, "History: %s added, %d already in the log; %s rebuilt.\n", ankiCount(added, "review"), reviews-added, ankiCount(states, "card state"))
	}
	if imp.Ignored > 0 && !noHistory {
		fmt.Fprintf(w, "  %s left out (manual reschedulings, notes not imported).\n", ankiCount(imp.Ignored, "revlog row"))
	}
	if len(imp.Unknown) > 0 {
		var parts []string
		for i, c := range imp.Unknown {
			n := ankiCount(c.Notes, "note")
			if i > 0 {
				n = fmt.Sprint(c.Notes)
			}
			parts = append(parts, fmt.Sprintf("%s of %q", n, safetext.Sanitize(c.Name)))
		}
		fmt.Fprintf(w, "Not imported: %s\n  (ontap asks cloze notes and notes with one field on the question side).\n", strings.Join(parts, ", "))
	}
	for _, c := range imp.Skipped {
		fmt.Fprintf(w, "Not imported: %s (%s).\n", ankiCount(c.Notes, "note"), safetext.Sanitize(c.Name))
	}
	if imp.MediaNotes > 0 {
		what := "1 card refers to images or sounds; its explanation names the files."
		if imp.MediaNotes > 1 {
			what = fmt.Sprintf("%d cards refer to images or sounds; their explanations name the files.", imp.MediaNotes)
		}
		fmt.Fprintf(w, "Media: %s\n", what)
	}
}

// ankiCount is "1 card", "2 cards".
func ankiCount(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// ankiHistory returns the review history of deck d's items for an apkg
// export, with each item's state, from the log.
func ankiHistory(ctx context.Context, db *store.DB, d *decks.Deck) ([]anki.Entry, map[string]anki.ItemState, error) {
	var hist []anki.Entry
	err := db.Reviews(ctx, func(r *store.Review) error {
		if r.DeckID != d.ID || r.Kind == "quiz" {
			return nil
		}
		ivl := 0
		if !r.After.Due.IsZero() {
			if gap := r.After.Due.Sub(r.Time); gap >= 24*time.Hour {
				ivl = int((gap + 12*time.Hour) / (24 * time.Hour))
			} else {
				ivl = -int(gap / time.Second)
			}
		}
		hist = append(hist, anki.Entry{DeckID: r.DeckID, ItemID: r.CardID, Time: r.Time, Rating: int(r.Rating),
			Kind: string(r.Kind), Duration: r.Duration, Interval: ivl})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	st, err := db.States(ctx, d.ID)
	if err != nil {
		return nil, nil, err
	}
	states := map[string]anki.ItemState{}
	for id, s := range st {
		if s.Phase == scoring.New || s.Due.IsZero() {
			continue
		}
		days := 0
		if !s.LastReview.IsZero() {
			days = int((s.Due.Sub(s.LastReview) + 12*time.Hour) / (24 * time.Hour))
		}
		states[id] = anki.ItemState{Due: s.Due, IntervalDays: days, Learning: s.Phase == scoring.Learning, Relearning: s.Phase == scoring.Relearning,
			Reps: s.Reps, Lapses: s.Lapses}
	}
	return hist, states, nil
}

// exportAnkiPackage writes deck d as a schema-11 .apkg.
func exportAnkiPackage(ctx context.Context, app *App, d *decks.Deck, withHistory bool) ([]byte, error) {
	var hist []anki.Entry
	var states map[string]anki.ItemState
	if withHistory {
		db, err := app.Store(ctx, storeOptional)
		if err != nil {
			return nil, err
		}
		if db != nil {
			if hist, states, err = ankiHistory(ctx, db, d); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := anki.Write(ctx, &buf, anki.Build(d, hist, states, app.Now())); err != nil {
		return nil, fmt.Errorf("cannot write the Anki package: %v", err)
	}
	return buf.Bytes(), nil
}
