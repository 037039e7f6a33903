package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/stats/table"
)

// deckExportOptions are the flags and argument of deck export.
type deckExportOptions struct {
	deck        string
	format      string // --format
	out         string // --out: "" or "-" for standard output
	force       bool   // --force
	withHistory bool   // --with-history
}

func newDeckExportCmd(app *App) *cobra.Command {
	var opts deckExportOptions
	cmd := &cobra.Command{
		Use:   "export DECK",
		Short: "Write a deck as TOML, an Anki package, CSV, TSV or JSON",
		Long: `Export writes a deck: tsv and csv are notes Anki imports (with Anki's header
lines, the cards' guids and note types: Basic, Basic (and reversed card), Cloze;
ontap deck import reads them back), json is the deck and
its cards for scripts, toml is the deck format (a copy you can edit). The
output goes to standard output, or to --out FILE, which is never overwritten
without --force. The default format is toml.

apkg is an Anki package (legacy schema 11, which every Anki version and
AnkiDroid import; it needs --out FILE.apkg): basic cards become Basic notes
(with their reverse, Basic (and reversed card)), typed cards "type in the
answer" notes, cloze cards Cloze notes (the Nth blank is cN), and every other
card one Basic note per question, as csv writes them. Note guids are
"ontap:DECK/CARD", so Anki updates the notes when a newer export is
imported. --with-history adds the deck's review history (the revlog) and
each card's scheduling, so Anki goes on where ontap stopped.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.deck = args[0]
			return runDeckExport(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "toml", "toml, csv, tsv, json or apkg")
	cmd.Flags().BoolVar(&opts.withHistory, "with-history", false, "apkg: include the deck's review history and scheduling")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to FILE instead of standard output")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite --out if it exists")
	return cmd
}

func runDeckExport(ctx context.Context, app *App, opts deckExportOptions) error {
	formats := append(append([]string(nil), decks.ExportFormats...), "apkg")
	if !containsStr(formats, opts.format) {
		return usagef("deck export: unknown --format %q: want one of %s", opts.format, strings.Join(formats, ", "))
	}
	if opts.withHistory && opts.format != "apkg" {
		return usagef("deck export: --with-history is for --format apkg")
	}
	if opts.format == "apkg" && (opts.out == "" || opts.out == "-") {
		return usagef("deck export: --format apkg writes a zip file: give --out FILE.apkg")
	}
	if opts.out != "" && opts.out != "-" && !opts.force {
		if _, err := os.Lstat(opts.out); err == nil {
			return fmt.Errorf("%s exists already; not overwritten (use --force)", opts.out)
		}
	}
	d, err := app.oneDeck(opts.deck)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if opts.format == "apkg" {
		data, err := exportAnkiPackage(ctx, app, d, opts.withHistory)
		if err != nil {
			return err
		}
		buf.Write(data)
	} else if err := decks.ExportDeck(&buf, d, opts.format); err != nil {
		return err
	}
	if err := writeOut(app, opts.out, opts.force, buf.Bytes(), opts.format == "json"); err != nil {
		return err
	}
	if opts.out != "" && opts.out != "-" {
		fmt.Fprintf(app.IO.ErrOut, "Exported deck %s (%s) to %s\n", d.ID, table.Plural(len(d.Items()), "card", "cards"), decks.Sanitize(opts.out))
	}
	return nil
}
