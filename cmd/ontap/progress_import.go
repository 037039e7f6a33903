package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/scoring/stats/table"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/store"
)

// progressImportOptions are the arguments of progress import.
type progressImportOptions struct {
	file string // an exported review log (CSV or JSON lines)
}

func newImportCmd(app *App) *cobra.Command {
	var opts progressImportOptions
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge an exported review log; card states are rebuilt",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runProgressImport(cmd.Context(), app, opts)
		},
	}
}

func runProgressImport(ctx context.Context, app *App, opts progressImportOptions) error {
	f, err := openInput(ctx, opts.file, store.MaxImportSize)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := app.Store(ctx, storeCreate)
	if err != nil {
		return err
	}
	added, err := db.Import(ctx, f, opts.file)
	if err != nil {
		return err
	}
	n, err := rebuild(ctx, app, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "Imported %s from %s; rebuilt %s.\n",
		table.Plural(added, "new review", "new reviews"), decks.Sanitize(opts.file), table.Plural(n, "card state", "card states"))
	return nil
}
