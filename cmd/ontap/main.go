// Command ontap is a study tool for the terminal: decks of questions in
// TOML, a spaced-repetition scheduler, interactive quizzes, and a record of
// every answer.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/term"
)

func main() { os.Exit(Main()) }

// Main runs ontap with the process's arguments, streams and environment,
// and returns the exit code.
func Main() int {
	ctx, stop := signalContext(context.Background())
	defer stop()
	return run(ctx, os.Args[1:], term.System(), os.Getenv)
}

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1
	exitUsage     = 2
	exitInterrupt = 130
)

// usageError is a mistake in how the command was called: exit 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

// silentError has already been reported (for example lint diagnostics);
// it only sets the exit code.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run is the one place where errors are printed and mapped to exit codes.
func run(ctx context.Context, args []string, t *term.IO, getenv func(string) string) int {
	app := &App{IO: t, Getenv: getenv}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(t.In)
	root.SetOut(t.Out)
	root.SetErr(t.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	app.Close()
	if err == nil {
		return exitOK
	}
	var silent *silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	if errors.Is(err, quiz.ErrInterrupted) || errors.Is(err, context.Canceled) {
		return exitCodeOf(ctx)
	}
	msg := oneLineSuggestion(strings.TrimSpace(err.Error()))
	// Errors name paths and quote values from files and the command line:
	// they reach the terminal through the sanitiser like everything else.
	fmt.Fprintf(t.ErrOut, "ontap: %s\n", safetext.Sanitize(msg))
	var usage *usageError
	if errors.As(err, &usage) || strings.HasPrefix(msg, "unknown command") ||
		strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "unknown shorthand flag") {
		path := "ontap"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		fmt.Fprintf(t.ErrOut, "Run '%s --help' for usage.\n", path)
		return exitUsage
	}
	return exitFailure
}

// cobraSuggestion is cobra's suggestion under an unknown command of the
// root, on lines of its own.
var cobraSuggestion = regexp.MustCompile(`\n\nDid you mean this\?\n\t(\S+)(?:\n\t\S+)*$`)

// oneLineSuggestion puts cobra's "Did you mean this?" lines on the line
// of the error, as the groups (deck, progress) say it: unknown command
// "studdy" for "ontap"; did you mean "study"?
func oneLineSuggestion(msg string) string {
	return cobraSuggestion.ReplaceAllString(msg, `; did you mean "$1"?`)
}
