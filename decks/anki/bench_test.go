package anki

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
)

// BenchmarkReadConvert reads and converts a generated package of 10,000
// notes and 100,000 revlog rows: the part of `ontap deck import` before
// the review log (BenchmarkAnkiImport in cmd/ontap times the whole).
func BenchmarkReadConvert(b *testing.B) {
	const notes, perNote = 10_000, 10
	d := &decks.Deck{ID: "big", Title: "Big deck", Policy: decks.DefaultPolicy()}
	var hist []Entry
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for r := range perNote {
		for i := range notes {
			hist = append(hist, Entry{ItemID: fmt.Sprintf("n%05d", i), Time: t0.Add(time.Duration(r)*7*24*time.Hour + time.Duration(i)*time.Second),
				Rating: 1 + (i+r)%4, Kind: "review", Duration: 5 * time.Second, Interval: 7})
		}
	}
	for i := range notes {
		d.Cards = append(d.Cards, &decks.Card{ID: fmt.Sprintf("n%05d", i), Kind: decks.KindBasic, Policy: d.Policy,
			Front: fmt.Sprintf("Question number %d about <b>something</b>?", i), Back: fmt.Sprintf("Answer %d", i)})
	}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, Build(d, hist, nil, t0)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := ReadFrom(context.Background(), bytes.NewReader(data), int64(len(data)), "big.apkg", DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		imp := Convert(p, ConvertOptions{})
		if len(imp.Reviews) != notes*perNote || len(imp.Decks[0].Cards) != notes {
			b.Fatalf("%d reviews, %d cards", len(imp.Reviews), len(imp.Decks[0].Cards))
		}
	}
}
