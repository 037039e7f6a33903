package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

// Options say what to generate.
type Options struct {
	Decks   int       // deck files
	Cards   int       // cards in all, spread evenly over the decks
	Reviews int       // reviews in the history (0: no data folder)
	Seed    int64     // the same seed gives the same collection
	Now     time.Time // the history ends before Now
}

// Stats say what was written.
type Stats struct {
	Decks, Cards, Reviews int
	DeckBytes             int64
}

// maxCardsPerDeck is the format's limit on cards in one file.
const maxCardsPerDeck = 100000

// Generate writes the collection into out/decks and, when o.Reviews > 0,
// the history into the data folder out/data.
func Generate(ctx context.Context, out string, o Options) (Stats, error) {
	var st Stats
	switch {
	case o.Decks < 1:
		return st, fmt.Errorf("--decks %d: want at least 1", o.Decks)
	case o.Cards < o.Decks:
		return st, fmt.Errorf("--cards %d: want at least one card per deck (%d decks)", o.Cards, o.Decks)
	case (o.Cards+o.Decks-1)/o.Decks > maxCardsPerDeck:
		return st, fmt.Errorf("--cards %d over %d decks: a deck holds at most %d cards", o.Cards, o.Decks, maxCardsPerDeck)
	case o.Reviews < 0:
		return st, fmt.Errorf("--reviews %d: want 0 or more", o.Reviews)
	case o.Now.IsZero():
		return st, errors.New("no end time for the history")
	}
	if ents, err := os.ReadDir(out); err == nil && len(ents) > 0 {
		return st, fmt.Errorf("%s is not empty", out)
	}
	deckDir := filepath.Join(out, "decks")
	if err := os.MkdirAll(deckDir, 0o755); err != nil {
		return st, err
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x6f6e746170))
	var items []itemRef // every item, in deck order
	for d := range o.Decks {
		n := o.Cards / o.Decks
		if d < o.Cards%o.Decks {
			n++
		}
		id := fmt.Sprintf("gen-%03d", d)
		var buf bytes.Buffer
		items = writeDeck(&buf, rng, id, n, items)
		if err := os.WriteFile(filepath.Join(deckDir, id+".toml"), buf.Bytes(), 0o644); err != nil {
			return st, err
		}
		st.Decks++
		st.Cards += n
		st.DeckBytes += int64(buf.Len())
	}
	if o.Reviews == 0 {
		return st, nil
	}
	n, err := writeHistory(ctx, filepath.Join(out, "data"), rng, items, o)
	st.Reviews = n
	return st, err
}

// itemRef is one askable item: a deck id and an item id.
type itemRef struct{ deck, item string }

var english = strings.Fields(`the army navy air force defense industry expo international cooperation
policy alliance foreign military base partner treaty peace security border sea island campaign
victory independence reunification year minister ministry law national people general strategy
production factory technology research ship missile radar aircraft drone training exercise
mission peacekeeping united nations asean dialogue summit exhibition booth visitor delegation
contract export import domestic modern self-reliance capability doctrine history revolution`)

var vietnamese = strings.Fields(`quân đội nhân dân Việt Nam quốc phòng hải quân không quân
biên giới hòa bình độc lập thống nhất chiến dịch Điện Biên Phủ Hà Nội Đà Nẵng Hồ Chí Minh
công nghiệp triển lãm hợp tác quốc tế chính sách bốn không liên minh căn cứ nước ngoài
đối tác an ninh chủ quyền biển đảo năm bộ trưởng luật chiến lược sản xuất nhà máy công nghệ`)

// words returns between lo and hi words, a fifth of the time Vietnamese.
func words(rng *rand.Rand, lo, hi int) string {
	list := english
	if rng.IntN(5) == 0 {
		list = vietnamese
	}
	n := lo + rng.IntN(hi-lo+1)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(list[rng.IntN(len(list))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func q(s string) string { return strconv.Quote(s) }

// distinct returns n different phrases, each ending in a number of its
// own so that no prompt (which has no digits) contains one.
func distinct(rng *rand.Rand, n, lo, hi int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		s := words(rng, lo, hi) + " " + strconv.Itoa(len(out)+1)
		if k := strings.ToLower(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

func list(ss []string) string {
	qs := make([]string, len(ss))
	for i, s := range ss {
		qs[i] = q(s)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

// cardKinds are the kinds of card the generator writes: all of them.
var cardKinds = []string{"basic", "typed", "cloze", "choice", "multi", "truefalse", "number", "list", "order"}

// writeDeck writes one deck of n cards of every kind and appends its items.
func writeDeck(b *bytes.Buffer, rng *rand.Rand, id string, n int, items []itemRef) []itemRef {
	fmt.Fprintf(b, "[deck]\nid = %s\ntitle = %s\ndescription = %s\nsource = %s\ntags = [\"generated\", \"bench\"]\n",
		q(id), q("Generated deck "+id), q(words(rng, 12, 30)+"."), q("ontap-gen"))
	for c := range n {
		cid := "c" + strconv.Itoa(c)
		kind := cardKinds[(c+rng.IntN(3))%len(cardKinds)]
		fmt.Fprintf(b, "\n[[card]]\nid = %s\nkind = %q\n", q(cid), kind)
		add := func(item string) { items = append(items, itemRef{id, item}) }
		// The answer is a number word that no prompt contains, so no card gives itself away.
		ans := "answer " + strconv.Itoa(c) + " " + words(rng, 1, 3)
		switch kind {
		case "basic":
			fmt.Fprintf(b, "front = %s\nback = %s\n", q(words(rng, 6, 20)+"?"), q(ans))
			add(cid)
			if rng.IntN(4) == 0 {
				b.WriteString("reverse = true\n")
				add(cid + ":reverse")
			}
		case "typed":
			fmt.Fprintf(b, "prompt = %s\nanswer = %s\naccept = [%s]\n", q(words(rng, 8, 24)+"?"), q(ans), q("alt "+strconv.Itoa(c)))
			add(cid)
		case "cloze":
			k := 1 + rng.IntN(3)
			var t strings.Builder
			for i := range k {
				fmt.Fprintf(&t, "%s {{%s}} ", words(rng, 4, 12), words(rng, 1, 3))
				add(fmt.Sprintf("%s:c%d", cid, i+1))
			}
			t.WriteString(words(rng, 2, 8) + ".")
			fmt.Fprintf(b, "text = %s\n", q(t.String()))
		case "choice":
			ch := distinct(rng, 4, 1, 4)
			fmt.Fprintf(b, "prompt = %s\nanswer = %s\nchoices = %s\n", q(words(rng, 8, 20)+"?"), q(ch[rng.IntN(4)]), list(ch))
			add(cid)
		case "multi":
			ch := distinct(rng, 5, 1, 4)
			fmt.Fprintf(b, "prompt = %s\nchoices = %s\nanswers = %s\n", q(words(rng, 8, 20)+"?"), list(ch), list(ch[:1+rng.IntN(3)]))
			add(cid)
		case "truefalse":
			fmt.Fprintf(b, "prompt = %s\nanswer = %t\n", q(words(rng, 8, 24)+"."), rng.IntN(2) == 0)
			add(cid)
		case "number":
			fmt.Fprintf(b, "prompt = %s\nanswer = %d\nunit = \"units\"\ntolerance = \"5%%\"\n", q(words(rng, 8, 20)+"?"), 1+rng.IntN(5000))
			add(cid)
		case "list":
			fmt.Fprintf(b, "prompt = %s\nitems = %s\nordered = %t\n", q(words(rng, 6, 16)+"?"), list(distinct(rng, 2+rng.IntN(4), 1, 3)), rng.IntN(2) == 0)
			add(cid)
		case "order":
			fmt.Fprintf(b, "prompt = %s\nitems = %s\n", q("Put these in order: "+words(rng, 3, 8)+"."), list(distinct(rng, 3+rng.IntN(3), 1, 3)))
			add(cid)
		}
		if rng.IntN(3) == 0 {
			fmt.Fprintf(b, "explain = %s\n", q(words(rng, 15, 40)+"."))
		}
		if rng.IntN(4) == 0 {
			fmt.Fprintf(b, "hint = %s\n", q(words(rng, 2, 6)))
		}
	}
	return items
}

// importChunk is how many reviews go into one Import transaction.
const importChunk = 100000

// writeHistory replays o.Reviews answers through FSRS over the two years
// before o.Now: cards are taken up in a random order, each from a random
// day, and answered when due (rated Again 12%, Hard 10%, Good 68%, Easy
// 10%) until the next due time passes o.Now. Reviews go in by
// store.ImportReviews, the final states by ReplaceStates.
func writeHistory(ctx context.Context, dataDir string, rng *rand.Rand, items []itemRef, o Options) (int, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return 0, err
	}
	db, err := store.Open(filepath.Join(dataDir, "ontap.db"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	cfg := schedule.DefaultConfig()
	cfg.Location = time.UTC
	sched, err := schedule.NewFSRS(cfg)
	if err != nil {
		return 0, err
	}
	order := rng.Perm(len(items))
	states := map[[2]string]scoring.State{}
	var batch []store.Review
	total := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := db.ImportReviews(ctx, batch, "generated"); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	start := o.Now.Add(-730 * 24 * time.Hour)
	for pass := 0; total < o.Reviews; pass++ {
		for _, i := range order {
			if total >= o.Reviews {
				break
			}
			it := items[i]
			key := [2]string{it.deck, it.item}
			s, seen := states[key]
			var t time.Time
			if !seen {
				if pass > 0 {
					continue
				}
				t = start.Add(time.Duration(rng.Int64N(int64(700 * 24 * time.Hour))))
			} else {
				// Later passes add cramming: a review of a card well before it is due.
				t = s.LastReview.Add(time.Duration(rng.Int64N(int64(2*24*time.Hour))) + time.Hour)
			}
			for total < o.Reviews && t.Before(o.Now) {
				r := pickRating(rng)
				after := sched.Review(it.deck+"/"+it.item, s, r, t)
				kind := store.KindReview
				switch s.Phase {
				case scoring.New, scoring.Learning:
					kind = store.KindLearn
				case scoring.Relearning:
					kind = store.KindRelearn
				}
				day := t.Sub(start).Hours() / 24
				batch = append(batch, store.Review{SessionID: int64(day) + 1, DeckID: it.deck, CardID: it.item,
					Time: t.Truncate(time.Millisecond), Rating: r, Answer: "generated", Correct: r > scoring.Again,
					Duration: time.Duration(1500+rng.Int64N(12000)) * time.Millisecond, Kind: kind, Before: s, After: after})
				s = after
				states[key] = s
				total++
				if len(batch) == importChunk {
					if err := flush(); err != nil {
						return total, err
					}
				}
				t = s.Due.Add(time.Duration(rng.Int64N(int64(6 * time.Hour))))
			}
		}
		if pass > 50 {
			break // too few items for the reviews asked: stop with what there is
		}
	}
	if err := flush(); err != nil {
		return total, err
	}
	return total, db.ReplaceStates(ctx, states)
}

func pickRating(rng *rand.Rand) scoring.Rating {
	switch x := rng.IntN(100); {
	case x < 12:
		return scoring.Again
	case x < 22:
		return scoring.Hard
	case x < 90:
		return scoring.Good
	default:
		return scoring.Easy
	}
}
