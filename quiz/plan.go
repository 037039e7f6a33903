package quiz

import (
	"context"
	"sort"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/store"
)

// Store is what a session needs of the progress store (*store.DB is
// one): it records the answers, counts today's, and gives the states of
// a deck read whole (Loaded).
type Store interface {
	StartSession(ctx context.Context, s *store.Session) error
	FinishSession(ctx context.Context, id int64, end time.Time) error
	Record(ctx context.Context, r *store.Review) error
	Undo(ctx context.Context, sessionID int64) (*store.Review, error)
	DayCounts(ctx context.Context, since time.Time) (map[string]store.DayCount, error)
	States(ctx context.Context, deckID string) (map[string]scoring.State, error)
	Suspended(ctx context.Context, deckID string) ([]store.Suspension, error)
}

// Item is an item of a deck with its stored state, as a Source gives it.
type Item struct {
	ID      string
	Sibling string // items sharing it are siblings
	Card    int    // the index of its card in the deck
	Ord     int    // its place in the deck's order of items
	State   scoring.State
}

// known reports whether the item has been studied (a state other than New).
func (it *Item) known() bool { return it.State.Phase != scoring.New }

// Source gives the planner one deck's items and their states, and loads
// the cards it asks. A study session asks it a page at a time, so that its
// first question costs the same whatever the backlog. Suspended cards are
// not among the items of Learning, Due, New, Counts and NextDue; All
// lists them (a quiz may ask them).
type Source interface {
	// Learning lists the items in their (re)learning steps, in deck order.
	Learning(ctx context.Context) ([]Item, error)
	// Due lists up to n items in review due at or before now, in due order
	// (ties in deck order), from the one after after (nil: the first).
	Due(ctx context.Context, now time.Time, after *Item, n int) ([]Item, error)
	// New lists up to n new items in deck order, from the one after the
	// item of Ord after (-1: the first).
	New(ctx context.Context, after, n int) ([]Item, error)
	// Counts counts the items Due and New would list from the first, up
	// to maxDue and maxNew.
	Counts(ctx context.Context, now time.Time, maxDue, maxNew int) (due, fresh int, err error)
	// NextDue tells when the earliest-due studied item is due (zero when
	// none is) and whether new items are left.
	NextDue(ctx context.Context) (time.Time, bool, error)
	// All lists every item, in deck order (quizzes, practice ahead).
	All(ctx context.Context) ([]Item, error)
	// Card loads the card of index i.
	Card(ctx context.Context, i int) (*decks.Card, error)
}

// Loaded is the Source of a deck loaded with all its cards, with the
// states of its items by id; keep, when not nil, chooses the items a
// session may ask (--tag, --card).
func Loaded(d *decks.Deck, states map[string]scoring.State, keep func(*decks.Item) bool) Source {
	l := &loaded{d: d}
	ord := 0
	for ci, c := range d.Cards {
		for _, it := range d.CardItems(c) {
			if keep == nil || keep(it) {
				l.items = append(l.items, Item{ID: it.ID, Sibling: it.Sibling, Card: ci, Ord: ord, State: states[it.ID]})
			}
			ord++
		}
	}
	for _, it := range l.items {
		if it.State.Phase == scoring.Review {
			l.due = append(l.due, it)
		}
	}
	sort.SliceStable(l.due, func(i, j int) bool { return l.due[i].State.Due.Before(l.due[j].State.Due) })
	return l
}

type loaded struct {
	d         *decks.Deck
	items     []Item // in deck order
	due       []Item // the reviews, in due order (ties in deck order)
	suspended map[string]bool
}

// suspend leaves out of the study of the deck the items whose keys are
// in keys (deck id + "/" + item id).
func (l *loaded) suspend(keys map[string]bool) {
	if len(keys) == 0 {
		return
	}
	l.suspended = map[string]bool{}
	due := l.due[:0]
	for _, it := range l.items {
		if keys[l.d.ID+"/"+it.ID] {
			l.suspended[it.ID] = true
		}
	}
	for _, it := range l.due {
		if !l.suspended[it.ID] {
			due = append(due, it)
		}
	}
	l.due = due
}

func (l *loaded) Learning(context.Context) ([]Item, error) {
	var out []Item
	for _, it := range l.items {
		if p := it.State.Phase; (p == scoring.Learning || p == scoring.Relearning) && !l.suspended[it.ID] {
			out = append(out, it)
		}
	}
	return out, nil
}

func (l *loaded) Due(_ context.Context, now time.Time, after *Item, n int) ([]Item, error) {
	i := 0
	if after != nil {
		i = sort.Search(len(l.due), func(i int) bool { return dueAfter(&l.due[i], after) })
	}
	var out []Item
	for ; i < len(l.due) && len(out) < n && !l.due[i].State.Due.After(now); i++ {
		out = append(out, l.due[i])
	}
	return out, nil
}

// dueAfter reports whether a comes after b in due order.
func dueAfter(a, b *Item) bool {
	if !a.State.Due.Equal(b.State.Due) {
		return a.State.Due.After(b.State.Due)
	}
	return a.Ord > b.Ord
}

func (l *loaded) New(_ context.Context, after, n int) ([]Item, error) {
	var out []Item
	for _, it := range l.items {
		if len(out) >= n {
			break
		}
		if !it.known() && it.Ord > after && !l.suspended[it.ID] {
			out = append(out, it)
		}
	}
	return out, nil
}

func (l *loaded) Counts(_ context.Context, now time.Time, maxDue, maxNew int) (int, int, error) {
	due, fresh := 0, 0
	for _, it := range l.due {
		if it.State.Due.After(now) || due >= maxDue {
			break
		}
		due++
	}
	for _, it := range l.items {
		if !it.known() && fresh < maxNew && !l.suspended[it.ID] {
			fresh++
		}
	}
	return due, fresh, nil
}

func (l *loaded) NextDue(context.Context) (time.Time, bool, error) {
	var next time.Time
	newLeft := false
	for _, it := range l.items {
		switch {
		case l.suspended[it.ID]:
		case !it.known():
			newLeft = true
		case next.IsZero() || it.State.Due.Before(next):
			next = it.State.Due
		}
	}
	return next, newLeft, nil
}

func (l *loaded) All(context.Context) ([]Item, error) { return l.items, nil }

// set keeps an item's state as the session changes it, for NextDue.
func (l *loaded) set(id string, st scoring.State) {
	for i := range l.items {
		if l.items[i].ID == id {
			l.items[i].State = st
		}
	}
}

func (l *loaded) Card(_ context.Context, i int) (*decks.Card, error) { return l.d.Cards[i], nil }

// deckPlan is the planner's view of one deck in a study session: the
// siblings taken, and its due reviews and new items read a page at a
// time as the session comes to them.
type deckPlan struct {
	deck    *decks.Deck
	src     Source
	sched   scoring.Scheduler
	taken   map[string]bool // siblings taken in this session
	revLeft int             // reviews the session may still take today
	newLeft int             // and new items
	// Estimates of what is left to ask, from Counts: exact unless
	// siblings or items out of the deck's file are passed over.
	dueRows, newRows     int
	dueCapped, newCapped bool // Counts stopped at its bound
	page                 []Item
	size                 int   // the next page's size
	last                 *Item // the last review read
	lastNew              int   // the Ord of the last new item read
	done                 bool  // the current stream has no more items
}

// pageSize is how many items a deck's first page of a stream holds; each
// next page is twice as large, up to maxPage.
const (
	pageSize = 8
	maxPage  = 256
)

// planner yields a study session's queue lazily, in the order it is
// asked: every deck's due reviews (in due order), taken a deck at a time
// in turn, then their new items in deck order, the same way; each up to
// the deck's daily limit and one item of a sibling group a session.
type planner struct {
	now    time.Time
	every  []*deckPlan // the session's decks, in order
	active []*deckPlan // those whose current stream is not over
	turn   int         // the index in active of the deck whose turn it is
	fresh  bool        // the reviews are all taken: new items now
	allow  bool        // siblings may be asked together
}

// take reports whether an item may be asked, given the siblings taken,
// and takes its sibling group if so.
func (dp *deckPlan) take(allow bool, sib string) bool {
	if !allow && dp.taken[sib] {
		return false
	}
	dp.taken[sib] = true
	return true
}

// next returns the next item of the queue, or nil when it is over.
func (p *planner) next(ctx context.Context) (*entry, error) {
	for len(p.active) > 0 {
		if p.turn >= len(p.active) {
			p.turn = 0
		}
		dp := p.active[p.turn]
		e, err := p.advance(ctx, dp)
		if err != nil {
			return nil, err
		}
		if e != nil {
			p.turn++
			return e, nil
		}
		// This deck has no more of this stream: the others go on.
		p.active = append(p.active[:p.turn], p.active[p.turn+1:]...)
		if len(p.active) == 0 && !p.fresh {
			p.fresh, p.turn = true, 0
			for _, dp := range p.every {
				dp.page, dp.done, dp.size = nil, false, pageSize
				p.active = append(p.active, dp)
			}
		}
	}
	return nil, nil
}

// advance takes a deck's next item of the current stream, or nil.
func (p *planner) advance(ctx context.Context, dp *deckPlan) (*entry, error) {
	left := &dp.revLeft
	rows := &dp.dueRows
	if p.fresh {
		left, rows = &dp.newLeft, &dp.newRows
	}
	for *left > 0 {
		if len(dp.page) == 0 {
			if dp.done {
				break
			}
			n := dp.size
			dp.size = min(2*n, maxPage)
			var err error
			if p.fresh {
				dp.page, err = dp.src.New(ctx, dp.lastNew, n)
			} else {
				dp.page, err = dp.src.Due(ctx, p.now, dp.last, n)
			}
			if err != nil {
				return nil, err
			}
			dp.done = len(dp.page) < n
			if len(dp.page) == 0 {
				break
			}
		}
		it := dp.page[0]
		dp.page = dp.page[1:]
		if p.fresh {
			dp.lastNew = it.Ord
		} else {
			dp.last = &it
		}
		*rows--
		if dp.take(p.allow, it.Sibling) {
			*left--
			return &entry{deck: dp.deck, src: dp.src, sched: dp.sched, id: it.ID, sib: it.Sibling, card: it.Card,
				state: it.State, known: it.known()}, nil
		}
	}
	*left = 0
	return nil, nil
}

// left estimates how many items the planner has still to yield.
func (p *planner) left() int {
	n := 0
	for _, dp := range p.every {
		if !p.fresh {
			n += estimate(dp.revLeft, dp.dueRows, dp.dueCapped)
		}
		n += estimate(dp.newLeft, dp.newRows, dp.newCapped)
	}
	return n
}

// estimate is what a stream with limit left and rows counted (capped:
// more may follow) will still yield.
func estimate(left, rows int, capped bool) int {
	if capped || rows > left {
		return max(left, 0)
	}
	return max(rows, 0)
}
