package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
)

// deckNewOptions are the flags and argument of deck new.
type deckNewOptions struct {
	id                 string
	title, description string
	changed            func(flag string) bool // whether a flag was given
}

func newDeckNewCmd(app *App) *cobra.Command {
	var opts deckNewOptions
	cmd := &cobra.Command{
		Use:   "new ID",
		Short: "Create a new deck file in your deck folder",
		Long: `New writes <data-dir>/decks/ID.toml with a title, a description and a
commented example card of each kind. At a terminal it asks for the title
and description; otherwise give --title (and --description). It never
overwrites a file or reuses the id of an existing deck.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.id, opts.changed = args[0], cmd.Flags().Changed
			return runDeckNew(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.title, "title", "", "the deck's title")
	cmd.Flags().StringVar(&opts.description, "description", "", "a sentence or two about the deck")
	return cmd
}

func runDeckNew(ctx context.Context, app *App, opts deckNewOptions) error {
	path, err := app.checkNewDeckID(opts.id)
	if err != nil {
		return err
	}
	if !opts.changed("title") {
		if !app.IO.Interactive() {
			return usagef("deck new: --title is required when not at a terminal")
		}
		a := newAsker(app.IO)
		if opts.title, err = a.line("Title", "", required); err != nil {
			return err
		}
		if !opts.changed("description") {
			if opts.description, err = a.line("Description (optional)", "", nil); err != nil {
				return err
			}
		}
	}
	opts.title, opts.description = strings.TrimSpace(opts.title), strings.TrimSpace(opts.description)
	if opts.title == "" {
		return usagef("deck new: the title must not be empty")
	}
	if err := writeNewFile(path, decks.NewDeckFile(opts.id, opts.title, opts.description)); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "Created %s\nAdd cards with: ontap deck add %s\n", decks.Sanitize(path), decks.Sanitize(opts.id))
	return nil
}
