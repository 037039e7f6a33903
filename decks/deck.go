// Package decks holds the deck model and its TOML format: parsing with
// exact positions, validation, linting, and the expansion of a deck's
// cards into the items a learner is asked.
//
// The file format is documented in FORMAT.md beside this file. The package
// knows nothing of scheduling, storage or terminals.
package decks

import (
	"regexp"
	"sync"
)

// Card kinds, as written in the `kind` key of a `[[card]]` entry.
const (
	KindBasic     = "basic"     // front and back, self-graded; reverse = true adds back → front
	KindTyped     = "typed"     // a prompt and a typed answer, with accept = [...] alternatives
	KindCloze     = "cloze"     // text with one or more {{...}} deletions, one item per deletion
	KindChoice    = "choice"    // one right answer among choices (listed, or drawn from a group)
	KindMulti     = "multi"     // select all that apply
	KindTrueFalse = "truefalse" // a statement that is true or false
	KindNumber    = "number"    // a number with optional unit and tolerance; years have tolerance 0
	KindList      = "list"      // several items to recall, in any order unless ordered = true
	KindOrder     = "order"     // items to put in order
)

// Kinds lists every card kind, in the order FORMAT.md documents them.
var Kinds = []string{KindBasic, KindTyped, KindCloze, KindChoice, KindMulti,
	KindTrueFalse, KindNumber, KindList, KindOrder}

// Accent policies for answer checking.
const (
	AccentsLenient = "lenient" // right except for accents is accepted as Hard (the default)
	AccentsExact   = "exact"   // accents must match
	AccentsIgnore  = "ignore"  // accents are ignored entirely
)

// Policy says how typed answers are compared with the expected answer.
// Deck-wide defaults come from the [deck] table; a card may override any
// field. The zero value is not the default: use DefaultPolicy.
type Policy struct {
	CaseSensitive bool   `json:",omitzero"` // `case = "exact"`; default "ignore"
	Accents       string `json:",omitzero"` // one of AccentsLenient, AccentsExact, AccentsIgnore
	Typos         bool   `json:",omitzero"` // `typos = true`: small typos in words are accepted as Hard
	Strict        bool   `json:",omitzero"` // `strict = true`: the wording must match; no content words or paraphrases
}

// DefaultPolicy is the answer-checking policy when a deck says nothing.
func DefaultPolicy() Policy {
	return Policy{CaseSensitive: false, Accents: AccentsLenient, Typos: true}
}

// Pos is a position in a deck file: 1-based line and column (column in
// bytes, as Go tools count it).
type Pos struct {
	Line int `json:",omitzero"`
	Col  int `json:",omitzero"`
}

// Deck is one deck file, validated. The json tags are the deck cache's
// (MarshalHeader): zero fields take no room there.
type Deck struct {
	ID          string   `json:",omitzero"` // `id`, defaulting to the file name without .toml
	Title       string   `json:",omitzero"` // `title`
	Description string   `json:",omitzero"` // `description`
	Source      string   `json:",omitzero"` // `source`: where the deck's facts come from
	Tags        []string `json:",omitzero"` // `tags`
	Retention   float64  `json:",omitzero"` // `retention`: desired retention in (0, 1); 0 means the default (0.9)
	Scheduler   string   `json:",omitzero"` // `scheduler`: "fsrs" (default when empty) or "sm2"
	Policy      Policy   `json:",omitzero"` // deck-wide answer-checking defaults

	// Draft is `draft = true`: a deck not yet checked by its author (as
	// deck generate writes it), listed but neither studied nor quizzed
	// until the mark is removed (AcceptDraft).
	Draft bool `json:",omitzero"`

	NewPerDay     int `json:",omitzero"` // `new_per_day`: new cards introduced per day; 0 means the default (20)
	ReviewsPerDay int `json:",omitzero"` // `reviews_per_day`: reviews per day; 0 means the default (200)

	Sources []Source `json:",omitzero"` // `[[source]]` tables: what cards cite by id

	Cards []*Card `json:",omitzero"`

	Path    string `json:",omitzero"` // file path, or "builtin:NAME.toml" for embedded decks
	Builtin bool   `json:",omitzero"` // shipped inside the binary

	groups map[string][]string // answers lent by each group, built on first use by Distractors
}

// Card is one `[[card]]` entry of a deck file. Which fields are used
// depends on Kind; the loader rejects fields that do not belong to a kind.
// The json tags are the deck cache's (MarshalCard): a card holds a few of
// its fields, and the zero ones take no room there.
type Card struct {
	ID      string   `json:",omitzero"`
	Kind    string   `json:",omitzero"`
	Tags    []string `json:",omitzero"`
	Hint    string   `json:",omitzero"`
	Explain string   `json:",omitzero"` // shown after answering
	Source  string   `json:",omitzero"` // the id of one of the deck's [[source]] tables, or (without them) free text
	Group   string   `json:",omitzero"` // cards sharing a group lend each other distractors
	GUID    string   `json:",omitzero"` // `guid`: the Anki note the card was imported from; export writes it back

	Front   string `json:",omitzero"` // basic
	Back    string `json:",omitzero"` // basic
	Reverse bool   `json:",omitzero"` // basic: also ask back → front

	Prompt string   `json:",omitzero"` // typed, choice, multi, truefalse, number, list, order
	Answer string   `json:",omitzero"` // typed, choice: the right answer
	Accept []string `json:",omitzero"` // typed, choice: other answers that count as right

	Text string `json:",omitzero"` // cloze: text with {{...}} deletions; {{answer::hint}} gives a hint

	Choices []string `json:",omitzero"` // choice: the options (answer included); multi: all options
	Answers []string `json:",omitzero"` // multi: the right options

	Truth bool `json:",omitzero"` // truefalse: whether the statement is true

	Number       float64 `json:",omitzero"` // number: the value
	Unit         string  `json:",omitzero"` // number: optional unit, e.g. "booths", "US$ million"
	Tolerance    float64 `json:",omitzero"` // number: allowed difference (0 = exact)
	TolerancePct bool    `json:",omitzero"` // number: Tolerance is a percentage of Number

	Items   []string `json:",omitzero"` // list, order: the items (for order, in the right order)
	Ordered bool     `json:",omitzero"` // list: items must be recalled in order

	Policy Policy `json:",omitzero"` // resolved: deck defaults overridden by the card's own keys

	Pos Pos `json:",omitzero"` // where the [[card]] header is
}

// Source is one `[[source]]` table: an article or book the deck's cards
// cite by id (`source = "ID"` in a card).
type Source struct {
	ID    string `json:"id"`             // `id`, unique among the deck's sources
	Title string `json:"title"`          // `title`, as a learner should see it
	Date  string `json:"date,omitempty"` // `date`: "YYYY", "YYYY-MM" or "YYYY-MM-DD", or ""
	URL   string `json:"url,omitempty"`  // `url`, or ""
}

// Label is how the source is shown to a learner: its title, with its date
// in parentheses when it has one.
func (s *Source) Label() string {
	if s.Date == "" {
		return s.Title
	}
	return s.Title + " (" + s.Date + ")"
}

// FindSource returns the deck's source with the given id, or nil.
func (d *Deck) FindSource(id string) *Source {
	for i := range d.Sources {
		if d.Sources[i].ID == id {
			return &d.Sources[i]
		}
	}
	return nil
}

// SourceLabel is how a card's source is shown to a learner: the title and
// date of the [[source]] it names, or its text as written (a deck without
// [[source]] tables).
func (d *Deck) SourceLabel(c *Card) string {
	if c.Source == "" {
		return ""
	}
	if s := d.FindSource(c.Source); s != nil {
		return s.Label()
	}
	return c.Source
}

// lazyRegexp returns a function that compiles the expression expr returns
// the first time it is called, and then returns it again: compiled at
// start-up, the package's expressions cost every command, --version
// included, about 3 ms.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
