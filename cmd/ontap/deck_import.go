package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/stats/table"
)

// deckImportOptions are the flags and argument of deck import.
type deckImportOptions struct {
	decks.ImportOptions                        // CSV and TSV: --format, --front, --back, --tags; all: --deck, --title
	file                string                 // the file imported
	noHistory           bool                   // --no-history
	changed             func(flag string) bool // whether a flag was given
}

func newDeckImportCmd(app *App) *cobra.Command {
	var opts deckImportOptions
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Make decks from an Anki package (.apkg, .colpkg), CSV or TSV",
		Long: `Import reads a CSV or TSV file of notes and writes a new deck of basic cards
into your deck folder: Anki's "Notes in Plain Text" export (with its
#separator:, #html:, #tags column: header lines), Quizlet's exports (term and
definition separated by a tab or a comma), or any file with a front and a
back column. HTML in fields becomes plain text; Anki cloze notes become cloze
cards, "Basic (and reversed card)" notes basic cards with reverse = true. The
title is Anki's #deck: header or #deck column:, and Anki's guids are kept
(guid = "..." in each card), so that deck export writes them back and Anki
updates its notes instead of adding copies. --front, --back and --tags choose
columns by number (from 1).

An Anki package (FILE.apkg, or a whole collection FILE.colpkg, from any Anki
version) becomes one deck per Anki deck, with its review history: each
revlog row (learn, review, relearn, or review in a filtered deck) is added
to your review log (answers less than 30 minutes apart make one session)
and every card's state is rebuilt from it, so the next study asks what Anki
would have asked. Basic, Basic (and reversed card),
Basic (optional reversed card), Basic (type in the answer), Cloze, and note
types of the same shapes (one field on the question side) are imported;
other note types are listed with their number of notes. Images and sounds
cannot be shown in a terminal: each card's explanation lists its files.
Card ids come from the notes' guids, so importing a newer package of the
same decks updates them (an imported deck file is replaced) and adds only
the reviews not yet in the log. A package that is damaged, too large (over
1 GiB, a collection over 1 GiB uncompressed or 200 times its compressed
size, over 500,000 notes or 5,000,000 reviews), or names media files with a
path is refused, and nothing is changed.
--deck and --title rename a package's only deck; --no-history leaves the
review log alone.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file, opts.changed = args[0], cmd.Flags().Changed
			return runDeckImport(cmd.Context(), app, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "", "csv or tsv (default: from the file's header, extension or first line)")
	fl.StringVar(&opts.DeckID, "deck", "", "the new deck's id (default: from the file name)")
	fl.StringVar(&opts.Title, "title", "", "the new deck's title (default: Anki's #deck: header, or the file name)")
	fl.IntVar(&opts.Front, "front", 0, "the column of the front (from 1)")
	fl.IntVar(&opts.Back, "back", 0, "the column of the back (from 1)")
	fl.IntVar(&opts.Tags, "tags", 0, "the column of the tags, separated by spaces (from 1)")
	fl.BoolVar(&opts.noHistory, "no-history", false, "Anki packages: import the cards only, not the review history")
	return cmd
}

func runDeckImport(ctx context.Context, app *App, opts deckImportOptions) error {
	if isAnkiPackage(opts.file) {
		for _, name := range []string{"format", "front", "back", "tags"} {
			if opts.changed(name) {
				return usagef("deck import: --%s is for CSV and TSV files, not Anki packages", name)
			}
		}
		if opts.DeckID != "" && !decks.ValidID(opts.DeckID) {
			return usagef("deck import: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opts.DeckID)
		}
		return importAnkiPackage(ctx, app, opts.file, ankiImportOptions{deckID: opts.DeckID, title: opts.Title, noHistory: opts.noHistory})
	}
	if opts.noHistory {
		return usagef("deck import: --no-history is for Anki packages (.apkg, .colpkg)")
	}
	if opts.DeckID != "" && !decks.ValidID(opts.DeckID) {
		return usagef("deck import: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opts.DeckID)
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"front", opts.Front}, {"back", opts.Back}, {"tags", opts.Tags}} {
		if c.v < 0 {
			return usagef("deck import: --%s must be a column number from 1, not %d", c.name, c.v)
		}
	}
	data, err := readInput(ctx, opts.file, decks.MaxFileSize)
	if err != nil {
		return err
	}
	d, err := decks.ImportCards(opts.file, data, opts.ImportOptions)
	if err != nil {
		return err
	}
	path, err := app.checkNewDeckID(d.ID)
	if err != nil {
		return err
	}
	out, err := decks.FormatDeck(d, d.ID)
	if err != nil {
		return err
	}
	out = append([]byte(fmt.Sprintf("# Imported from %s by ontap deck import.\n\n", filepath.Base(opts.file))), out...)
	_, diags := decks.Parse(path, out)
	if diags.HasErrors() {
		return fmt.Errorf("the imported deck would not load; nothing written:\n%v", diags)
	}
	if err := writeNewFile(path, out); err != nil {
		return err
	}
	printDiags(app, diags)
	fmt.Fprintf(app.IO.Out, "Imported %s into deck %s: %s\n", table.Plural(len(d.Items()), "card", "cards"), d.ID, decks.Sanitize(path))
	return nil
}
