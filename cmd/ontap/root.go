package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/quiz/term"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

// App holds what every command shares: the streams, the global flags once
// resolved, the clock, and the store once opened.
type App struct {
	IO     *term.IO
	Getenv func(string) string

	DataDir         string // --data-dir, ONTAP_HOME
	DeckDir         string // --decks
	NowFlag         string // --now, ONTAP_NOW
	fixedClock      bool   // ONTAP_CLOCK=fixed: the clock stays at --now
	NoColor         bool   // --no-color, NO_COLOR
	dataDirExplicit bool
	dataDirFrom     string // what named the data directory: --data-dir, ONTAP_HOME, or ""

	start time.Time // the clock's reading at start (from --now, or the real time)
	began time.Time // real time at start
	cfg   scoring.Config
	db    *store.DB
	// settings caches the store's settings for scheduler; nothing in one
	// run both saves parameters and then builds schedulers.
	settings map[string]string
	// schedulers are those built by scheduler, shared by decks that ask
	// for the same one.
	schedulers *schedule.Cache
}

// Now is the injected clock: --now sets the starting instant, and time
// runs on from it, so that a session's answers keep their order. With
// ONTAP_CLOCK=fixed (for tests that must not depend on the machine's
// speed) it stays at --now: no answer counts as fast, no learning step
// comes due during a run.
func (a *App) Now() time.Time {
	if a.NowFlag == "" {
		return time.Now()
	}
	if a.fixedClock {
		return a.start
	}
	return a.start.Add(time.Since(a.began))
}

// Config is the scheduler configuration with the user's settings.
func (a *App) Config() scoring.Config { return a.cfg }

func newRootCmd(app *App) *cobra.Command {
	cobra.EnableCommandSorting = false // commands in the order a learner needs them
	root := &cobra.Command{
		Use:   "ontap",
		Short: "Study decks of questions in the terminal, with spaced repetition",
		Long: `ontap ("ôn tập": to review) asks you the questions of TOML decks when a
spaced-repetition scheduler (FSRS-6, or SM-2) says you are about to forget
them, judges your answers, and keeps every answer so you can see your progress.

Start with 'ontap study'. DECK arguments are deck ids ('ontap deck list') or
paths of .toml files; 'ontap help deck-format' describes the files.

Your progress is one database, ontap.db, in --data-dir (ONTAP_HOME; by
default $XDG_DATA_HOME/ontap, or ~/.local/share/ontap), with a backup a day
in backups/ beside it. Your own decks live in decks/ there, and in --decks.

Exit status: 0 success, 1 failure, 2 a mistake in the command line (unknown
command or flag, bad value), 130 interrupted (every answer given is kept).`,
		Version:           version(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error { return app.resolve(cmd) },
	}
	root.SetVersionTemplate("ontap version {{.Version}}\n")
	// the flags' descriptions wrapped to fit helpWidth, under their column
	root.SetUsageTemplate(strings.ReplaceAll(root.UsageTemplate(), "Flags.FlagUsages ",
		fmt.Sprintf("Flags.FlagUsagesWrapped %d ", helpWidth)))
	root.SetFlagErrorFunc(flagError)
	root.AddGroup(&cobra.Group{ID: "study", Title: "Study:"},
		&cobra.Group{ID: "views", Title: "See how you are doing:"},
		&cobra.Group{ID: "decks", Title: "Decks:"},
		&cobra.Group{ID: "progress", Title: "Your progress and the scheduler:"},
		&cobra.Group{ID: "help", Title: "Help:"})
	root.SetHelpCommandGroupID("help")
	root.SetCompletionCommandGroupID("help")

	pf := root.PersistentFlags()
	pf.StringVar(&app.DataDir, "data-dir", "", "where progress is kept (env ONTAP_HOME)")
	pf.StringVar(&app.DeckDir, "decks", "", "an extra folder of deck files (env ONTAP_DECKS)")
	pf.StringVar(&app.NowFlag, "now", "", "set the clock: RFC 3339 or YYYY-MM-DD (env ONTAP_NOW)")
	pf.BoolVar(&app.NoColor, "no-color", false, "no colour (also when NO_COLOR is set)")
	_ = root.RegisterFlagCompletionFunc("data-dir", dirCompletion)
	_ = root.RegisterFlagCompletionFunc("decks", dirCompletion)
	_ = root.RegisterFlagCompletionFunc("now", cobra.NoFileCompletions)

	root.AddCommand(newStudyCmd(app), newQuizCmd(app),
		newHistoryCmd(app), newStatsCmd(app),
		newDeckCmd(app),
		newProgressCmd(app), newSyncCmd(app), newOptimizeCmd(app), newReplayCmd(app),
		newVersionCmd(), newManCmd(), newDeckFormatTopic())
	addCompletions(app, root)
	strictHelpCmd(root)
	root.InitDefaultCompletionCmd() // as Execute would, to fit its help
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			for _, sh := range c.Commands() {
				sh.Long = fitLines(sh.Long, helpWidth)
			}
		}
	}
	return root
}

// strictHelpCmd makes `ontap help TOPIC` of a topic that is no command
// a usage error (exit 2), with a suggestion, rather than cobra's
// "Unknown help topic" over the root's usage and exit 0.
func strictHelpCmd(root *cobra.Command) {
	root.InitDefaultHelpCmd() // as Execute would
	for _, h := range root.Commands() {
		if h.Name() != "help" || h.Run == nil {
			continue
		}
		show := h.Run
		h.Run = nil
		h.RunE = func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || (len(rest) > 0 && cmd.HasAvailableSubCommands()) {
				parent, word := c.Root(), args[0] // the word that names no command, under parent
				if err == nil && cmd != nil {
					parent, word = cmd, rest[0]
				}
				msg := fmt.Sprintf("unknown help topic %q", strings.Join(args, " "))
				if parent.SuggestionsMinimumDistance <= 0 {
					parent.SuggestionsMinimumDistance = 2 // cobra's default
				}
				if s := parent.SuggestionsFor(word); len(s) > 0 {
					path := strings.TrimPrefix(parent.CommandPath()+" "+s[0], c.Root().Name()+" ")
					return usagef("%s; did you mean %q?", msg, path)
				}
				return usagef("%s: 'ontap help' lists the commands and topics", msg)
			}
			show(c, args)
			return nil
		}
	}
}

// helpWidth is the width that every command's help fits.
const helpWidth = 80

// fitLines wraps each line of s that is wider than width, its
// continuation under the line's own indent: for help text that ontap
// does not write (cobra's completion commands).
func fitLines(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if utf8.RuneCountInString(l) > width {
			body := strings.TrimLeft(l, " \t")
			indent := l[:len(l)-len(body)]
			lines[i] = table.Wrap(body, width, indent, indent)
		}
	}
	return strings.Join(lines, "\n")
}

// resolve applies environment variables to flags not given, and checks
// the global flags.
func (a *App) resolve(cmd *cobra.Command) error {
	flags := cmd.Flags()
	env := func(flag, name string, dst *string) {
		if f := flags.Lookup(flag); f != nil && !f.Changed {
			if v := a.Getenv(name); v != "" {
				*dst = v
			}
		}
	}
	env("data-dir", "ONTAP_HOME", &a.DataDir)
	env("decks", "ONTAP_DECKS", &a.DeckDir)
	env("now", "ONTAP_NOW", &a.NowFlag)
	switch c := a.Getenv("ONTAP_CLOCK"); c {
	case "", "running":
	case "fixed":
		a.fixedClock = true
	default:
		return &usageError{fmt.Errorf("invalid ONTAP_CLOCK %q: want fixed or running", c)}
	}
	// no-color.org: NO_COLOR present and not empty, whatever its value.
	if a.Getenv("NO_COLOR") != "" {
		a.NoColor = true
	}
	if a.NoColor {
		a.IO.Color = false
	}
	a.dataDirExplicit = a.DataDir != ""
	if f := flags.Lookup("data-dir"); f != nil && f.Changed {
		a.dataDirFrom = "--data-dir"
	} else if a.dataDirExplicit {
		a.dataDirFrom = "ONTAP_HOME"
	}
	if a.DataDir == "" {
		base := a.Getenv("XDG_DATA_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return fmt.Errorf("cannot find the home directory for the data directory: %v; set --data-dir or ONTAP_HOME", err)
			}
			base = filepath.Join(home, ".local", "share")
		}
		a.DataDir = filepath.Join(base, "ontap")
	}
	a.cfg = schedule.DefaultConfig()
	a.began = time.Now()
	a.start = a.began
	if a.NowFlag != "" {
		t, err := parseNow(a.NowFlag, a.cfg.Location)
		if err != nil {
			return &usageError{err}
		}
		a.start = t
	}
	return nil
}

// The years --now may set: the clock of a learner, with room for a
// century of due dates (up to 100 years ahead) inside the range the store
// keeps (scoring.MinTime..MaxTime).
const (
	nowMinYear = 1970
	nowMaxYear = 2200
)

// parseNow reads the --now flag: RFC 3339, or a date (midnight, local),
// from 1970 to 2200.
func parseNow(s string, loc *time.Location) (time.Time, error) {
	for _, p := range []func() (time.Time, error){
		func() (time.Time, error) { return time.Parse(time.RFC3339Nano, s) },
		func() (time.Time, error) { return time.ParseInLocation("2006-01-02", s, loc) },
		func() (time.Time, error) { return time.ParseInLocation("2006-01-02T15:04", s, loc) },
	} {
		if t, err := p(); err == nil {
			if y := t.UTC().Year(); y < nowMinYear || y > nowMaxYear {
				return time.Time{}, fmt.Errorf("invalid --now %q: want a time from %d to %d", s, nowMinYear, nowMaxYear)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid --now %q: want RFC 3339 (2026-11-23T09:30:00Z) or a date (2026-11-23)", s)
}

// dbPath is where the progress database lives.
func (a *App) dbPath() string { return filepath.Join(a.DataDir, "ontap.db") }

// How a command uses the store.
const (
	storeCreate   = iota // create the data directory and database if missing (and make the daily backup)
	storeRead            // read: nil when there is no database yet; an error if an explicit data directory is missing
	storeOptional        // read if there is a database, nil otherwise
)

// Store opens the progress database, as mode says.
func (a *App) Store(ctx context.Context, mode int) (*store.DB, error) {
	create := mode == storeCreate
	if a.db != nil {
		return a.db, nil
	}
	if fi, err := os.Stat(a.DataDir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("data directory %s is not a directory", a.DataDir)
	}
	if create {
		if err := os.MkdirAll(a.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create data directory %s: %v", a.DataDir, unwrapPath(err))
		}
	} else if _, err := os.Stat(a.dbPath()); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(a.DataDir); errors.Is(err, fs.ErrNotExist) && a.dataDirExplicit && mode == storeRead {
			return nil, fmt.Errorf("data directory %s (%s) does not exist: nothing studied there yet? 'ontap study' creates it",
				a.DataDir, a.dataDirFrom)
		}
		return nil, nil
	}
	db, err := store.Open(a.dbPath())
	if err != nil {
		return nil, err
	}
	a.db = db
	if create {
		if _, _, err := db.DailyBackup(filepath.Join(a.DataDir, "backups"), a.Now()); err != nil {
			fmt.Fprintf(a.IO.ErrOut, "ontap: warning: daily backup failed: %s\n", safetext.Sanitize(err.Error()))
		}
	}
	return db, nil
}

// Close closes the store if it was opened.
func (a *App) Close() {
	if a.db != nil {
		_ = a.db.Close()
		a.db = nil
	}
}

// unwrapPath drops the operation and path from an *fs.PathError, which the
// caller's message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s: want %s, got %d", cmd.CommandPath(), table.Plural(n, "argument", "arguments"), len(args))
		}
		return nil
	}
}

// maxArgs is cobra.MaximumNArgs with a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s: want at most %s, got %d", cmd.CommandPath(), table.Plural(n, "argument", "arguments"), len(args))
		}
		return nil
	}
}

// subcommandArgs is the Args of a command that only groups others (deck,
// progress): a word that is none of them is an unknown command, as for
// the root.
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default for the root
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	return usagef("%s", msg)
}

// flagRE matches pflag's error for a value it cannot parse.
var flagRE = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-[^,]+, )?--([^"]+)" flag: (.*)$`)

// flagError is the error of every flag that cannot be parsed: a usage
// error (exit 2) that gives the value and what was expected, rather than
// the parser's message (strconv.ParseInt: parsing "abc": invalid syntax).
func flagError(cmd *cobra.Command, err error) error {
	m := flagRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &usageError{err}
	}
	value, name, cause := m[1], m[2], m[3]
	f := cmd.Flags().Lookup(name)
	if f == nil {
		return &usageError{err}
	}
	flag := "--" + name
	if f.Shorthand != "" {
		flag = "-" + f.Shorthand + "/--" + name
	}
	want := ""
	switch f.Value.Type() {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count":
		want = "a whole number, such as " + exampleNumber(f.DefValue)
	case "float32", "float64":
		want = "a number, such as " + exampleNumber(f.DefValue)
	case "duration":
		want = "a duration, such as 30s, 5m or 1h30m"
	case "bool":
		want = "true or false"
	default:
		return usagef("invalid value %q for %s: %s", value, flag, cause)
	}
	if strings.Contains(cause, "out of range") {
		want += " (this one is out of range)"
	}
	return usagef("invalid value %q for %s: want %s", value, flag, want)
}

// exampleNumber is a flag's default as an example value, or 20.
func exampleNumber(def string) string {
	if def == "" || def == "0" {
		return "20"
	}
	return def
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// addWideFlag adds --wide to a view: no limit on the width of its lines.
func addWideFlag(cmd *cobra.Command, wide *bool) {
	cmd.Flags().BoolVar(wide, "wide", false, "do not fit the lines to the terminal (or to 80 columns)")
}

// viewWidth is the width a view's lines must fit: the terminal's (80
// when the output is not a terminal), or no limit (0) with --wide.
func (a *App) viewWidth(wide bool) int {
	if wide {
		return 0
	}
	return a.IO.Width()
}
