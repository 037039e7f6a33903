package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/stats/table"
)

// cardView is one item of `deck show --json`.
type cardView struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Prompt  string   `json:"prompt"`
	Answer  string   `json:"answer"`
	Choices []string `json:"choices,omitempty"`
	Items   []string `json:"items,omitempty"`
	Hint    string   `json:"hint,omitempty"`
	Explain string   `json:"explain,omitempty"`
	Source  string   `json:"source,omitempty"`
	// Suspended: the card is suspended (a leech): study sessions skip it
	// until `ontap deck unsuspend`.
	Suspended bool          `json:"suspended"`
	Progress  *progressView `json:"progress,omitempty"`
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

// deckShowOptions are the flags and argument of deck show.
type deckShowOptions struct {
	deck   string
	asJSON bool // --json
	wide   bool // --wide: do not fit the lines to the terminal
}

func newDeckShowCmd(app *App) *cobra.Command {
	var opts deckShowOptions
	cmd := &cobra.Command{
		Use:   "show DECK",
		Short: "Show every card of a deck, with its progress",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.deck = args[0]
			return runDeckShow(cmd.Context(), app, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.asJSON, "json", false, "print JSON")
	addWideFlag(cmd, &opts.wide)
	return cmd
}

func runDeckShow(ctx context.Context, app *App, opts deckShowOptions) error {
	d, err := app.oneDeck(opts.deck)
	if err != nil {
		return err
	}
	db, err := app.Store(ctx, storeOptional)
	if err != nil {
		return err
	}
	var states map[string]scoring.State
	var suspended map[string]bool
	if db != nil {
		if states, err = db.States(ctx, d.ID); err != nil {
			return err
		}
		if suspended, err = db.SuspendedSet(ctx, d.ID); err != nil {
			return err
		}
	}
	sched, err := app.scheduler(ctx, d)
	if err != nil {
		return err
	}
	now := app.Now()
	views := []cardView{}
	for _, it := range d.Items() {
		v := cardView{ID: it.ID, Kind: it.Kind, Prompt: decks.Sanitize(it.Prompt),
			Answer: decks.Sanitize(it.Answer), Choices: safetext.SanitizeAll(it.Choices),
			Items: safetext.SanitizeAll(it.Items), Hint: decks.Sanitize(it.Hint),
			Explain: decks.Sanitize(it.Card.Explain), Source: decks.Sanitize(it.Source()),
			Suspended: suspended[it.ID]}
		if st, ok := states[it.ID]; ok && st.Phase != scoring.New {
			v.Progress = &progressView{State: st.Phase.String(), Due: st.Due, Stability: st.Stability,
				Difficulty: st.Difficulty, Retrievability: sched.Retrievability(st, now),
				Reviews: st.Reps, Lapses: st.Lapses, Leech: st.Leech}
		}
		views = append(views, v)
	}
	if opts.asJSON {
		return writeJSON(app, views)
	}
	writeDeckShow(app.IO.Out, d, views, app.viewWidth(opts.wide), app.Config().Location)
	return nil
}

// writeDeckShow prints a deck's cards (views, sanitised) and their
// progress, each line wrapped to width under its own indent.
func writeDeckShow(w io.Writer, d *decks.Deck, views []cardView, width int, loc *time.Location) {
	extra := ""
	if n := countSuspended(views); n > 0 {
		extra = fmt.Sprintf(", %d suspended: ontap deck unsuspend %s", n, d.ID)
	}
	if d.Draft {
		extra += "; a draft, not studied until accepted: ontap deck accept " + d.ID
	}
	fmt.Fprintf(w, "%s\n", table.Wrap(fmt.Sprintf("%s: %s (%s%s)", d.ID, decks.Sanitize(d.Title),
		table.Plural(len(views), "card", "cards"), extra), width, "", "  "))
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
			if v.Suspended {
				fmt.Fprintln(w, "  new, suspended")
			} else {
				fmt.Fprintln(w, "  new")
			}
			continue
		}
		facts := []string{p.State, "due " + p.Due.In(loc).Format("2006-01-02 15:04"),
			fmt.Sprintf("stability %.2fd", p.Stability), fmt.Sprintf("difficulty %.2f", p.Difficulty),
			fmt.Sprintf("retrievability %.0f%%", 100*p.Retrievability),
			table.Plural(p.Reviews, "review", "reviews"), table.Plural(p.Lapses, "lapse", "lapses")}
		if p.Leech {
			facts = append(facts, "leech")
		}
		if v.Suspended {
			facts = append(facts, "suspended")
		}
		fmt.Fprintln(w, table.WrapList(facts, ", ", width, "  ", "  "))
	}
}

// countSuspended is how many of the cards are suspended.
func countSuspended(views []cardView) int {
	n := 0
	for _, v := range views {
		if v.Suspended {
			n++
		}
	}
	return n
}
