package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring/schedule"
)

type replayOptions struct {
	app          *App
	file         string
	params       string
	retention    float64
	retentionSet bool // --retention was given
	json         bool
}

func newReplayCmd(app *App) *cobra.Command {
	o := &replayOptions{app: app}
	cmd := &cobra.Command{
		Use:     "replay FILE.csv",
		Short:   "Replay a review log through FSRS and print each memory state",
		GroupID: "progress",
		Long: `Replay reads a review log (CSV with the columns card_id, review_rating,
review_time, review_duration, as 'ontap progress export' writes it) and prints,
for each review in order, the FSRS memory state after it.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file, o.retentionSet = args[0], cmd.Flags().Changed("retention")
			return runReplay(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.params, "params", "", "FSRS parameters w0,...,w20 (17 or 19 are converted)")
	f.Float64Var(&o.retention, "retention", 0.9, "desired retention, between 0 and 1")
	f.BoolVar(&o.json, "json", false, "one JSON object per review")
	return cmd
}

// runReplay replays the log of o.file through FSRS and prints each state.
func runReplay(ctx context.Context, o *replayOptions) error {
	app := o.app
	cfg := app.Config()
	cfg.Fuzz = false
	if o.params != "" {
		p, err := schedule.ParseParams(o.params)
		if err != nil {
			return fmt.Errorf("invalid --params: %v", err)
		}
		cfg.Params = p
	}
	if o.retentionSet {
		if !(o.retention > 0 && o.retention < 1) {
			return fmt.Errorf("invalid --retention %v: want a number between 0 and 1, exclusive", o.retention)
		}
		cfg.Retention = o.retention
	}
	f, err := openInput(ctx, o.file, schedule.MaxLogSize)
	if err != nil {
		return err
	}
	defer f.Close()
	entries, err := schedule.ReadLog(f, o.file)
	if err != nil {
		return err
	}
	steps, err := schedule.Replay(entries, cfg)
	if err != nil {
		return err
	}
	out := app.IO.Out
	if o.json {
		enc := json.NewEncoder(safetext.JSONWriter(out))
		for i := range steps {
			if err := enc.Encode(&steps[i]); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CARD\tTIME\tRATING\tELAPSED\tR\tSTABILITY\tDIFFICULTY\tINTERVAL")
	for _, s := range steps {
		r := "-"
		if s.Retrievability != nil {
			r = fmt.Sprintf("%.4f", *s.Retrievability)
		}
		// The card ids come from the file: shown escaped, as all text from elsewhere.
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.4f\t%.4f\t%d\n", safetext.Sanitize(s.CardID),
			s.ReviewTime.UTC().Format("2006-01-02T15:04:05Z"), s.Rating, s.ElapsedDays, r,
			s.Stability, s.Difficulty, s.IntervalDays)
	}
	return tw.Flush()
}
