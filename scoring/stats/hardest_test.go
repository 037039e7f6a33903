package stats

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestHardestIsTheTopOfTheSortedCards: the one-pass selection of the
// hardest cards gives the first HardestCount of the cards sorted, ties
// (many equal lapses and retrievabilities) included.
func TestHardestIsTheTopOfTheSortedCards(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 1))
		n := []int{0, 3, 10, 11, 500}[seed%5]
		var cards []CardStat
		for i := range n {
			cards = append(cards, CardStat{Deck: fmt.Sprint("d", rng.IntN(3)), Card: fmt.Sprint("c", i),
				Lapses: rng.IntN(4), Leech: rng.IntN(5) == 0, Retrievability: float64(rng.IntN(5)) / 4})
		}
		var p picker
		inReview := map[string]bool{}
		for _, c := range cards {
			inReview[c.Card] = rng.IntN(3) > 0 // a learning card has no place among the lowest R
			p.add(c, inReview[c.Card])
		}
		got := p.result()
		sorted := func(keep func(CardStat) bool, order func(a, b CardStat) int) []CardStat {
			out := []CardStat{}
			for _, c := range cards {
				if keep(c) {
					out = append(out, c)
				}
			}
			slices.SortFunc(out, order)
			return out[:min(len(out), HardestCount)]
		}
		byLapses := func(a, b CardStat) int {
			if a.Lapses != b.Lapses {
				return b.Lapses - a.Lapses
			}
			if a.Retrievability != b.Retrievability {
				if a.Retrievability < b.Retrievability {
					return -1
				}
				return 1
			}
			return byKey(a, b)
		}
		byR := func(a, b CardStat) int {
			if a.Retrievability != b.Retrievability {
				if a.Retrievability < b.Retrievability {
					return -1
				}
				return 1
			}
			return byKey(a, b)
		}
		want := Hardest{
			MostLapses:           sorted(func(c CardStat) bool { return c.Lapses > 0 }, byLapses),
			Leeches:              sorted(func(c CardStat) bool { return c.Leech }, byLapses),
			LowestRetrievability: sorted(func(c CardStat) bool { return inReview[c.Card] }, byR),
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, %d cards:\n got %+v\nwant %+v", seed, n, got, want)
		}
	}
}
