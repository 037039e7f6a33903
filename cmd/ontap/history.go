package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

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
	db, err := app.Store(cmd.Context(), storeRead)
	if err != nil {
		return err
	}
	var sessions []store.Session
	if db != nil {
		sessions, err = db.Sessions(cmd.Context(), o.deck, o.limit)
		if err != nil {
			return err
		}
	}
	if sessions == nil {
		sessions = []store.Session{}
	}
	if o.json {
		enc := json.NewEncoder(app.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(sessions)
	}
	if len(sessions) == 0 {
		fmt.Fprintln(app.IO.Out, "No sessions yet. Start one with 'ontap study'.")
		return nil
	}
	loc := app.Config().Location
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tMODE\tDECKS\tANSWERED\tCORRECT\tSCORE\tDURATION")
	for _, s := range sessions {
		dur := "running"
		if !s.End.IsZero() {
			dur = s.End.Sub(s.Start).Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.0f%%\t%s\n", s.Start.In(loc).Format("2006-01-02 15:04"),
			s.Mode, strings.Join(s.Decks, ","), s.Answered, s.Correct, s.Score, dur)
	}
	return tw.Flush()
}
