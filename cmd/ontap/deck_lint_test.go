package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontap/ontap/quiz/term"
)

// TestLintDiagnosticsFitTheTerminal: at a terminal, the message of a
// diagnostic longer than the width wraps at a space under a hanging
// indent (the terminal would break it mid-word), after its location or,
// when that is long, on the lines below it; the location is never cut.
// In a pipe a diagnostic stays one line, for tools.
func TestLintDiagnosticsFitTheTerminal(t *testing.T) {
	dir := t.TempDir()
	bad := "[deck]\ntitle = \"T\"\n\n[[card]]\nid = \"q\"\nkind = \"typo\"\nprompt = \"Which year?\"\nAnswer = \"1954\"\n"
	long := filepath.Join(dir, "a-deck-with-a-rather-long-file-name.toml")
	for _, p := range []string{long, filepath.Join(dir, "x.toml")} {
		if err := os.WriteFile(p, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	getenv := func(k string) string {
		if k == "ONTAP_HOME" {
			return filepath.Join(dir, "data")
		}
		return ""
	}
	for _, tc := range []struct {
		deck string
		tty  bool
		want []string // the lines
	}{
		{"x.toml", false, []string{
			`x.toml:6:8: error: card "q": unknown kind "typo"; want one of basic, typed, cloze, choice, multi, truefalse, number, list, order`,
			`x.toml:8:1: error: card "q": unknown key "Answer"; did you mean "answer"?`}},
		{"x.toml", true, []string{
			`x.toml:6:8: error: card "q": unknown kind "typo"; want one`,
			`    of basic, typed, cloze, choice, multi, truefalse,`,
			`    number, list, order`,
			`x.toml:8:1: error: card "q": unknown key "Answer"; did you`,
			`    mean "answer"?`}},
		{long, true, []string{
			long + `:6:8: error:`,
			`    card "q": unknown kind "typo"; want one of basic, typed,`,
			`    cloze, choice, multi, truefalse, number, list, order`,
			long + `:8:1: error:`,
			`    card "q": unknown key "Answer"; did you mean "answer"?`}},
	} {
		io, out, _ := term.Test("")
		io.StdoutTTY = tc.tty
		io.SetWidth(60)
		if code := run(context.Background(), []string{"deck", "lint", tc.deck}, io, getenv); code != exitFailure {
			t.Fatalf("%s, tty %v: exit %d, want %d", tc.deck, tc.tty, code, exitFailure)
		}
		if got, want := out.String(), strings.Join(tc.want, "\n")+"\n"; got != want {
			t.Errorf("%s, tty %v:\n%s\nwant:\n%s", tc.deck, tc.tty, got, want)
		}
	}
}
