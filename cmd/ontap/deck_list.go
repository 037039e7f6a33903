package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

// deckInfo is one row of `deck list --json`.
type deckInfo struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Cards  int    `json:"cards"`  // the questions asked: reverse sides and cloze deletions count (decks.Deck.Items)
	Source string `json:"source"` // "builtin" or the file's path
	Due    int    `json:"due"`
	New    int    `json:"new"`
	Draft  bool   `json:"draft,omitempty"` // not studied until accepted
}

// deckListOptions are the flags of deck list.
type deckListOptions struct {
	asJSON bool // --json
	wide   bool // --wide: do not fit the table to the terminal
}

func newDeckListCmd(app *App) *cobra.Command {
	var opts deckListOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the decks: built-in ones and your own",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDeckList(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON")
	addWideFlag(cmd, &opts.wide)
	return cmd
}

func runDeckList(ctx context.Context, app *App, opts deckListOptions) error {
	cat, err := app.loadLazyCatalog(ctx)
	if err != nil {
		return err
	}
	db, err := app.Store(ctx, storeOptional)
	if err != nil {
		return err
	}
	now := app.Now()
	var counts map[string]store.DeckCount
	if len(cat.cached) > 0 {
		if counts, err = db.DeckCounts(ctx, now); err != nil {
			return err
		}
	}
	infos := []deckInfo{}
	for _, d := range cat.decks {
		info := deckInfo{ID: d.ID, Title: decks.Sanitize(d.Title), Source: "builtin", Draft: d.Draft}
		if !d.Builtin {
			info.Source = d.Path
		}
		if key, ok := cat.cached[d]; ok { // from the deck cache, counted there
			n := counts[key]
			info.Cards, info.New, info.Due = cat.sizes[d][1], n.New, n.Due
			infos = append(infos, info)
			continue
		}
		var states map[string]scoring.State
		if db != nil {
			if states, err = db.States(ctx, d.ID); err != nil {
				return err
			}
		}
		for _, it := range d.Items() {
			info.Cards++
			st, ok := states[it.ID]
			switch {
			case !ok || st.Phase == scoring.New:
				info.New++
			case !st.Due.After(now):
				info.Due++
			}
		}
		infos = append(infos, info)
	}
	if opts.asJSON {
		return writeJSON(app, infos)
	}
	rows := [][]string{{"ID", "TITLE", "CARDS", "DUE", "NEW", "SOURCE"}}
	for _, i := range infos {
		title := i.Title
		if i.Draft {
			title = "(draft) " + title
		}
		rows = append(rows, []string{i.ID, title, fmt.Sprint(i.Cards), fmt.Sprint(i.Due), fmt.Sprint(i.New), decks.Sanitize(i.Source)})
	}
	t := table.Table{Right: []bool{false, false, true, true, true, false}, Rows: rows,
		CutStart: []bool{5: true}} // a path keeps its file name
	if err := t.Write(app.IO.Out, app.viewWidth(opts.wide)); err != nil {
		return err
	}
	if len(cat.problems) > 0 {
		fmt.Fprintf(app.IO.ErrOut, "ontap: warning: %s in deck files; run 'ontap deck lint'\n",
			table.Plural(len(cat.problems), "problem", "problems"))
	}
	return nil
}
