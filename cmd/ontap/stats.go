package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/stats"
	"github.com/ontap/ontap/scoring/store"
)

type statsOptions struct {
	app       *App
	deck      string
	json      bool
	html      string
	force     bool
	streakMin int
	wide      bool
}

func newStatsCmd(app *App) *cobra.Command {
	o := &statsOptions{app: app}
	cmd := &cobra.Command{
		Use:     "stats [DECK]",
		Short:   "Show today, your streak, forecast, retention and hardest cards",
		GroupID: "views",
		Long: `Stats shows what you did today, your streak and a calendar of the last year,
the answers of the last 30 days, the cards due in the next 30 days, your true
retention, each deck's progress and the hardest cards. With DECK (a deck id
or a .toml file), only that deck.

--json prints the same figures as JSON (the field names are stable), and
--html FILE writes them as one self-contained HTML page.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.deck = args[0]
			}
			if o.streakMin < 1 {
				return usagef("invalid --streak-min %d: want 1 or more answers", o.streakMin)
			}
			if o.json && o.html != "" {
				return usagef("--json and --html cannot be used together")
			}
			if o.html != "" && o.html != "-" {
				if err := checkOutFile(o.html, o.force); err != nil {
					return err
				}
			}
			return runStats(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.json, "json", false, "print JSON")
	f.StringVar(&o.html, "html", "", "write an HTML report to `FILE` (- for standard output)")
	f.BoolVar(&o.force, "force", false, "overwrite the --html file if it exists")
	f.IntVar(&o.streakMin, "streak-min", 1, "answers a day needs to count for the streak")
	addWideFlag(cmd, &o.wide)
	return cmd
}

// statsDecks resolves the DECK argument of stats and history: a deck of the
// catalog, a deck file, or the id of a deck that is gone but has answers
// in the history (then no deck is returned). No argument is every deck.
func statsDecks(ctx context.Context, app *App, cat *catalog, db *store.DB, arg string) (string, []*decks.Deck, error) {
	if arg == "" {
		return "", cat.decks, nil
	}
	ds, err := cat.resolve([]string{arg})
	if err == nil {
		return ds[0].ID, ds, nil
	}
	if db != nil && !strings.HasSuffix(arg, ".toml") && !strings.ContainsRune(arg, os.PathSeparator) {
		ids, err2 := db.StatsDecks(ctx)
		if err2 != nil {
			return "", nil, err2
		}
		if slices.Contains(ids, arg) {
			return arg, nil, nil
		}
	}
	return "", nil, err
}

func runStats(ctx context.Context, o *statsOptions) error {
	app := o.app
	cat, err := app.loadLazyCatalog(ctx)
	if err != nil {
		return err
	}
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	deckID, ds, err := statsDecks(ctx, app, cat, db, o.deck)
	if err != nil {
		return err
	}
	in := stats.Input{Store: db, Deck: deckID, Config: app.Config(), Now: app.Now(), StreakMin: o.streakMin,
		Prompt: cat.prompt}
	for _, d := range ds {
		sched, err := app.scheduler(ctx, d)
		if err != nil {
			return fmt.Errorf("deck %s: %w", d.ID, err)
		}
		sd := stats.Deck{ID: d.ID, Title: decks.Sanitize(d.Title), NewPerDay: d.NewPerDay, Scheduler: sched}
		if sd.NewPerDay <= 0 {
			sd.NewPerDay = quiz.DefaultNewPerDay
		}
		if key, ok := cat.cached[d]; ok && db != nil { // from the deck cache: the prompts of the hardest cards only
			sd.Studied = func(ctx context.Context, fn func(string, scoring.State)) (int, error) {
				return db.StudiedItems(ctx, key, d.ID, fn)
			}
		} else {
			for _, it := range d.Items() {
				sd.Items = append(sd.Items, stats.Item{ID: it.ID, Prompt: decks.Sanitize(it.Prompt)})
			}
		}
		in.Decks = append(in.Decks, sd)
	}
	rep, err := stats.Compute(ctx, in)
	if err != nil {
		return err
	}
	switch {
	case o.json:
		return writeJSON(app, rep)
	case o.html == "-":
		return stats.WriteHTML(app.IO.Out, rep)
	case o.html != "":
		if err := writeOutFile(o.html, o.force, func(w io.Writer) error { return stats.WriteHTML(w, rep) }); err != nil {
			return err
		}
		fmt.Fprintf(app.IO.ErrOut, "Wrote %s\n", decks.Sanitize(o.html))
		return nil
	}
	return stats.WriteText(app.IO.Out, rep, stats.TextOptions{Color: app.IO.Color, Width: app.viewWidth(o.wide)})
}
