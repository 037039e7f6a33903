//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostileInputFiles gives every command that reads a file a named
// pipe (nobody writes it), /dev/zero and a 1 GiB sparse file, and expects
// each to fail with a clear error naming the file. A command still running
// after a minute has hung or is reading without limit: that is a failure
// (the minute is a generous bound, not a measure of speed).
func TestHostileInputFiles(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	sparse := filepath.Join(dir, "sparse.toml")
	if err := os.WriteFile(sparse, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, 1<<30); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	files := []struct {
		path string
		want []string // one of these in the output
	}{
		{fifo, []string{"not a regular file (a named pipe)", "(a named pipe, not a regular file)"}},
		{"/dev/zero", []string{"not a regular file (a character device)", "(a character device, not a regular file)"}},
		{sparse, []string{"file is 1 GiB (1073741824 bytes), over the limit of 16 MiB",
			"file is 1 GiB (1073741824 bytes), over the limit of 256 MiB",
			"not an ontap database"}},
	}
	commands := [][]string{
		{"study", "--plain", "FILE"},
		{"quiz", "--plain", "FILE"},
		{"deck", "lint", "FILE"},
		{"deck", "show", "FILE"},
		{"deck", "export", "FILE", "--format", "csv"},
		{"deck", "import", "FILE"},
		{"deck", "generate", "FILE"},
		{"deck", "add", "FILE", "--kind", "basic", "--front", "f", "--back", "b"},
		{"deck", "edit", "FILE"},
		{"deck", "accept", "FILE"},
		{"progress", "import", "FILE"},
		{"progress", "restore", "FILE", "--yes"},
		{"replay", "FILE"},
		{"optimize", "--from", "FILE"},
	}
	env := append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TZ=UTC", "EDITOR=true", "VISUAL=")
	for _, f := range files {
		if _, err := os.Stat(f.path); err != nil {
			continue // no /dev/zero here
		}
		for _, c := range commands {
			args := make([]string, len(c))
			for i, a := range c {
				if a == "FILE" {
					a = f.path
				}
				args[i] = a
			}
			t.Run(strings.Join(c[:len(c)-1], " ")+" "+filepath.Base(f.path), func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, bin, args...)
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				if ctx.Err() != nil {
					t.Fatalf("ontap %s still running after a minute (killed):\n%s", strings.Join(args, " "), out)
				}
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 1 {
					t.Fatalf("ontap %s: %v, want exit code 1\n%s", strings.Join(args, " "), err, out)
				}
				found := false
				for _, w := range f.want {
					found = found || bytes.Contains(out, []byte(w))
				}
				if !found || !bytes.Contains(out, []byte(f.path)) {
					t.Errorf("ontap %s: the output names neither the file nor the problem (want one of %q):\n%s",
						strings.Join(args, " "), f.want, out)
				}
			})
		}
	}
}
