// Package sharedtest gives tests the project's reference material: the
// folder shared/ beside the module's root (the articles the built-in decks
// come from, a real review log, FSRS reference vectors). It is not part of
// the module, so a test that needs it calls Path or ReadFile, which skip the
// test with the reason when it is absent: a clone alone still passes.
package sharedtest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Dir is the path of the shared folder, whether it exists or not (for a
// script test's condition); "" when no module root is found.
func Dir() string {
	root, err := moduleRoot()
	if err != nil {
		return ""
	}
	return filepath.Join(filepath.Dir(root), "shared")
}

// Path returns the path of elem under the shared folder, skipping tb when
// it does not exist.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	dir := Dir()
	if dir == "" {
		tb.Fatalf("sharedtest: no go.mod above the working directory")
	}
	p := filepath.Join(append([]string{dir}, elem...)...)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("skipped: %s is absent (the shared reference material lives beside the module, not in it)", p)
	} else if err != nil {
		tb.Fatalf("sharedtest: %v", err)
	}
	return p
}

// ReadFile reads the file elem under the shared folder, skipping tb when
// it does not exist.
func ReadFile(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, elem...))
	if err != nil {
		tb.Fatalf("sharedtest: %v", err)
	}
	return b
}

// moduleRoot is the folder of the go.mod above the working directory (a
// test runs in its package's folder).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
