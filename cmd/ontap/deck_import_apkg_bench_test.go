//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/anki"
	"github.com/ontap/ontap/quiz/term"
)

// benchNotes is the number of notes of BenchmarkAnkiImport.
var benchNotes = 10_000

// BenchmarkAnkiImport imports a generated package of 10,000 notes and
// 100,000 revlog rows (ten reviews a note) into an empty data directory:
// `ontap deck import FILE.apkg`, reading, converting, writing the deck,
// adding the reviews and rebuilding the states. It reports the CPU time
// of the process per import (cpu-s/op: user and system, which a busy
// machine does not inflate as it does the wall time) and its peak
// resident memory (maxrss-MiB, including the generated package).
func BenchmarkAnkiImport(b *testing.B) {
	notes, perNote := benchNotes, 10
	d := &decks.Deck{ID: "big", Title: "Big deck", Policy: decks.DefaultPolicy()}
	var hist []anki.Entry
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range notes {
		id := fmt.Sprintf("n%05d", i)
		d.Cards = append(d.Cards, &decks.Card{ID: id, Kind: decks.KindBasic, Policy: d.Policy,
			Front: fmt.Sprintf("Question number %d about <b>something</b>?", i), Back: fmt.Sprintf("Answer %d", i)})
		for r := range perNote {
			hist = append(hist, anki.Entry{ItemID: id, Time: t0.Add(time.Duration(r*24*7+i%24) * time.Hour).Add(time.Duration(i) * time.Millisecond),
				Rating: 1 + (i+r)%4, Kind: "review", Duration: 5 * time.Second, Interval: 7})
		}
	}
	sortEntries(hist)
	var buf bytes.Buffer
	if err := anki.Write(context.Background(), &buf, anki.Build(d, hist, nil, t0)); err != nil {
		b.Fatal(err)
	}
	pkg := filepath.Join(b.TempDir(), "big.apkg")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	cpu0 := cpu()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		env := map[string]string{"ONTAP_HOME": dir, "ONTAP_NOW": "2026-01-01T09:00:00Z", "NO_COLOR": "1"}
		io, out, errOut := term.Test("")
		if code := run(context.Background(), []string{"deck", "import", pkg}, io, func(k string) string { return env[k] }); code != 0 {
			b.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out.String(), fmt.Sprintf("History: %d reviews added", notes*perNote)) {
			b.Fatalf("output: %s", out)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpu()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
	}
}
