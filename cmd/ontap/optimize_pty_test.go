package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSyntheticLog writes a review log big enough for a full fit: 400
// cards, first rated Good, then reviewed at growing gaps, forgotten 15% of
// the time.
func writeSyntheticLog(t *testing.T, path string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 8))
	var b strings.Builder
	b.WriteString("card_id,review_rating,review_time,review_duration\n")
	start := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for c := range 400 {
		at := start.Add(time.Duration(c%50) * 24 * time.Hour)
		gap := 1 + rng.IntN(3)
		fmt.Fprintf(&b, "c%d,3,%s,4000\n", c, at.Format(time.RFC3339))
		for range 6 {
			at = at.Add(time.Duration(gap) * 24 * time.Hour)
			r := 3
			if rng.Float64() < 0.15 {
				r = 1
				gap = 1
			} else {
				gap = gap*2 + rng.IntN(3)
			}
			fmt.Fprintf(&b, "c%d,%d,%s,4000\n", c, r, at.Format(time.RFC3339))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestOptimizeProgressBar runs 'ontap optimize' under a pseudo-terminal:
// stderr is a terminal, so the progress bar is drawn, then cleared.
func TestOptimizeProgressBar(t *testing.T) {
	bin, err := exec.LookPath("ontap")
	if err != nil {
		t.Fatalf("ontap not on PATH: %v", err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "log.csv")
	writeSyntheticLog(t, log)
	cmd := exec.Command(bin, "optimize", "--dry-run", "--from", log)
	cmd.Env = append(os.Environ(), "ONTAP_HOME="+filepath.Join(dir, "data"), "ONTAP_NOW=2026-11-23T09:00:00Z",
		"NO_COLOR=1", "TERM=xterm", "TZ=UTC")
	_, scr, _ := startPty(t, cmd, 30, 100)
	scr.waitFor(t, "optimizing [")
	scr.waitFor(t, "100%")
	scr.waitFor(t, "full fit")
	scr.waitFor(t, "Dry run: nothing saved.")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ontap optimize: %v", err)
	}
}
