package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ontap/ontap/decks/sharedtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the real ontap command inside test
// scripts (and for the pseudo-terminal test).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"ontap": func() { os.Exit(Main()) }})
}

// TestScripts runs every script in testdata/script: the real command,
// in-process, each script with its own HOME, data directory, clock and
// NO_COLOR.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams(t, "testdata/script"))
}

func scriptParams(t *testing.T, dir string) testscript.Params {
	shared := sharedtest.Dir()
	return testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "home", ".local", "share"))
			env.Setenv("ONTAP_HOME", filepath.Join(env.WorkDir, "data"))
			env.Setenv("ONTAP_NOW", "2026-11-23T09:00:00Z")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("TZ", "UTC")
			env.Setenv("SHARED", shared)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "shared":
				_, err := os.Stat(shared)
				return err == nil, nil
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// status CODE PROG ARGS...: run PROG and check its exit code;
			// stdout and stderr are kept for the next assertions.
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: status CODE PROG [ARGS...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				code := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%s: %v", args[1], err)
					}
					code = ee.ExitCode()
				}
				if code != want {
					ts.Fatalf("%s exited with %d, want %d", args[1], code, want)
				}
			},
		},
		RequireExplicitExec: true,
		// ONTAP_UPDATE_SCRIPTS=1 rewrites the golden files of a failing cmp (review the diff).
		UpdateScripts: os.Getenv("ONTAP_UPDATE_SCRIPTS") != "",
	}
}
