package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

func newDeckCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "deck",
		Short:   "List, show and check decks",
		GroupID: "decks",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDeckListCmd(app), newDeckShowCmd(app), newDeckLintCmd(app),
		newDeckNewCmd(app), newDeckAddCmd(app), newDeckEditCmd(app),
		newDeckImportCmd(app), newDeckExportCmd(app), newDeckGenerateCmd(app), newDeckUnsuspendCmd(app))
	return cmd
}

// deckInfo is one row of `deck list --json`.
type deckInfo struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Cards  int    `json:"cards"`
	Items  int    `json:"items"`
	Source string `json:"source"` // "builtin" or the file's path
	Due    int    `json:"due"`
	New    int    `json:"new"`
}

func newDeckListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the decks: built-in ones and your own",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := app.loadLazyCatalog(cmd.Context())
			if err != nil {
				return err
			}
			db, err := app.Store(cmd.Context(), storeOptional)
			if err != nil {
				return err
			}
			now := app.Now()
			var counts map[string]store.DeckCount
			if len(cat.cached) > 0 {
				if counts, err = db.DeckCounts(cmd.Context(), now); err != nil {
					return err
				}
			}
			infos := []deckInfo{}
			for _, d := range cat.decks {
				info := deckInfo{ID: d.ID, Title: decks.Sanitize(d.Title), Cards: len(d.Cards), Source: "builtin"}
				if !d.Builtin {
					info.Source = d.Path
				}
				if key, ok := cat.cached[d]; ok { // from the deck cache, counted there
					n := counts[key]
					info.Cards, info.Items, info.New, info.Due = cat.sizes[d][0], cat.sizes[d][1], n.New, n.Due
					infos = append(infos, info)
					continue
				}
				var states map[string]scoring.State
				if db != nil {
					if states, err = db.States(cmd.Context(), d.ID); err != nil {
						return err
					}
				}
				for _, it := range d.Items() {
					info.Items++
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
			if asJSON {
				return writeJSON(app, infos)
			}
			tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTITLE\tCARDS\tDUE\tNEW\tSOURCE")
			for _, i := range infos {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", i.ID, i.Title, i.Cards, i.Due, i.New, i.Source)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(cat.problems) > 0 {
				fmt.Fprintf(app.IO.ErrOut, "ontap: warning: %d problem(s) in deck files; run 'ontap deck lint'\n", len(cat.problems))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// cardView is one item of `deck show --json`.
type cardView struct {
	ID       string        `json:"id"`
	Kind     string        `json:"kind"`
	Prompt   string        `json:"prompt"`
	Answer   string        `json:"answer"`
	Choices  []string      `json:"choices,omitempty"`
	Items    []string      `json:"items,omitempty"`
	Hint     string        `json:"hint,omitempty"`
	Explain  string        `json:"explain,omitempty"`
	Source   string        `json:"source,omitempty"`
	Progress *progressView `json:"progress,omitempty"`
}

// progressView is a card's progress in `deck show`.
type progressView struct {
	State          string    `json:"state"`
	Due            time.Time `json:"due"`
	Stability      float64   `json:"stability"`
	Difficulty     float64   `json:"difficulty"`
	Retrievability float64   `json:"retrievability"`
	Reviews        int       `json:"reviews"`
	Lapses         int       `json:"lapses"`
	Leech          bool      `json:"leech"`
}

func newDeckShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show DECK",
		Short: "Show every card of a deck, with its progress",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := app.loadCatalog()
			if err != nil {
				return err
			}
			ds, err := cat.resolve(args)
			if err != nil {
				return err
			}
			d := ds[0]
			db, err := app.Store(cmd.Context(), storeOptional)
			if err != nil {
				return err
			}
			var states map[string]scoring.State
			if db != nil {
				if states, err = db.States(cmd.Context(), d.ID); err != nil {
					return err
				}
			}
			sched, err := app.scheduler(cmd.Context(), d)
			if err != nil {
				return err
			}
			now := app.Now()
			views := []cardView{}
			for _, it := range d.Items() {
				v := cardView{ID: it.ID, Kind: it.Kind, Prompt: decks.Sanitize(it.Prompt),
					Answer: decks.Sanitize(it.Answer), Choices: sanitizeAll(it.Choices),
					Items: sanitizeAll(it.Items), Hint: decks.Sanitize(it.Hint),
					Explain: decks.Sanitize(it.Card.Explain), Source: decks.Sanitize(it.Card.Source)}
				if st, ok := states[it.ID]; ok && st.Phase != scoring.New {
					v.Progress = &progressView{State: st.Phase.String(), Due: st.Due, Stability: st.Stability,
						Difficulty: st.Difficulty, Retrievability: sched.Retrievability(st, now),
						Reviews: st.Reps, Lapses: st.Lapses, Leech: st.Leech}
				}
				views = append(views, v)
			}
			if asJSON {
				return writeJSON(app, views)
			}
			out := app.IO.Out
			fmt.Fprintf(out, "%s: %s (%d cards)\n", d.ID, decks.Sanitize(d.Title), len(d.Cards))
			loc := app.Config().Location
			for _, v := range views {
				fmt.Fprintf(out, "\n%s [%s]\n  Q: %s\n  A: %s\n", v.ID, v.Kind,
					strings.ReplaceAll(v.Prompt, "\n", "\n     "), v.Answer)
				if len(v.Choices) > 0 {
					fmt.Fprintf(out, "  Choices: %s\n", strings.Join(v.Choices, " | "))
				}
				if p := v.Progress; p != nil {
					fmt.Fprintf(out, "  %s, due %s, stability %.2fd, difficulty %.2f, retrievability %.0f%%, %d reviews, %d lapses%s\n",
						p.State, p.Due.In(loc).Format("2006-01-02 15:04"), p.Stability, p.Difficulty,
						100*p.Retrievability, p.Reviews, p.Lapses, map[bool]string{true: ", leech"}[p.Leech])
				} else {
					fmt.Fprintln(out, "  new")
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newDeckLintCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deck files and folders (your decks by default)",
		Long: `Lint checks deck files and folders and prints every problem as
path:line:col: error: message (or warning:). It exits 1 when there are errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths := args
			if len(paths) == 0 {
				for _, dir := range app.userDeckDirs() {
					if _, err := statDir(dir); err == nil {
						paths = append(paths, dir)
					}
				}
				if len(paths) == 0 {
					fmt.Fprintf(app.IO.ErrOut, "no deck folder at %s; nothing to lint\n", app.userDeckDirs()[0])
					return nil
				}
			}
			diags, err := decks.Lint(paths)
			if err != nil {
				return err
			}
			errs, warns := 0, 0
			for _, d := range diags {
				fmt.Fprintln(app.IO.Out, decks.Sanitize(d.String()))
				if d.Severity == "error" {
					errs++
				} else {
					warns++
				}
			}
			fmt.Fprintf(app.IO.ErrOut, "%d error(s), %d warning(s)\n", errs, warns)
			if errs > 0 {
				return &silentError{code: exitFailure}
			}
			return nil
		},
	}
}

// writeJSON prints v as indented JSON; runes that must not reach a terminal
// raw are written as JSON escapes.
func writeJSON(app *App, v any) error {
	enc := json.NewEncoder(safetext.JSONWriter(app.IO.Out))
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func sanitizeAll(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = decks.Sanitize(s)
	}
	return out
}
