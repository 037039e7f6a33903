package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring/stats"
	"github.com/ontap/ontap/scoring/store"
)

type historyOptions struct {
	app   *App
	deck  string
	limit int
	json  bool
}

func newHistoryCmd(app *App) *cobra.Command {
	o := &historyOptions{app: app}
	cmd := &cobra.Command{
		Use:     "history [DECK]",
		Short:   "Show your sessions and quizzes, newest first",
		GroupID: "progress",
		Args:    maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.deck = args[0]
			}
			if o.limit < 0 {
				return usagef("invalid --limit %d: want 0 (all) or more", o.limit)
			}
			return runHistory(cmd, o)
		},
	}
	cmd.Flags().IntVar(&o.limit, "limit", 0, "show at most N sessions (0: all)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array")
	return cmd
}

func runHistory(cmd *cobra.Command, o *historyOptions) error {
	app := o.app
	ctx := cmd.Context()
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	deck := ""
	if o.deck != "" {
		cat, err := app.loadCatalog()
		if err != nil {
			return err
		}
		if deck, _, err = statsDecks(ctx, app, cat, db, o.deck); err != nil {
			return err
		}
	}
	var sessions []store.Session
	if db != nil {
		sessions, err = db.Sessions(ctx, deck, o.limit)
		if err != nil {
			return err
		}
	}
	if sessions == nil {
		sessions = []store.Session{}
	}
	if o.json {
		enc := json.NewEncoder(safetext.JSONWriter(app.IO.Out))
		enc.SetIndent("", "  ")
		return enc.Encode(sessions)
	}
	if len(sessions) == 0 {
		if deck != "" {
			fmt.Fprintf(app.IO.Out, "No sessions with deck %s yet. Start one with 'ontap study %s'.\n", deck, deck)
			return nil
		}
		fmt.Fprintln(app.IO.Out, "No sessions yet. Start one with 'ontap study'.")
		return nil
	}
	loc := app.Config().Location
	rows := [][]string{{"DATE", "MODE", "DECKS", "ANSWERED", "CORRECT", "SCORE", "DURATION"}}
	for _, s := range sessions {
		dur := "running"
		if !s.End.IsZero() {
			dur = s.End.Sub(s.Start).Round(time.Second).String()
		}
		rows = append(rows, []string{s.Start.In(loc).Format("2006-01-02 15:04"), s.Mode,
			decks.Sanitize(strings.Join(s.Decks, ",")), fmt.Sprint(s.Answered), fmt.Sprint(s.Correct),
			fmt.Sprintf("%.0f%%", s.Score), dur})
	}
	printTable(app.IO.Out, []bool{false, false, false, true, true, true, true}, rows)
	return historyChart(ctx, app, db, deck, sessions)
}

// historyChart draws the scores of the last sessions that answered
// something (of deck's cards only, when a deck is named), oldest on the
// left, as many as fit the terminal.
func historyChart(ctx context.Context, app *App, db *store.DB, deck string, sessions []store.Session) error {
	fit := max(4, (app.IO.Width()-10)/2)
	var ids []int64
	for _, s := range sessions {
		if len(ids) == fit {
			break
		}
		if s.Answered > 0 {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	counts := map[int64]store.Count{}
	if deck != "" {
		var err error
		if counts, err = db.SessionCounts(ctx, deck, ids); err != nil {
			return err
		}
	}
	byID := map[int64]store.Session{}
	for _, s := range sessions {
		byID[s.ID] = s
	}
	loc := app.Config().Location
	var scores []float64
	var labels []string
	for i := len(ids) - 1; i >= 0; i-- {
		s := byID[ids[i]]
		answered, correct := s.Answered, s.Correct
		if deck != "" {
			c, ok := counts[s.ID]
			if !ok {
				continue
			}
			answered, correct = c.Answered, c.Correct
		}
		scores = append(scores, 100*float64(correct)/float64(answered))
		labels = append(labels, s.Start.In(loc).Format("01-02"))
	}
	if len(scores) == 0 {
		return nil
	}
	title := fmt.Sprintf("Score of the last %d sessions", len(scores))
	if len(scores) == 1 {
		title = "Score of the last session"
	}
	if deck != "" {
		title += ", deck " + deck + " only"
	}
	fmt.Fprintf(app.IO.Out, "\n%s\n", title)
	return stats.ScoreChart(app.IO.Out, scores, labels, 5, app.IO.Color)
}

// printTable writes rows in columns aligned by display width (a decomposed
// Vietnamese name is as wide as its composed form); right marks the
// columns aligned to the right.
func printTable(w io.Writer, right []bool, rows [][]string) {
	cols := make([]int, len(right))
	for _, r := range rows {
		for i, c := range r {
			cols[i] = max(cols[i], term.DisplayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			fill := strings.Repeat(" ", cols[i]-term.DisplayWidth(c))
			if right[i] {
				b.WriteString(fill + c)
			} else {
				b.WriteString(c + fill)
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
