package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/scoring/stats/table"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

func newProgressCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "progress",
		Short:   "Export, import, rebuild, back up and restore your progress",
		GroupID: "progress",
		Args:    subcommandArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newExportCmd(app), newImportCmd(app), newRebuildCmd(app),
		newBackupCmd(app), newRestoreCmd(app))
	return cmd
}

// warnOutOfRange reports stored times outside the range ontap keeps (a due
// date in year 10000, written before due dates were clamped): they are
// read clamped, so the command goes on.
func warnOutOfRange(ctx context.Context, app *App, db *store.DB) {
	if n, err := db.OutOfRangeTimes(ctx); err == nil && n > 0 {
		fmt.Fprintf(app.IO.ErrOut, "ontap: warning: %s: %s outside %d-%d, read as the nearest end of that range (%s or %s)\n",
			decks.Sanitize(db.Path()), table.Plural(n, "stored time", "stored times"), scoring.MinTime.Year(), scoring.MaxTime.Year(),
			scoring.MinTime.Format(time.RFC3339), scoring.MaxTime.Format("2006-01-02T15:04:05.000Z07:00"))
	}
}

// rebuild recomputes every card's state from the log; quiz reviews do not
// count. Cards of decks that no longer exist use the default scheduler.
func rebuild(ctx context.Context, app *App, db *store.DB) (int, error) {
	warnOutOfRange(ctx, app, db)
	sched, _, err := app.schedulerFor(ctx)
	if err != nil {
		return 0, err
	}
	return db.Rebuild(ctx, sched)
}

// schedulerFor returns the scheduler of each deck id, as the decks ask (the
// default one for a deck that no longer exists), built once per deck, and
// the function that forgets them (after the saved parameters changed).
func (app *App) schedulerFor(ctx context.Context) (store.SchedulerFor, func(), error) {
	cat, err := app.loadLazyCatalog(ctx) // the decks' schedulers only, not their cards
	if err != nil {
		return nil, nil, err
	}
	scheds := map[string]scoring.Scheduler{}
	sched := func(deckID string) (scoring.Scheduler, error) {
		if s, ok := scheds[deckID]; ok {
			return s, nil
		}
		d := cat.byID[deckID]
		if d == nil {
			d = &decks.Deck{ID: deckID}
		}
		s, err := app.scheduler(ctx, d)
		scheds[deckID] = s
		return s, err
	}
	reset := func() {
		clear(scheds)
		app.settings, app.schedulers = nil, nil
	}
	return sched, reset, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func statDir(p string) (os.FileInfo, error) {
	fi, err := os.Stat(p)
	if err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", p)
	}
	return fi, err
}
