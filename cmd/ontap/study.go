package main

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/plain"
	"github.com/ontap/ontap/quiz/porcelain"
	"github.com/ontap/ontap/quiz/prompt"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// sessionOptions are the flags of study and quiz.
type sessionOptions struct {
	app       *App
	decks     []string
	mode      store.Mode
	plain     bool
	porcelain bool
	format    string
	count     int
	ahead     bool
	newPerDay int
	noNew     bool // --new 0
	revPerDay int
	siblings  bool
	tags      []string // --tag: study only cards with one of these tags
	card      string   // --card: only cards whose id matches this glob
	noWait    bool
}

func (o *sessionOptions) addFrontendFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&o.plain, "plain", false, "print questions, read one answer a line")
	f.BoolVar(&o.porcelain, "porcelain", false, "JSON lines for other programs (one event a line)")
	f.StringVar(&o.format, "format", quiz.FormatAuto, "how to ask: auto, flash, typed or choice")
	f.BoolVar(&o.noWait, "no-wait", false, "at a terminal: the next question right after the feedback, without waiting for Enter")
	f.StringArrayVar(&o.tags, "tag", nil, "only cards with this tag (a deck's tags count for its cards; repeat for any of several)")
	f.StringVar(&o.card, "card", "", "only cards whose id matches this glob (e.g. 'dbp-*')")
}

// keep is the filter of --tag and --card, nil when neither is given.
func (o *sessionOptions) keep() func(*decks.Item) bool {
	if len(o.tags) == 0 && o.card == "" {
		return nil
	}
	return func(it *decks.Item) bool {
		if o.card != "" {
			if ok, _ := path.Match(o.card, it.Card.ID); !ok {
				return false
			}
		}
		return len(o.tags) == 0 || slices.ContainsFunc(o.tags, func(t string) bool {
			return slices.Contains(it.Card.Tags, t) || slices.Contains(it.Deck.Tags, t)
		})
	}
}

// sessionHelp is the part of the help of study and quiz that says how to
// answer, and what may be typed instead of an answer.
const sessionHelp = `At a terminal, questions come with menus and prompts; otherwise (or with
--plain) each question is printed and one answer is read a line, and with
--porcelain the session is JSON lines for other programs. Instead of an
answer you can type:

    :hint     show the card's hint (the answer then counts as Hard at best)
    :giveup   show the answer (counts as Again)
    :skip     leave the card out of this session (nothing is recorded)
    :undo     take back the last answer
    :rate N   change the last answer's rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    :right    the last answer was judged wrong but was right: count it as right
    :quit     end the session (every answer given is kept)

At a terminal, after the feedback: Enter goes on, r counts a wrong verdict as
right, 1-4 change the rating; in a menu, 1-9 pick an option.`

func newStudyCmd(app *App) *cobra.Command {
	o := &sessionOptions{app: app, mode: quiz.ModeStudy}
	cmd := &cobra.Command{
		Use:     "study [DECK...]",
		Short:   "Study the cards that are due, and new ones",
		GroupID: "study",
		Long: `Study asks the cards that are due in the given decks (all decks by default):
learning cards when their step comes, then due reviews, then new cards up to
the daily limit. When nothing else is left, a learning card due within 20
minutes is asked early rather than ending the session (as Anki does). Each
answer is saved before the next question.

DECK is a deck id (see 'ontap deck list') or the path of a .toml file.

` + sessionHelp + `

--ahead practises cards that are not due yet (-n of them), without moving
their due dates.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.decks = args
			if o.ahead {
				o.mode = quiz.ModeAhead
			}
			o.noNew = cmd.Flags().Changed("new") && o.newPerDay == 0
			return runSession(cmd.Context(), o)
		},
	}
	o.addFrontendFlags(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.ahead, "ahead", false, "practise cards that are not due yet; no schedule changes")
	f.IntVarP(&o.count, "count", "n", quiz.DefaultQuizCount, "with --ahead: how many cards")
	f.IntVar(&o.newPerDay, "new", 0, "new cards per day per deck (default: the deck's, or 20; 0: none, reviews only)")
	f.IntVar(&o.revPerDay, "reviews", 0, "reviews per day per deck (default: the deck's, or 200)")
	f.BoolVar(&o.siblings, "siblings", false, "allow siblings (reverse, other deletions) in a session")
	return cmd
}

func newQuizCmd(app *App) *cobra.Command {
	o := &sessionOptions{app: app, mode: quiz.ModeQuiz}
	cmd := &cobra.Command{
		Use:     "quiz [DECK...]",
		Short:   "Take a test of N questions, scored at the end",
		GroupID: "study",
		Long: `Quiz asks N questions (-n) drawn from the decks and scores them out of N.
It is recorded in the history as a quiz, and moves no card's due date.

` + sessionHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.decks = args
			return runSession(cmd.Context(), o)
		},
	}
	o.addFrontendFlags(cmd)
	cmd.Flags().IntVarP(&o.count, "count", "n", quiz.DefaultQuizCount, "how many questions")
	return cmd
}

func runSession(ctx context.Context, o *sessionOptions) error {
	app := o.app
	switch o.format {
	case quiz.FormatAuto, quiz.FormatFlash, quiz.FormatTyped, quiz.FormatChoice:
	default:
		return usagef("invalid --format %q: want auto, flash, typed or choice", o.format)
	}
	if o.count <= 0 {
		return usagef("invalid -n %d: want a positive number of questions", o.count)
	}
	if o.newPerDay < 0 || o.revPerDay < 0 {
		return usagef("invalid daily limit: --new and --reviews must not be negative")
	}
	if o.plain && o.porcelain {
		return usagef("--plain and --porcelain cannot be used together")
	}
	if _, err := path.Match(o.card, ""); err != nil {
		return usagef("invalid --card %q: want a glob of card ids, as 'dbp-*' or 'year-?'", o.card)
	}
	// Decks in the deck cache come without their cards: the session's
	// sources load what it asks (quizzes and practice ahead, every card).
	cat, err := app.loadLazyCatalog(ctx)
	if err != nil {
		return err
	}
	ds, err := cat.resolve(o.decks)
	if err == nil {
		ds, err = withoutDrafts(app, cat, o.decks, ds)
	}
	if err != nil {
		return err
	}
	if cat.problems.HasErrors() {
		fmt.Fprintf(app.IO.ErrOut, "ontap: warning: some deck files were skipped; run 'ontap deck lint' for details\n")
	}
	db, err := app.Store(ctx, storeCreate)
	if err != nil {
		return err
	}
	app.autoSync(ctx, db) // with a saved sync folder: the other machines' answers first
	cfg := app.Config()
	keep := o.keep()
	if keep != nil {
		if err := cat.loadCards(ctx, ds); err != nil {
			return err
		}
		if !slices.ContainsFunc(ds, func(d *decks.Deck) bool { return slices.ContainsFunc(d.Items(), keep) }) {
			return fmt.Errorf("no card of %s matches %s", strings.Join(deckIDs(ds), ", "), o.subset())
		}
	}
	var ui quiz.UI
	switch {
	case o.porcelain:
		ui = porcelain.New(app.IO.In, app.IO.Out)
	case o.plain || !app.IO.Interactive():
		ui = plain.New(app.IO, cfg.Location, app.Now)
	default:
		p := prompt.New(app.IO, cfg.Location, app.Now)
		p.NoWait = o.noWait
		ui = p
	}
	_, err = quiz.Run(ctx, quiz.Options{
		Decks: ds, Store: db, Config: cfg, UI: ui, Now: app.Now,
		Source:    func(d *decks.Deck) (quiz.Source, error) { return cat.source(ctx, db, d, keep) },
		Scheduler: func(d *decks.Deck) (scoring.Scheduler, error) { return app.scheduler(ctx, d) },
		Seed:      uint64(app.start.UnixNano()), // with --now, the same questions the same way
		Mode:      o.mode, Format: o.format, Count: o.count,
		NewPerDay: o.newPerDay, NoNew: o.noNew, ReviewsPerDay: o.revPerDay, AllowSiblings: o.siblings,
	})
	app.autoSync(ctx, db) // and this session's answers out
	return err
}

// subset describes --tag and --card for a message.
func (o *sessionOptions) subset() string {
	var parts []string
	for _, t := range o.tags {
		parts = append(parts, "--tag "+decks.Sanitize(t))
	}
	if o.card != "" {
		parts = append(parts, "--card "+decks.Sanitize(o.card))
	}
	return strings.Join(parts, " or ")
}

func deckIDs(ds []*decks.Deck) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

// scheduler builds the scheduler a deck asks for (schedule.ForDeck), with
// the parameters saved in the store. Decks asking for the same one share it:
// a study of 100 decks built 100 alike.
func (a *App) scheduler(ctx context.Context, d *decks.Deck) (scoring.Scheduler, error) {
	if a.db != nil && a.settings == nil { // read once: a command may build a scheduler for each of 100 decks
		var err error
		if a.settings, err = a.db.Settings(ctx); err != nil {
			return nil, err
		}
	}
	if a.schedulers == nil {
		a.schedulers = schedule.NewCache(a.Config())
	}
	return a.schedulers.ForDeck(d.ID, d.Scheduler, d.Retention, a.settings)
}
