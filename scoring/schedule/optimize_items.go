package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/ontap/ontap/scoring"
)

// ItemReview is one review inside a TrainItem: its rating and the number of
// study days since the card's previous review (0 for the first review and
// for a review on the same study day as the previous one).
type ItemReview struct {
	Rating scoring.Rating
	Days   int
}

// TrainItem is one training (and evaluation) example, as fsrs-rs builds
// them: a review made at least one study day after the card's previous one,
// carrying all of the card's earlier reviews (same-day ones included). The
// last review is the one predicted: the model runs over the others, then the
// forgetting curve gives the probability of recall after the last gap, and
// the label is 1 unless the last rating is Again.
type TrainItem struct {
	Reviews []ItemReview
}

// current returns the predicted review.
func (it TrainItem) current() ItemReview { return it.Reviews[len(it.Reviews)-1] }

// longTermCount counts the reviews a day or more after the previous one.
func (it TrainItem) longTermCount() int {
	n := 0
	for _, r := range it.Reviews {
		if r.Days > 0 {
			n++
		}
	}
	return n
}

// firstLongTerm returns the first review with Days > 0 (there is always
// one: the current review).
func (it TrainItem) firstLongTerm() ItemReview {
	for _, r := range it.Reviews {
		if r.Days > 0 {
			return r
		}
	}
	return it.current()
}

// valid reports whether the item can be used: at least two reviews, valid
// ratings, a first review with Days == 0, no negative gaps and a current
// review at least a day after the previous one.
func (it TrainItem) valid() bool {
	n := len(it.Reviews)
	if n < 2 || it.Reviews[0].Days != 0 || it.Reviews[n-1].Days < 1 {
		return false
	}
	for _, r := range it.Reviews {
		if !r.Rating.Valid() || r.Days < 0 {
			return false
		}
	}
	return true
}

// BuildItems turns a review log into training items. Reviews are grouped by
// card and sorted by time (ties keep the log's order); the items come card
// by card, cards in the order of their first review, as fsrs-rs's CSV
// converter gives them (the order that its recency weights then follow, so
// that Evaluate's figures are comparable with fsrs-rs's). Gaps are counted in study days with c's day start and location
// (DaysBetween). Every review one day or more after the card's previous one
// gives an item with all the card's earlier reviews. Entries with an invalid
// rating are an error.
func BuildItems(entries []LogEntry, c scoring.Config) ([]TrainItem, error) {
	type rev struct {
		t   time.Time
		r   scoring.Rating
		seq int
	}
	cards := map[string]int{}
	var byCard [][]rev
	for i, e := range entries {
		if !e.Rating.Valid() {
			return nil, fmt.Errorf("review %d (card %q): invalid rating %d", i+1, e.CardID, int(e.Rating))
		}
		k, ok := cards[e.CardID]
		if !ok {
			k = len(byCard)
			cards[e.CardID] = k
			byCard = append(byCard, nil)
		}
		byCard[k] = append(byCard[k], rev{t: e.Time, r: e.Rating, seq: i})
	}
	for _, revs := range byCard {
		slices.SortStableFunc(revs, func(a, b rev) int { return a.t.Compare(b.t) })
	}
	// Cards by their first review (ties: first seen in the log).
	slices.SortStableFunc(byCard, func(a, b []rev) int {
		if c := a[0].t.Compare(b[0].t); c != 0 {
			return c
		}
		return cmp.Compare(a[0].seq, b[0].seq)
	})
	var items []TrainItem
	for _, revs := range byCard {
		all := make([]ItemReview, len(revs))
		for i, r := range revs {
			all[i].Rating = r.r
			if i > 0 {
				all[i].Days = max(scoring.DaysBetween(c, revs[i-1].t, r.t), 0)
			}
		}
		for i := 1; i < len(all); i++ {
			if all[i].Days > 0 {
				items = append(items, TrainItem{Reviews: all[: i+1 : i+1]})
			}
		}
	}
	return items, nil
}

// filterOutliers is fsrs-rs's outlier filter. The pretraining items (those
// whose only long-term review is the current one) are grouped by first
// rating and by gap; within each first rating, the smallest groups (the
// longest gaps first among equal sizes) are dropped until at least 5% of
// that rating's items (and at least 20) are gone, and groups of fewer than
// six items or with a gap over 100 days (365 for Easy) are dropped too.
// Training items whose first rating and first long-term gap fell in a
// dropped group are removed as well.
func filterOutliers(pre, train []TrainItem) (keptPre, keptTrain []TrainItem) {
	type key struct {
		rating scoring.Rating
		days   int
	}
	groups := map[scoring.Rating]map[int][]TrainItem{}
	for _, it := range pre {
		first, cur := it.Reviews[0].Rating, it.current().Days
		if groups[first] == nil {
			groups[first] = map[int][]TrainItem{}
		}
		groups[first][cur] = append(groups[first][cur], it)
	}
	removed := map[key]bool{}
	for rating := scoring.Again; rating <= scoring.Easy; rating++ {
		byDays := groups[rating]
		if len(byDays) == 0 {
			continue
		}
		type sub struct {
			days  int
			items []TrainItem
		}
		subs := make([]sub, 0, len(byDays))
		total := 0
		for d, its := range byDays {
			subs = append(subs, sub{d, its})
			total += len(its)
		}
		// Ascending size, then ascending gap: the order in which fsrs-rs
		// visits them.
		slices.SortFunc(subs, func(a, b sub) int {
			if c := cmp.Compare(len(a.items), len(b.items)); c != 0 {
				return c
			}
			return cmp.Compare(a.days, b.days)
		})
		limit := 100
		if rating == scoring.Easy {
			limit = 365
		}
		gone := 0
		for _, s := range subs {
			if gone+len(s.items) >= max(20, total/20) {
				if len(s.items) >= 6 && s.days <= limit {
					keptPre = append(keptPre, s.items...)
				} else {
					removed[key{rating, s.days}] = true
				}
			} else {
				gone += len(s.items)
				removed[key{rating, s.days}] = true
			}
		}
	}
	for _, it := range train {
		if !removed[key{it.Reviews[0].Rating, it.firstLongTerm().Days}] {
			keptTrain = append(keptTrain, it)
		}
	}
	return keptPre, keptTrain
}

// prepareTrainingData splits items into the pretraining set (one long-term
// review) and the others, filters outliers, and returns the kept
// pretraining items and the training set: the kept pretraining items (in
// the filter's order) followed by the kept others (in their order). This
// order is the one recency weights follow, in training and evaluation alike.
func prepareTrainingData(items []TrainItem) (pre, train []TrainItem) {
	var rest []TrainItem
	for _, it := range items {
		if it.longTermCount() == 1 {
			pre = append(pre, it)
		} else {
			rest = append(rest, it)
		}
	}
	pre, rest = filterOutliers(pre, rest)
	train = make([]TrainItem, 0, len(pre)+len(rest))
	train = append(train, pre...)
	train = append(train, rest...)
	return pre, train
}
