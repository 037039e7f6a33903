package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring/stats/table"
)

// deckGenerateOptions are the flags and argument of deck generate.
type deckGenerateOptions struct {
	decks.GenerateOptions        // --deck, --title
	article               string // the article's text file
	out                   string // --out: "" for the deck folder
	force                 bool   // --force
}

func newDeckGenerateCmd(app *App) *cobra.Command {
	var opts deckGenerateOptions
	cmd := &cobra.Command{
		Use:   "generate ARTICLE.txt",
		Short: "Draft a deck from an article, for you to review",
		Long: `Generate drafts a deck from an article's plain text: sentences with years
become year cards, sentences with figures (counts, money, percentages) number
cards with their unit, and names of people, places and organisations, and
quoted phrases, cloze cards. Each card keeps its sentence in source. The draft
goes to your deck folder as <id>.toml (never replacing a deck), or to --out.
It is marked draft = true: listed, but not studied until you have checked it
(ontap deck show ID, ontap deck edit ID) and accepted it (ontap deck accept ID).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.article = args[0]
			return runDeckGenerate(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DeckID, "deck", "", "the deck's id (default: from the article's file name)")
	cmd.Flags().StringVar(&opts.Title, "title", "", "the deck's title (default: the article's headline)")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to FILE instead of your deck folder")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite --out if it exists")
	return cmd
}

func runDeckGenerate(ctx context.Context, app *App, opts deckGenerateOptions) error {
	if opts.DeckID != "" && !decks.ValidID(opts.DeckID) {
		return usagef("deck generate: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opts.DeckID)
	}
	data, err := readInput(ctx, opts.article, decks.MaxFileSize)
	if err != nil {
		return err
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("%s is not a text file", opts.article)
	}
	d, err := decks.Generate(opts.article, string(data), opts.GenerateOptions)
	if err != nil {
		return err
	}
	path := opts.out
	if path == "" {
		if path, err = app.checkNewDeckID(d.ID); err != nil {
			return err
		}
	} else if !opts.force {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s exists already; not overwritten (use --force)", path)
		}
	}
	fileID := strings.TrimSuffix(filepath.Base(path), ".toml")
	text, err := decks.FormatDeck(d, fileID)
	if err != nil {
		return err
	}
	text = append([]byte(fmt.Sprintf("# A draft made by ontap deck generate from %s.\n"+
		"# Check every card against the article, fix or delete it, then accept the\n"+
		"# deck (ontap deck accept %s, or delete the draft = true line): a draft\n"+
		"# is not studied.\n\n",
		decks.Sanitize(filepath.Base(opts.article)), d.ID)), text...)
	if _, diags := decks.Parse(path, text); len(diags) > 0 {
		return fmt.Errorf("the draft does not load cleanly; nothing written:\n%v", diags)
	}
	if err := writeOut(app, path, opts.force, text, false); err != nil {
		return err
	}
	// cards as deck list counts them: each cloze deletion is one
	items := d.Items()
	counts := map[string]int{}
	for _, it := range items {
		counts[it.Kind]++
	}
	fmt.Fprintf(app.IO.Out, "Drafted %s (%d number, %d cloze) from %s into %s\n",
		table.Plural(len(items), "card", "cards"), counts[decks.KindNumber], counts[decks.KindCloze], decks.Sanitize(opts.article), decks.Sanitize(path))
	fmt.Fprintf(app.IO.Out, "Check them, then accept the draft to study it: ontap deck accept %s\n", d.ID)
	return nil
}
