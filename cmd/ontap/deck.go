package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

func newDeckCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deck",
		Short: "List, show, write, check, import and export decks",
		Long: `Deck gathers the commands for decks: list and show them with your progress,
write your own (new, add, edit), check them (lint), bring cards in from Anki
(a package or a plain-text export) or Quizlet (import), take them out
(export), and draft a deck from an article (generate), to be studied once
you accept it (accept). 'ontap help deck-format' describes the files.`,
		GroupID: "decks",
		Args:    subcommandArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newDeckListCmd(app), newDeckShowCmd(app),
		newDeckNewCmd(app), newDeckAddCmd(app), newDeckEditCmd(app), newDeckLintCmd(app),
		newDeckImportCmd(app), newDeckExportCmd(app), newDeckGenerateCmd(app), newDeckAcceptCmd(app),
		newDeckUnsuspendCmd(app))
	return cmd
}

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

func newDeckListCmd(app *App) *cobra.Command {
	var asJSON, wide bool
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
					if states, err = db.States(cmd.Context(), d.ID); err != nil {
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
			if asJSON {
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
			t := table.Table{Right: []bool{false, false, true, true, true, false}, Rows: rows}
			if err := t.Write(app.IO.Out, app.viewWidth(wide)); err != nil {
				return err
			}
			if len(cat.problems) > 0 {
				fmt.Fprintf(app.IO.ErrOut, "ontap: warning: %s in deck files; run 'ontap deck lint'\n",
					table.Plural(len(cat.problems), "problem", "problems"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	addWideFlag(cmd, &wide)
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
	var asJSON, wide bool
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
					Answer: decks.Sanitize(it.Answer), Choices: safetext.SanitizeAll(it.Choices),
					Items: safetext.SanitizeAll(it.Items), Hint: decks.Sanitize(it.Hint),
					Explain: decks.Sanitize(it.Card.Explain), Source: decks.Sanitize(it.Source())}
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
			writeDeckShow(app.IO.Out, d, views, app.viewWidth(wide), app.Config().Location)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	addWideFlag(cmd, &wide)
	return cmd
}

// writeDeckShow prints a deck's cards (views, sanitised) and their
// progress, each line wrapped to width under its own indent.
func writeDeckShow(w io.Writer, d *decks.Deck, views []cardView, width int, loc *time.Location) {
	draft := ""
	if d.Draft {
		draft = "; a draft, not studied until accepted: ontap deck accept " + d.ID
	}
	fmt.Fprintf(w, "%s\n", table.Wrap(fmt.Sprintf("%s: %s (%s%s)", d.ID, decks.Sanitize(d.Title),
		table.Plural(len(views), "card", "cards"), draft), width, "", "  "))
	line := func(first, indent, text string) { fmt.Fprintln(w, table.Wrap(text, width, first, indent)) }
	for _, v := range views {
		fmt.Fprintf(w, "\n%s [%s]\n", v.ID, v.Kind)
		line("  Q: ", "     ", v.Prompt)
		line("  A: ", "     ", v.Answer)
		if len(v.Choices) > 0 {
			line("  Choices: ", "           ", strings.Join(v.Choices, " | "))
		}
		p := v.Progress
		if p == nil {
			fmt.Fprintln(w, "  new")
			continue
		}
		facts := []string{p.State, "due " + p.Due.In(loc).Format("2006-01-02 15:04"),
			fmt.Sprintf("stability %.2fd", p.Stability), fmt.Sprintf("difficulty %.2f", p.Difficulty),
			fmt.Sprintf("retrievability %.0f%%", 100*p.Retrievability),
			table.Plural(p.Reviews, "review", "reviews"), table.Plural(p.Lapses, "lapse", "lapses")}
		if p.Leech {
			facts = append(facts, "leech")
		}
		fmt.Fprintln(w, table.WrapList(facts, ", ", width, "  ", "  "))
	}
}

func newDeckLintCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [DECK|PATH...]",
		Short: "Check decks, deck files and folders (your decks by default)",
		Long: `Lint checks decks (by id, as other commands take them: your own and the
built-in ones), deck files and folders, and prints every problem as
path:line:col: error: message (or warning:). It exits 1 when there are errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths, builtins, err := app.lintTargets(args)
			if err != nil {
				return err
			}
			if len(paths) == 0 && len(builtins) == 0 {
				fmt.Fprintf(app.IO.ErrOut, "no deck folder at %s; nothing to lint\n", decks.Sanitize(app.userDeckDirs()[0]))
				return nil
			}
			diags, err := decks.Lint(paths)
			if err != nil {
				return err
			}
			for _, name := range builtins {
				data, err := fs.ReadFile(builtin.FS(), name)
				if err != nil {
					return err
				}
				_, ds := decks.Parse(builtin.PathPrefix+name, data)
				diags = append(diags, ds...)
			}
			errs, warns := 0, 0
			for _, d := range diags {
				fmt.Fprintln(app.IO.Out, decks.Sanitize(d.String()))
				if d.Severity == decks.SeverityError {
					errs++
				} else {
					warns++
				}
			}
			fmt.Fprintf(app.IO.ErrOut, "%s, %s\n", table.Plural(errs, "error", "errors"), table.Plural(warns, "warning", "warnings"))
			if errs > 0 {
				return &silentError{code: exitFailure}
			}
			return nil
		},
	}
}

// lintTargets turns the arguments of deck lint into files and folders to
// lint, and built-in decks (by file name). An argument is a path when a
// file or folder of that name exists, or when it looks like one (a .toml
// name, a separator); otherwise it is a deck id. No arguments: the user's
// deck folders.
func (a *App) lintTargets(args []string) (paths, builtins []string, err error) {
	if len(args) == 0 {
		for _, dir := range a.userDeckDirs() {
			if _, err := statDir(dir); err == nil {
				paths = append(paths, dir)
			}
		}
		return paths, nil, nil
	}
	var cat *catalog
	for _, arg := range args {
		_, serr := os.Stat(arg)
		if serr == nil {
			paths = append(paths, arg)
			continue
		}
		if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
			return nil, nil, fmt.Errorf("cannot read %s: %v", arg, unwrapPath(serr))
		}
		if p := a.userDeckPath(arg); p != "" {
			paths = append(paths, p)
			continue
		}
		if cat == nil {
			if cat, err = a.loadCatalog(); err != nil {
				return nil, nil, err
			}
		}
		d := cat.byID[arg]
		switch {
		case d == nil:
			return nil, nil, cat.unknownDeck(arg)
		case d.Builtin:
			builtins = append(builtins, strings.TrimPrefix(d.Path, builtin.PathPrefix))
		default:
			paths = append(paths, d.Path)
		}
	}
	return paths, builtins, nil
}

// userDeckPath is the file ID.toml in a deck folder, or "" when there is
// none (the file of a deck that may not load).
func (a *App) userDeckPath(id string) string {
	for _, dir := range a.userDeckDirs() {
		p := filepath.Join(dir, id+".toml")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// writeJSON prints v as indented JSON; runes that must not reach a terminal
// raw are written as JSON escapes.
func writeJSON(app *App, v any) error {
	enc := json.NewEncoder(safetext.JSONWriter(app.IO.Out))
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Helpers shared by the authoring commands (deck new, add, edit, import, export, generate).

// userDeckDir is the folder where new decks are written.
func (a *App) userDeckDir() string { return a.userDeckDirs()[0] }

// checkNewDeckID refuses an id that is not valid or that names a deck
// that exists already (built in, in a deck folder, or as a file).
func (a *App) checkNewDeckID(id string) (string, error) {
	if !decks.ValidID(id) {
		return "", usagef("deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", id)
	}
	path := filepath.Join(a.userDeckDir(), id+".toml")
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("deck %q exists already: %s", id, path)
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	if d := cat.byID[id]; d != nil {
		where := d.Path
		if d.Builtin {
			where = "a built-in deck"
		}
		return "", fmt.Errorf("deck %q exists already (%s); choose another id", id, where)
	}
	return path, nil
}

// writeOut writes data to --out (refusing to replace a file without
// --force) or, when out is "", to standard output. To a terminal, data
// goes through the sanitiser (isJSON: as JSON escapes, which keep its
// meaning); to a file or a pipe it is written exactly.
func writeOut(app *App, out string, force bool, data []byte, isJSON bool) error {
	if out == "" || out == "-" {
		var err error
		switch {
		case !app.IO.StdoutTTY:
			_, err = app.IO.Out.Write(data)
		case isJSON:
			_, err = safetext.JSONWriter(app.IO.Out).Write(data)
		default:
			_, err = io.WriteString(app.IO.Out, safetext.Sanitize(string(data)))
		}
		return err
	}
	if !force {
		return writeNewFile(out, data)
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", out)
	}
	return writeFile(out, true, writeBytes(data))
}

// printDiags prints diagnostics (warnings, usually) on stderr.
func printDiags(app *App, diags decks.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(app.IO.ErrOut, d.String())
	}
}

// deckFile finds the file of a deck the user may change: a path, or the
// id of a deck in a deck folder (loaded or not: a new deck without cards
// does not load).
func (a *App) deckFile(arg string) (string, error) {
	if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
		if _, err := os.Stat(arg); err != nil {
			return "", fmt.Errorf("cannot read deck %s: %v", arg, unwrapPath(err))
		}
		return arg, nil
	}
	for _, dir := range a.userDeckDirs() {
		p := filepath.Join(dir, arg+".toml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	d := cat.byID[arg]
	switch {
	case d == nil:
		return "", fmt.Errorf("unknown deck %q: no file %s; known decks: %s", arg,
			filepath.Join(a.userDeckDir(), arg+".toml"), strings.Join(cat.ids(), ", "))
	case d.Builtin:
		return "", fmt.Errorf("deck %q is built in and cannot be changed; make your own copy with: ontap deck export %s --out FILE.toml", arg, arg)
	}
	return d.Path, nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
