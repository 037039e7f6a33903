package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/stats/table"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring/store"
)

// minGain is the least drop in log loss for new parameters to be saved.
const minGain = 1e-6

type optimizeOptions struct {
	app    *App
	from   string
	json   bool
	dryRun bool
}

// optimizeReport is the --json output, exactly as documented.
type optimizeReport struct {
	Reviews int              `json:"reviews"`
	Items   int              `json:"items"`
	Params  []float64        `json:"params"`
	Before  schedule.Metrics `json:"before"`
	After   schedule.Metrics `json:"after"`
	Seconds float64          `json:"seconds"`
}

func newOptimizeCmd(app *App) *cobra.Command {
	o := &optimizeOptions{app: app}
	cmd := &cobra.Command{
		Use:     "optimize [DECK...]",
		Short:   "Fit the FSRS parameters to your own review history",
		GroupID: "progress",
		Long: `Optimize fits the 21 FSRS-6 parameters to your review log (study reviews
only; quiz answers do not count), following fsrs-rs's procedure, and prints
the log loss and RMSE(bins) of the parameters before and after. With DECK
arguments only their reviews are used and the parameters are saved for those
decks; otherwise for every deck. The parameters are saved, and card states
rebuilt with them, only when they fit better and --dry-run is not given.

--from FILE.csv reads a review log in the format 'ontap replay' reads
(card_id, review_rating, review_time, review_duration) instead.`,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context(), args) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "fit to this CSV review log instead of your history")
	f.BoolVar(&o.json, "json", false, "print the result as one JSON object")
	f.BoolVar(&o.dryRun, "dry-run", false, "fit and report, but save nothing")
	return cmd
}

func (o *optimizeOptions) run(ctx context.Context, args []string) error {
	app := o.app
	cfg := app.Config()
	var entries []schedule.LogEntry
	var deckIDs []string
	source := ""
	var db *store.DB
	var err error
	if o.from != "" {
		if len(args) > 0 {
			return usagef("give either DECK arguments or --from, not both")
		}
		f, err := openInput(ctx, o.from, schedule.MaxLogSize)
		if err != nil {
			return err
		}
		entries, err = schedule.ReadLog(f, o.from)
		f.Close()
		if err != nil {
			return err
		}
		source = o.from
		if db, err = app.Store(ctx, storeOptional); err != nil {
			return err
		}
	} else {
		if db, err = app.Store(ctx, storeRead); err != nil {
			return err
		}
		if db == nil {
			return fmt.Errorf("no progress in %s yet: study some cards first, or give --from FILE.csv", app.DataDir)
		}
		if len(args) > 0 {
			cat, err := app.loadCatalog()
			if err != nil {
				return err
			}
			ds, err := cat.resolve(args)
			if err != nil {
				return err
			}
			for _, d := range ds {
				deckIDs = append(deckIDs, d.ID)
			}
		}
		if entries, err = historyEntries(ctx, db, deckIDs); err != nil {
			return err
		}
		source = "your history"
		if len(deckIDs) > 0 {
			source = "deck " + strings.Join(deckIDs, ", ")
		}
	}

	items, err := schedule.BuildItems(entries, cfg)
	if err != nil {
		return err
	}
	current, err := o.currentParams(ctx, db, deckIDs)
	if err != nil {
		return err
	}
	before, err := schedule.Evaluate(items, current)
	evaluated := err == nil
	if err != nil && !errors.Is(err, schedule.ErrNoItems) {
		return err
	}

	bar := newProgressBar(app.IO.ErrOut)
	opt := schedule.DefaultOptimizeOptions()
	opt.RelearningSteps = len(cfg.RelearningSteps)
	opt.Progress = bar.update
	start := time.Now()
	res, err := schedule.Optimize(ctx, items, opt)
	secs := time.Since(start).Seconds()
	bar.done()
	if err != nil {
		return err
	}
	after := before
	if res.Fit != schedule.FitNone && evaluated {
		if after, err = schedule.Evaluate(items, res.Params); err != nil {
			return err
		}
	}
	// Better: a lower log loss, by more than rounding (saved parameters
	// have 6 decimals, so refitting the same log is not "better").
	better := res.Fit != schedule.FitNone && after.LogLoss < before.LogLoss-minGain

	out := app.IO.Out
	if res.Message != "" {
		fmt.Fprintf(app.IO.ErrOut, "ontap: %s\n", res.Message)
	}
	if o.json {
		rep := optimizeReport{Reviews: len(entries), Items: res.Items, Params: res.Params,
			Before: before, After: after, Seconds: math.Round(secs*1e4) / 1e4}
		enc := json.NewEncoder(out)
		if err := enc.Encode(&rep); err != nil {
			return err
		}
	} else {
		if res.Fit == schedule.FitNone {
			fmt.Fprintf(out, "Not optimized: %s from %s, %s, too few to fit (%.2fs).\n",
				table.Plural(len(entries), "review", "reviews"), safetext.Sanitize(source),
				table.Plural(res.Items, "training item", "training items"), secs)
		} else {
			fmt.Fprintf(out, "Optimized on %s from %s: %s, %s fit in %.2fs.\n",
				table.Plural(len(entries), "review", "reviews"), safetext.Sanitize(source),
				table.Plural(res.Items, "training item", "training items"), res.Fit, secs)
		}
		if evaluated {
			fmt.Fprintf(out, "Before: %v\n", before)
			fmt.Fprintf(out, "After:  %v\n", after)
		} else {
			fmt.Fprintln(out, "Before, after: no reviews left to evaluate once outliers are set aside.")
		}
		fmt.Fprintf(out, "Parameters: %s\n", formatParams(res.Params, ", "))
	}

	switch {
	case o.dryRun:
		o.note("Dry run: nothing saved.")
		return nil
	case res.Fit == schedule.FitNone:
		o.note("Nothing saved: the parameters in use are kept.")
		return nil
	case !better:
		o.note("Not saved: the new parameters do not fit better than the ones in use.")
		return nil
	}
	if db == nil {
		if db, err = app.Store(ctx, storeCreate); err != nil {
			return err
		}
	}
	value := formatParams(res.Params, ",")
	keys := []string{schedule.ParamsKey("")}
	if len(deckIDs) > 0 {
		keys = keys[:0]
		for _, id := range deckIDs {
			keys = append(keys, schedule.ParamsKey(id))
		}
	}
	for _, k := range keys {
		if err := db.SetSettingAt(ctx, k, value, app.Now()); err != nil {
			return err
		}
	}
	n, err := rebuild(ctx, app, db)
	if err != nil {
		return fmt.Errorf("parameters saved, but rebuilding card states failed: %v", err)
	}
	what := "every deck"
	if len(deckIDs) > 0 {
		what = "deck " + strings.Join(deckIDs, ", ")
	}
	o.note(fmt.Sprintf("Saved the parameters for %s; rebuilt %s.", what, table.Plural(n, "card state", "card states")))
	return nil
}

// note prints a closing remark: on stdout normally, on stderr with --json
// so that stdout stays one JSON object.
func (o *optimizeOptions) note(s string) {
	w := o.app.IO.Out
	if o.json {
		w = o.app.IO.ErrOut
	}
	fmt.Fprintln(w, s)
}

// currentParams are the parameters in use, the baseline of "before": the
// single named deck's own ones, else the saved global ones, else the
// defaults.
func (o *optimizeOptions) currentParams(ctx context.Context, db *store.DB, deckIDs []string) ([]float64, error) {
	if db == nil {
		return schedule.DefaultParams(), nil
	}
	var keys []string
	if len(deckIDs) == 1 {
		keys = append(keys, schedule.ParamsKey(deckIDs[0]))
	}
	keys = append(keys, schedule.ParamsKey(""))
	for _, k := range keys {
		v, ok, err := db.Setting(ctx, k)
		if err != nil {
			return nil, err
		}
		if ok {
			p, err := schedule.ParseParams(v)
			if err != nil {
				return nil, fmt.Errorf("saved parameters %q: %v", k, err)
			}
			return p, nil
		}
	}
	return schedule.DefaultParams(), nil
}

// historyEntries reads the learner's review log (quiz answers left out),
// for the given decks or all; cards are keyed "deck/card".
func historyEntries(ctx context.Context, db *store.DB, deckIDs []string) ([]schedule.LogEntry, error) {
	want := map[string]bool{}
	for _, id := range deckIDs {
		want[id] = true
	}
	var out []schedule.LogEntry
	err := db.Reviews(ctx, func(r *store.Review) error {
		if r.Kind == "quiz" || (len(want) > 0 && !want[r.DeckID]) {
			return nil
		}
		out = append(out, schedule.LogEntry{CardID: r.DeckID + "/" + r.CardID, Rating: r.Rating, Time: r.Time, Duration: r.Duration})
		return nil
	})
	return out, err
}

// formatParams writes parameters with up to 6 decimals.
func formatParams(w []float64, sep string) string {
	s := make([]string, len(w))
	for i, v := range w {
		s[i] = strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
	}
	return strings.Join(s, sep)
}

// progressBar draws "optimizing [#####     ]  50%" on a terminal; on
// anything else it draws nothing.
type progressBar struct {
	w    io.Writer
	last int
	on   bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, last: -1, on: ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))}
}

func (p *progressBar) update(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	pct := done * 100 / total
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\roptimizing [%s%s] %3d%%", strings.Repeat("#", fill), strings.Repeat(" ", width-fill), pct)
}

func (p *progressBar) done() {
	if p.on && p.last >= 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
