package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring/stats"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

type historyOptions struct {
	app   *App
	deck  string
	limit int
	json  bool
	wide  bool
}

func newHistoryCmd(app *App) *cobra.Command {
	o := &historyOptions{app: app}
	cmd := &cobra.Command{
		Use:     "history [DECK]",
		Short:   "Show your sessions and quizzes, newest first",
		GroupID: "views",
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
	addWideFlag(cmd, &o.wide)
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
		cat, err := app.loadLazyCatalog(ctx) // only to resolve the deck argument
		if err != nil {
			return err
		}
		if deck, _, err = statsDecks(ctx, app, cat, db, o.deck); err != nil {
			return err
		}
	}
	if o.json {
		return writeSessionsJSON(ctx, app.IO.Out, db, deck, o.limit)
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
	if len(sessions) == 0 {
		if deck != "" {
			fmt.Fprintf(app.IO.Out, "No sessions with deck %s yet. Start one with 'ontap study %s'.\n", deck, deck)
			return nil
		}
		fmt.Fprintln(app.IO.Out, "No sessions yet. Start one with 'ontap study'.")
		return nil
	}
	loc := app.Config().Location
	rows := [][]string{{"DATE", "MODE", "ANSWERED", "CORRECT", "SCORE", "DURATION", "DECKS"}}
	for _, s := range sessions {
		dur := "running"
		if !s.End.IsZero() {
			dur = stats.Duration(s.End.Sub(s.Start).Seconds())
		}
		score := "–" // nothing answered: no score
		if s.Answered > 0 {
			score = fmt.Sprintf("%.0f%%", s.Score)
		}
		rows = append(rows, []string{s.Start.In(loc).Format("2006-01-02 15:04"), string(s.Mode),
			fmt.Sprint(s.Answered), fmt.Sprint(s.Correct), score, dur,
			decks.Sanitize(strings.Join(s.Decks, ", "))})
	}
	width := app.viewWidth(o.wide)
	t := table.Table{Right: []bool{false, false, true, true, true, true, false}, Rows: rows}
	if err := t.Write(app.IO.Out, width); err != nil {
		return err
	}
	return historyChart(ctx, app, db, deck, sessions, width)
}

// writeSessionsJSON writes the sessions (all when db is nil) as an
// indented JSON array, as json.Encoder with SetIndent("", "  ") through
// safetext.JSONWriter would, but fast: a long history is thousands of
// sessions and megabytes of JSON. As with the encoder, nothing is written
// unless the whole array could be made; it is kept in pieces of about
// 64 KiB rather than one buffer grown by copying. Text that is printable
// ASCII and newlines only (the usual case) goes out as it is, since
// JSONWriter would leave it unchanged.
func writeSessionsJSON(ctx context.Context, w io.Writer, db *store.DB, deck string, limit int) error {
	const piece = 64 << 10
	var pieces [][]byte
	b := make([]byte, 0, piece)
	n := 0
	if db != nil {
		err := db.EachSession(ctx, deck, limit, func(s *store.Session) error {
			var err error
			if b, err = store.AppendSessionJSON(b, n, s); err != nil {
				return err
			}
			n++
			if len(b) > piece-4<<10 {
				pieces = append(pieces, b)
				b = make([]byte, 0, piece)
			}
			return nil
		})
		if err != nil { // what encoding/json does with them, error included
			sessions, err := db.Sessions(ctx, deck, limit)
			if err != nil {
				return err
			}
			if sessions == nil {
				sessions = []store.Session{}
			}
			enc := json.NewEncoder(safetext.JSONWriter(w))
			enc.SetIndent("", "  ")
			return enc.Encode(sessions)
		}
	}
	pieces = append(pieces, store.EndSessionsJSON(b, n))
	for _, p := range pieces {
		if !plainASCII(p) {
			w = safetext.JSONWriter(w) // joins runes split between pieces
			break
		}
	}
	for _, p := range pieces {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// plainASCII reports whether b holds only printable ASCII and newlines,
// which safetext.JSONWriter passes through unchanged.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}

// historyChart draws the scores of the last sessions that answered
// something (of deck's cards only, when a deck is named), oldest on the
// left, as many as fit the terminal.
func historyChart(ctx context.Context, app *App, db *store.DB, deck string, sessions []store.Session, width int) error {
	if width <= 0 { // --wide: as many as a terminal of its width shows
		width = app.IO.Width()
	}
	fit := max(4, (width-10)/2)
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
