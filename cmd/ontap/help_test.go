package main

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/quiz/term"
)

// TestHelpFitsEightyColumns: `ontap X --help` of every command and
// subcommand (cobra's completion commands included), and `ontap help
// deck-format`, have no line wider than 80 columns, the width of a
// terminal a newcomer opens.
func TestHelpFitsEightyColumns(t *testing.T) {
	getenv := func(string) string { return "" }
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if !c.IsAvailableCommand() && len(path) > 0 {
			return
		}
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	io, _, _ := term.Test("")
	root := newRootCmd(&App{IO: io, Getenv: getenv})
	root.InitDefaultHelpCmd() // as Execute adds them
	root.InitDefaultCompletionCmd()
	walk(root, nil)
	if len(paths) < 30 {
		t.Fatalf("walked %d commands, want every command (30 or more)", len(paths))
	}
	paths = append(paths, []string{"help", "deck-format"})
	for _, path := range paths {
		io, out, errOut := term.Test("")
		name := strings.Join(append([]string{"ontap"}, path...), " ")
		topic := len(path) == 2 && path[0] == "help" // a help topic: no usage
		args := append(path, "--help")
		if topic {
			args = path
		}
		if code := run(context.Background(), args, io, getenv); code != exitOK {
			t.Errorf("%s --help: exit %d: %s", name, code, errOut)
			continue
		}
		if !strings.Contains(out.String(), "Usage:") && !topic {
			t.Errorf("%s --help printed no usage:\n%s", name, out)
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if w := term.DisplayWidth(l); w > helpWidth {
				t.Errorf("%s --help: a line of %d columns:\n%s", name, w, l)
			}
		}
	}
}
