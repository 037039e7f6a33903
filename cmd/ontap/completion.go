package main

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
)

// deckArgs are the commands whose arguments are decks, and how many they
// take (-1: any number); their arguments complete to deck ids (or .toml
// files, once a path is begun).
var deckArgs = map[string]int{
	"ontap study": -1, "ontap quiz": -1, "ontap optimize": -1,
	"ontap history": 1, "ontap stats": 1,
	"ontap deck show": 1, "ontap deck add": 1, "ontap deck edit": 1, "ontap deck export": 1,
	"ontap deck accept": 1,
}

// flagValues are the values of flags that take one of a few words, by
// command and flag.
var flagValues = map[string]map[string][]string{
	"ontap study":           {"format": {quiz.FormatAuto, quiz.FormatFlash, quiz.FormatTyped, quiz.FormatChoice}},
	"ontap quiz":            {"format": {quiz.FormatAuto, quiz.FormatFlash, quiz.FormatTyped, quiz.FormatChoice}},
	"ontap deck export":     {"format": {"toml", "csv", "tsv", "json", "apkg"}},
	"ontap deck import":     {"format": {"csv", "tsv"}},
	"ontap progress export": {"format": {"csv", "jsonl"}},
	"ontap deck add":        {"kind": decks.Kinds},
}

// addCompletions sets what the shell completes for every command under
// root: deck ids for DECK arguments, tags for --tag, card ids for --card
// and the words of flags such as --format. The decks are read when the
// shell asks (ontap __complete ...), not before.
func addCompletions(app *App, root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := c.CommandPath()
		if n, ok := deckArgs[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = app.completeDecks(n)
		}
		for flag, words := range flagValues[path] {
			if c.Flags().Lookup(flag) != nil {
				_ = c.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp))
			}
		}
		if c.Flags().Lookup("tag") != nil {
			_ = c.RegisterFlagCompletionFunc("tag", app.completeTags)
		}
		if c.Flags().Lookup("card") != nil {
			_ = c.RegisterFlagCompletionFunc("card", app.completeCards)
		}
		if path == "ontap sync" && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = dirCompletion
		}
		if path == "ontap deck unsuspend" && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = app.completeDeckThenCards
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeDecks completes up to n deck arguments (-1: any): deck ids with
// their titles, or .toml files once the word looks like a path.
func (a *App) completeDecks(n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if n >= 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if strings.ContainsAny(toComplete, "/.~") {
			return []cobra.Completion{"toml"}, cobra.ShellCompDirectiveFilterFileExt
		}
		cat, ok := a.completionCatalog(cmd, false)
		if !ok {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []cobra.Completion
		for _, d := range cat.decks {
			if strings.HasPrefix(d.ID, toComplete) && !slices.Contains(args, d.ID) {
				out = append(out, cobra.CompletionWithDesc(d.ID, oneLineTitle(d)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTags completes --tag with the tags of the decks named in args
// (all decks when none is), deck tags and card tags alike.
func (a *App) completeTags(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	ds, ok := a.completionDecks(cmd, args)
	if !ok {
		return nil, cobra.ShellCompDirectiveError
	}
	seen := map[string]bool{}
	add := func(tags []string) {
		for _, t := range tags {
			if strings.HasPrefix(t, toComplete) {
				seen[t] = true
			}
		}
	}
	for _, d := range ds {
		add(d.Tags)
		for _, c := range d.Cards {
			add(c.Tags)
		}
	}
	return sortedKeys(seen), cobra.ShellCompDirectiveNoFileComp
}

// completeCards completes --card with the card ids of the decks named in
// args (all decks when none is).
func (a *App) completeCards(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	ds, ok := a.completionDecks(cmd, args)
	if !ok {
		return nil, cobra.ShellCompDirectiveError
	}
	seen := map[string]bool{}
	for _, d := range ds {
		for _, c := range d.Cards {
			if strings.HasPrefix(c.ID, toComplete) {
				seen[c.ID] = true
			}
		}
	}
	return sortedKeys(seen), cobra.ShellCompDirectiveNoFileComp
}

// completeDeckThenCards completes DECK [CARD...]: a deck id, then the
// card ids of that deck not given yet.
func (a *App) completeDeckThenCards(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return a.completeDecks(1)(cmd, args, toComplete)
	}
	cards, dir := a.completeCards(cmd, args[:1], toComplete)
	return slices.DeleteFunc(cards, func(c cobra.Completion) bool { return slices.Contains(args[1:], c) }), dir
}

// completionCatalog loads the decks for a completion: the global flags are
// resolved first (completion runs no PersistentPreRunE). Errors are
// silent: a shell shows no message.
func (a *App) completionCatalog(cmd *cobra.Command, full bool) (*catalog, bool) {
	if err := a.resolve(cmd); err != nil {
		return nil, false
	}
	var cat *catalog
	var err error
	if full {
		cat, err = a.loadCatalog()
	} else {
		ctx := cmd.Context()
		if ctx == nil { // a command not run through Execute
			ctx = context.Background()
		}
		cat, err = a.loadLazyCatalog(ctx)
	}
	return cat, err == nil
}

// completionDecks is the decks named in args, with their cards, or every
// deck when args names none.
func (a *App) completionDecks(cmd *cobra.Command, args []string) ([]*decks.Deck, bool) {
	cat, ok := a.completionCatalog(cmd, true)
	if !ok {
		return nil, false
	}
	ds, err := cat.resolve(args)
	if err != nil {
		ds = cat.decks
	}
	return ds, true
}

func oneLineTitle(d *decks.Deck) string {
	return strings.Join(strings.Fields(decks.Sanitize(d.Title)), " ")
}

func sortedKeys(m map[string]bool) []cobra.Completion {
	out := make([]cobra.Completion, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dirCompletion completes a flag that names a folder.
func dirCompletion(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}
