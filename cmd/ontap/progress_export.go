package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// progressExportOptions are the flags of progress export.
type progressExportOptions struct {
	format string // --format: csv or jsonl
	out    string // --out: "" or "-" for standard output
	force  bool   // --force
}

func newExportCmd(app *App) *cobra.Command {
	var opts progressExportOptions
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the whole review log as CSV or JSON lines",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProgressExport(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "csv", "csv or jsonl")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to FILE (written to a temporary file, then renamed)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite --out if it exists")
	return cmd
}

func runProgressExport(ctx context.Context, app *App, opts progressExportOptions) error {
	if opts.format != "csv" && opts.format != "jsonl" {
		return usagef("invalid --format %q: want csv or jsonl", opts.format)
	}
	if opts.out != "" && opts.out != "-" {
		if err := checkOutFile(opts.out, opts.force); err != nil {
			return err
		}
	}
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	if db == nil {
		return fmt.Errorf("no progress in %s yet; nothing to export", app.DataDir)
	}
	warnOutOfRange(ctx, app, db)
	write := func(w io.Writer) error {
		if opts.format == "csv" {
			return db.ExportCSV(ctx, w)
		}
		return db.ExportJSONL(ctx, w)
	}
	if opts.out == "" || opts.out == "-" {
		return write(app.IO.Out)
	}
	return writeOutFile(opts.out, opts.force, write)
}
