// Command ontap-gen writes a synthetic collection for benchmarks: deck
// files of every kind of card (realistic text lengths, some Vietnamese
// with diacritics) and a data directory whose database holds a plausible
// review history, replayed through the FSRS scheduler. The output depends
// only on the flags: the same seed gives the same files and the same
// reviews.
//
//	go run ./cmd/ontap-gen --decks 100 --cards 100000 --reviews 1000000 --out DIR
//
// DIR/decks holds the deck files and DIR/data the data directory (use
// ONTAP_HOME=DIR/data ontap --decks DIR/decks ...).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ontap-gen:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ontap-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	now := ""
	fs.IntVar(&o.Decks, "decks", 100, "number of deck files")
	fs.IntVar(&o.Cards, "cards", 100000, "number of cards, spread over the decks")
	fs.IntVar(&o.Reviews, "reviews", 1000000, "number of reviews in the history")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed")
	fs.StringVar(&now, "now", "2026-11-23T09:00:00Z", "the end of the history (RFC 3339)")
	out := fs.String("out", "", "output folder (created; must be empty or absent)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	t, err := time.Parse(time.RFC3339, now)
	if err != nil {
		return fmt.Errorf("--now: %v", err)
	}
	o.Now = t
	start := time.Now()
	st, err := Generate(context.Background(), *out, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d decks (%d cards, %.1f MB of TOML) and %d reviews to %s in %s\n",
		st.Decks, st.Cards, float64(st.DeckBytes)/1e6, st.Reviews, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
