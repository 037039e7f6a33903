package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/stats/table"
)

// deckAcceptOptions are the arguments of deck accept.
type deckAcceptOptions struct {
	deck string
}

func newDeckAcceptCmd(app *App) *cobra.Command {
	var o deckAcceptOptions
	return &cobra.Command{
		Use:   "accept DECK",
		Short: "Accept a draft deck, so that it is studied",
		Long: `Accept removes the draft = true line from a deck's [deck] table (as deck
generate writes it), leaving every other byte of the file as it was. A draft
is listed by deck list but neither studied nor quizzed: check its cards
against the article first (ontap deck show DECK, ontap deck edit DECK).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.deck = args[0]
			return runDeckAccept(cmd.Context(), app, o)
		},
	}
}

func runDeckAccept(ctx context.Context, app *App, o deckAcceptOptions) error {
	path, err := app.deckFile(o.deck)
	if err != nil {
		return err
	}
	data, err := readInput(ctx, path, decks.MaxFileSize)
	if err != nil {
		return err
	}
	out, err := decks.AcceptDraft(path, data)
	if err != nil {
		return err
	}
	if err := writeFile(path, true, writeBytes(out)); err != nil {
		return err
	}
	d, _ := decks.Parse(path, out)
	fmt.Fprintf(app.IO.Out, "Accepted deck %s (%s): it is studied from now on\n", d.ID, table.Plural(len(d.Items()), "card", "cards")) // counted as deck list counts them
	return nil
}

// withoutDrafts leaves the draft decks out of ds, the decks a study or a
// quiz asks: named drafts are an error, the others are left out with a
// note. A named deck without cards yet (a new one) gets a note saying how
// to add some.
func withoutDrafts(app *App, cat *catalog, named []string, ds []*decks.Deck) ([]*decks.Deck, error) {
	var out []*decks.Deck
	var drafts []string
	for _, d := range ds {
		if len(named) > 0 && !d.Draft && cat.itemCount(d) == 0 {
			fmt.Fprintf(app.IO.ErrOut, "ontap: deck %s has no cards yet; add some with: ontap deck add %s\n", d.ID, d.ID)
		}
		if !d.Draft {
			out = append(out, d)
			continue
		}
		if len(named) > 0 {
			return nil, fmt.Errorf("deck %q is a draft, not studied until you accept it: check its cards (ontap deck show %s), then run: ontap deck accept %s",
				d.ID, d.ID, d.ID)
		}
		drafts = append(drafts, d.ID)
	}
	if len(drafts) > 0 {
		fmt.Fprintf(app.IO.ErrOut, "ontap: note: draft decks are not studied until accepted (ontap deck accept ID): %s\n",
			decks.Sanitize(strings.Join(drafts, ", ")))
	}
	return out, nil
}
