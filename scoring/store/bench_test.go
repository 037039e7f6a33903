package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

// BenchmarkRecord measures committed answers per second: each Record is
// its own durable (synchronous=FULL) transaction.
func BenchmarkRecord(b *testing.B) {
	db := openTemp(b)
	ctx := context.Background()
	sid := startSession(b, db, "study", t0, "d")
	i := 0
	for b.Loop() {
		r := review(sid, "d", strconv.Itoa(i%10000), t0.Add(time.Duration(i)*time.Second), scoring.Good, "review", 1)
		if err := db.Record(ctx, r); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
}

// BenchmarkStates measures loading the states of a deck of 10,000 cards.
func BenchmarkStates(b *testing.B) {
	db := openTemp(b)
	ctx := context.Background()
	states := make(map[[2]string]scoring.State, 10000)
	for i := range 10000 {
		states[[2]string{"big", "card-" + strconv.Itoa(i)}] = reviewState(1+i%20, t0.Add(time.Duration(i)*time.Minute))
	}
	if err := db.ReplaceStates(ctx, states); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		got, err := db.States(ctx, "big")
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != 10000 {
			b.Fatalf("%d states", len(got))
		}
	}
}
