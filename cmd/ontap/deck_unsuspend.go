package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/store"
)

// unsuspendOptions are the flags and arguments of `deck unsuspend`.
type unsuspendOptions struct {
	Deck  string   // a deck id or file
	Cards []string // card ids (item ids, e.g. "x:reverse"); none: every suspended card of the deck
	List  bool     // list the suspended cards instead
}

func newDeckUnsuspendCmd(app *App) *cobra.Command {
	var opts unsuspendOptions
	cmd := &cobra.Command{
		Use:   "unsuspend DECK [CARD...]",
		Short: "Study suspended cards (leeches) again",
		Long: `A card that keeps slipping (a leech, 8 lapses) is suspended: study sessions
skip it, so that it stops eating time until it is rewritten. unsuspend brings
back the given cards of DECK, or all its suspended cards; --list shows them,
and 'ontap deck show DECK' marks them.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("%s: want a deck, then card ids", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Deck, opts.Cards = args[0], args[1:]
			return runUnsuspend(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.List, "list", false, "list the deck's suspended cards")
	return cmd
}

func runUnsuspend(ctx context.Context, app *App, opts unsuspendOptions) error {
	d, err := app.oneDeck(opts.Deck)
	if err != nil {
		return err
	}
	db, err := app.Store(ctx, storeOptional)
	if err != nil {
		return err
	}
	out := app.IO.Out
	id := decks.Sanitize(d.ID)
	if db == nil {
		fmt.Fprintf(out, "No suspended cards in %s.\n", id)
		return nil
	}
	if opts.List {
		list, err := db.Suspended(ctx, d.ID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintf(out, "No suspended cards in %s.\n", id)
		}
		loc := app.Config().Location
		for _, s := range list {
			fmt.Fprintf(out, "%s/%s\tsince %s\n", id, decks.Sanitize(s.CardID), s.Since.In(loc).Format("2006-01-02 15:04"))
		}
		return nil
	}
	// Every card named must be suspended, or nothing is done.
	list, err := db.Suspended(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, c := range opts.Cards {
		if !slices.ContainsFunc(list, func(s store.Suspension) bool { return s.CardID == c }) {
			return fmt.Errorf("%s/%s is not suspended (ontap deck unsuspend %s --list shows those that are)",
				id, decks.Sanitize(c), id)
		}
	}
	done, err := db.Unsuspend(ctx, d.ID, opts.Cards)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintf(out, "No suspended cards in %s.\n", id)
		return nil
	}
	for _, c := range done {
		fmt.Fprintf(out, "Unsuspended %s/%s: study sessions ask it again.\n", id, decks.Sanitize(c))
	}
	return nil
}
