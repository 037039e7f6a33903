package decks

import (
	"strconv"
	"strings"
)

// Item is one thing a learner is asked: most cards give one item; a basic
// card with reverse = true gives two, and a cloze gives one per deletion.
// Items from the same card are siblings. Progress is kept per item, keyed
// by Key().
type Item struct {
	Deck *Deck
	Card *Card

	ID      string // unique in the deck: the card id, "ID:reverse", or "ID:c1", "ID:c2"...
	Sibling string // the card id: items sharing it are siblings
	Kind    string // the card's kind

	Prompt  string   // the question as shown (for cloze: the text with this deletion blanked)
	Answer  string   // the expected answer as text (for list/order: items joined by "; ")
	Accept  []string // other answers that count as right
	Choices []string // choice: the answer and its distractors, unshuffled; multi: all options
	Answers []string // multi: the right options
	Items   []string // list, order
	Hint    string   // the card's hint, or the cloze deletion's own hint
}

// Source is the item's source as a learner sees it (see Deck.SourceLabel).
func (it *Item) Source() string { return it.Deck.SourceLabel(it.Card) }

// Key identifies the item across sessions: deck id + "/" + item id.
func (it *Item) Key() string { return it.Deck.ID + "/" + it.ID }

// ClozeBlank is what replaces the deletion being asked in a cloze prompt.
const ClozeBlank = "[...]"

var clozeRE = lazyRegexp(`\{\{(.*?)\}\}`)

// ClozeDeletions returns the deletions of a cloze text, in order, each as
// answer and optional hint ("{{answer::hint}}").
func ClozeDeletions(text string) (answers, hints []string) {
	for _, m := range clozeRE().FindAllStringSubmatch(text, -1) {
		a, h, _ := strings.Cut(m[1], "::")
		answers = append(answers, strings.TrimSpace(a))
		hints = append(hints, strings.TrimSpace(h))
	}
	return answers, hints
}

// maxDistractors is how many wrong options a choice card drawn from its
// group offers at most.
const maxDistractors = 3

// Items expands the deck's cards into the items a learner is asked, in
// file order.
func (d *Deck) Items() []*Item {
	var out []*Item
	for _, c := range d.Cards {
		out = append(out, d.cardItems(c)...)
	}
	return out
}

// CardItems returns the items one card of the deck expands to, as Items
// does for every card.
func (d *Deck) CardItems(c *Card) []*Item { return d.cardItems(c) }

func (d *Deck) cardItems(c *Card) []*Item {
	base := Item{Deck: d, Card: c, ID: c.ID, Sibling: c.ID, Kind: c.Kind, Hint: c.Hint}
	switch c.Kind {
	case KindBasic:
		it := base
		it.Prompt, it.Answer = c.Front, c.Back
		items := []*Item{&it}
		if c.Reverse {
			rev := base
			rev.ID = c.ID + ":reverse"
			rev.Prompt, rev.Answer = c.Back, c.Front
			items = append(items, &rev)
		}
		return items
	case KindCloze:
		answers, hints := ClozeDeletions(c.Text)
		var items []*Item
		for i := range answers {
			it := base
			it.ID = c.ID + ":c" + strconv.Itoa(i+1)
			it.Answer = answers[i]
			if hints[i] != "" {
				it.Hint = hints[i]
			}
			n := 0
			it.Prompt = clozeRE().ReplaceAllStringFunc(c.Text, func(m string) string {
				j := n
				n++
				if j == i {
					return ClozeBlank
				}
				return answers[j]
			})
			items = append(items, &it)
		}
		return items
	case KindChoice:
		it := base
		it.Prompt, it.Answer, it.Accept = c.Prompt, c.Answer, c.Accept
		if len(c.Choices) > 0 {
			it.Choices = append([]string(nil), c.Choices...)
		} else {
			it.Choices = append([]string{c.Answer}, d.Distractors(c)...)
		}
		return []*Item{&it}
	case KindMulti:
		it := base
		it.Prompt = c.Prompt
		it.Choices = append([]string(nil), c.Choices...)
		it.Answers = append([]string(nil), c.Answers...)
		it.Answer = strings.Join(c.Answers, "; ")
		return []*Item{&it}
	case KindTrueFalse:
		it := base
		it.Prompt = c.Prompt
		it.Answer = "false"
		if c.Truth {
			it.Answer = "true"
		}
		return []*Item{&it}
	case KindNumber:
		it := base
		it.Prompt = c.Prompt
		it.Answer = FormatNumber(c.Number)
		return []*Item{&it}
	case KindList, KindOrder:
		it := base
		it.Prompt = c.Prompt
		it.Items = append([]string(nil), c.Items...)
		it.Answer = strings.Join(c.Items, "; ")
		return []*Item{&it}
	default: // typed
		it := base
		it.Prompt, it.Answer, it.Accept = c.Prompt, c.Answer, c.Accept
		return []*Item{&it}
	}
}

// Distractors draws up to maxDistractors wrong options for a card from the
// answers of the other cards of its group, deterministically (the quiz
// shuffles the options when it asks). The answers of each group are
// gathered once per deck, so a deck of many cards in one group stays
// linear. The first call builds that index: a Deck is not safe for
// concurrent use until then.
func (d *Deck) Distractors(c *Card) []string {
	if c.Group == "" {
		return nil
	}
	own := map[string]bool{}
	for _, a := range append(groupAnswers(c), c.Answer) {
		own[strings.ToLower(a)] = true
	}
	pool := d.groupIndex()[c.Group]
	if len(pool) <= maxDistractors+len(own) {
		var out []string
		for _, a := range pool {
			if !own[strings.ToLower(a)] {
				out = append(out, a)
			}
		}
		if len(out) > maxDistractors {
			out = out[:maxDistractors]
		}
		return out
	}
	// Pick evenly spread, starting at an offset that depends on the card id,
	// so that cards of one group do not all get the same distractors.
	h := 0
	for _, r := range c.ID {
		h = h*31 + int(r)
	}
	if h < 0 {
		h = -h
	}
	out := make([]string, 0, maxDistractors)
	taken := map[int]bool{}
	for i := 0; len(out) < maxDistractors && i < len(pool); i++ {
		k := (h + i*len(pool)/maxDistractors) % len(pool)
		for taken[k] || own[strings.ToLower(pool[k])] {
			k = (k + 1) % len(pool)
		}
		taken[k] = true
		out = append(out, pool[k])
	}
	return out
}

// groupAnswers is what a card lends to its group as distractors.
func groupAnswers(c *Card) []string {
	switch c.Kind {
	case KindChoice, KindTyped:
		return []string{c.Answer}
	case KindNumber:
		return []string{FormatNumber(c.Number)}
	case KindBasic:
		return []string{c.Back}
	}
	return nil
}

// FormatNumber prints a number the way a deck author would write it:
// integers without a decimal point, others with as few digits as needed.
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
