package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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

func newExportCmd(app *App) *cobra.Command {
	var format, out string
	var force bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the whole review log as CSV or JSON lines",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "jsonl" {
				return usagef("invalid --format %q: want csv or jsonl", format)
			}
			if out != "" && out != "-" {
				if err := checkOutFile(out, force); err != nil {
					return err
				}
			}
			db, err := app.Store(cmd.Context(), storeRead)
			if err != nil {
				return err
			}
			if db == nil {
				return fmt.Errorf("no progress in %s yet; nothing to export", app.DataDir)
			}
			warnOutOfRange(cmd.Context(), app, db)
			write := func(w io.Writer) error {
				if format == "csv" {
					return db.ExportCSV(cmd.Context(), w)
				}
				return db.ExportJSONL(cmd.Context(), w)
			}
			if out == "" || out == "-" {
				return write(app.IO.Out)
			}
			return writeOutFile(out, force, write)
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or jsonl")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to FILE (written to a temporary file, then renamed)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
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

func newImportCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge an exported review log; card states are rebuilt",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := openInput(cmd.Context(), args[0], store.MaxImportSize)
			if err != nil {
				return err
			}
			defer f.Close()
			db, err := app.Store(cmd.Context(), storeCreate)
			if err != nil {
				return err
			}
			added, err := db.Import(cmd.Context(), f, args[0])
			if err != nil {
				return err
			}
			n, err := rebuild(cmd.Context(), app, db)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "Imported %s from %s; rebuilt %s.\n",
				table.Plural(added, "new review", "new reviews"), decks.Sanitize(args[0]), table.Plural(n, "card state", "card states"))
			return nil
		},
	}
}

func newRebuildCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: "Recompute every card's state from the review log",
		Long: `Rebuild replays the review log, which is the source of truth, through each
deck's scheduler with the current parameters, and replaces every card's state.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := app.Store(cmd.Context(), storeRead)
			if err != nil {
				return err
			}
			if db == nil {
				return fmt.Errorf("no progress in %s yet; nothing to rebuild", app.DataDir)
			}
			n, err := rebuild(cmd.Context(), app, db)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "Rebuilt %s from the review log.\n", table.Plural(n, "card state", "card states"))
			return nil
		},
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

func newBackupCmd(app *App) *cobra.Command {
	var list bool
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Make a backup of the progress database now (or --list them)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := filepath.Join(app.DataDir, "backups")
			if list {
				bs, err := store.Backups(dir)
				if err != nil {
					return err
				}
				for _, b := range bs {
					fmt.Fprintln(app.IO.Out, decks.Sanitize(b))
				}
				return nil
			}
			db, err := app.Store(cmd.Context(), storeRead)
			if err != nil {
				return err
			}
			if db == nil {
				return fmt.Errorf("no progress in %s yet; nothing to back up", app.DataDir)
			}
			path, err := db.Backup(dir, app.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(app.IO.Out, decks.Sanitize(path))
			return nil
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list the backups, newest first")
	return cmd
}

func newRestoreCmd(app *App) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore [BACKUP]",
		Short: "Put a backup (the newest by default) in place of the database",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := filepath.Join(app.DataDir, "backups")
			var backup string
			if len(args) == 1 {
				backup = args[0]
				if _, err := os.Stat(backup); err != nil {
					if alt := filepath.Join(dir, backup); fileExists(alt) {
						backup = alt
					} else {
						return fmt.Errorf("no backup %s: %v", args[0], unwrapPath(err))
					}
				}
			} else {
				bs, err := store.Backups(dir)
				if err != nil {
					return err
				}
				if len(bs) == 0 {
					return fmt.Errorf("no backups in %s", dir)
				}
				backup = bs[0]
			}
			if !yes {
				if !app.IO.StdinTTY {
					return usagef("restore replaces %s with %s: confirm with --yes", app.dbPath(), backup)
				}
				fmt.Fprintf(app.IO.Out, "Replace %s with %s? Answers given since that backup are lost. [y/N] ", decks.Sanitize(app.dbPath()), decks.Sanitize(backup))
				line, _ := bufio.NewReader(app.IO.In).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					fmt.Fprintln(app.IO.Out, "Nothing restored.")
					return nil
				}
			}
			app.Close()
			if err := store.Restore(app.dbPath(), backup); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "Restored %s from %s.\n", decks.Sanitize(app.dbPath()), decks.Sanitize(backup))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
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
