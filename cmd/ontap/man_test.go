package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ontap/ontap/quiz/term"
)

// thDate is the date in a man page's .TH line, which changes with the day
// the pages are made, not with the commands.
var thDate = regexp.MustCompile(`(?m)^(\.TH "[^"]*" "[^"]*") "[^"]*"`)

// TestManPagesAreCurrent: the man pages in cmd/ontap/man are those that
// `ontap man` makes from the commands now: a command, flag or help text
// changed without them fails here. Regenerate them with
// `go test ./cmd/ontap -run TestManPagesAreCurrent -update`.
func TestManPagesAreCurrent(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1764547200") // 2025-12-01: any fixed day
	io, _, _ := term.Test("")
	dir := t.TempDir()
	if *update {
		dir = manDir
		old, _ := filepath.Glob(filepath.Join(dir, "*.[15]"))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := writeManPages(newRootCmd(&App{IO: io, Getenv: func(string) string { return "" }}), dir)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		return
	}
	made, _ := filepath.Glob(filepath.Join(dir, "*.[15]"))
	kept, _ := filepath.Glob(filepath.Join(manDir, "*.[15]"))
	if len(made) != n {
		t.Errorf("writeManPages says %d pages, wrote %d", n, len(made))
	}
	names := func(paths []string) []string {
		var out []string
		for _, p := range paths {
			out = append(out, filepath.Base(p))
		}
		slices.Sort(out)
		return out
	}
	if got, want := names(kept), names(made); !slices.Equal(got, want) {
		t.Errorf("cmd/ontap/man holds %v,\nthe commands make %v;\nregenerate: go test ./cmd/ontap -run TestManPagesAreCurrent -update", got, want)
	}
	for _, p := range made {
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(manDir, filepath.Base(p)))
		if err != nil {
			continue // reported above
		}
		if thDate.ReplaceAllString(string(got), "$1") != thDate.ReplaceAllString(string(want), "$1") {
			t.Errorf("cmd/ontap/man/%s is not current; regenerate: go test ./cmd/ontap -run TestManPagesAreCurrent -update",
				filepath.Base(p))
		}
	}
	// every page has a name line and, but the root's, a parent to see
	for _, p := range made {
		b, _ := os.ReadFile(p)
		if !strings.Contains(string(b), ".SH NAME") {
			t.Errorf("%s has no NAME section", filepath.Base(p))
		}
	}
	for _, want := range []string{"ontap.1", "ontap-study.1", "ontap-deck-list.1", "ontap-deck-format.5"} {
		if !slices.Contains(names(made), want) {
			t.Errorf("no man page %s", want)
		}
	}
}
