package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/scoring/stats/table"
)

func newRebuildCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: "Recompute every card's state from the review log",
		Long: `Rebuild replays the review log, which is the source of truth, through each
deck's scheduler with the current parameters, and replaces every card's state.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProgressRebuild(cmd.Context(), app)
		},
	}
}

func runProgressRebuild(ctx context.Context, app *App) error {
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	if db == nil {
		return fmt.Errorf("no progress in %s yet; nothing to rebuild", app.DataDir)
	}
	n, err := rebuild(ctx, app, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "Rebuilt %s from the review log.\n", table.Plural(n, "card state", "card states"))
	return nil
}
