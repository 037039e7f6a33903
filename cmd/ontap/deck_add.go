package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
)

func checkNumber(s string) error {
	if _, err := parseNumber(s); err != nil {
		return err
	}
	return nil
}

// parseNumber reads a number as a deck author types it: "300",
// "286.3", "1,000".
func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// parseTolerance reads "5" (absolute) or "5%" (a percentage).
func parseTolerance(s string) (float64, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, nil
	}
	num, pct := strings.CutSuffix(s, "%")
	v, err := parseNumber(num)
	if err != nil || v < 0 {
		return 0, false, fmt.Errorf("tolerance %q is not valid: a non-negative number, or a percentage such as 5%%", s)
	}
	return v, pct, nil
}

func checkTolerance(s string) error { _, _, err := parseTolerance(s); return err }

func checkCloze(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("required")
	}
	d := decks.CheckCard(&decks.Card{ID: "x", Kind: decks.KindCloze, Text: s}, decks.DefaultPolicy())
	if d.HasErrors() {
		return errors.New(d[0].Message)
	}
	return nil
}

// cardFlags are the fields of `deck add` given as flags.
type cardFlags struct {
	kind, id, prompt, front, back, text, unit, tolerance, hint, explain, source, group string
	answers, accept, choices, items, tags                                              []string
	reverse, ordered                                                                   bool
}

func (f *cardFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.kind, "kind", "", "the card's kind: "+strings.Join(decks.Kinds, ", "))
	fl.StringVar(&f.id, "id", "", "the card's id (default: made from its question, unique in the deck)")
	fl.StringVar(&f.prompt, "prompt", "", "the question (all kinds but basic and cloze)")
	fl.StringVar(&f.front, "front", "", "basic: the front")
	fl.StringVar(&f.back, "back", "", "basic: the back")
	fl.BoolVar(&f.reverse, "reverse", false, "basic: also ask back → front")
	fl.StringVar(&f.text, "text", "", "cloze: the text with {{deletions}}")
	fl.StringArrayVar(&f.answers, "answer", nil, "the answer (multi: repeat for each right choice; truefalse: true or false)")
	fl.StringArrayVar(&f.accept, "accept", nil, "typed, choice: another answer that counts as right (repeatable)")
	fl.StringArrayVar(&f.choices, "choice", nil, "choice, multi: an option (repeatable)")
	fl.StringArrayVar(&f.items, "item", nil, "list, order: an item (repeatable; for order, in order)")
	fl.BoolVar(&f.ordered, "ordered", false, "list: the items must be recalled in order")
	fl.StringVar(&f.unit, "unit", "", "number: the unit, e.g. booths")
	fl.StringVar(&f.tolerance, "tolerance", "", "number: allowed difference, e.g. 2 or 5%")
	fl.StringVar(&f.hint, "hint", "", "a hint shown on request")
	fl.StringVar(&f.explain, "explain", "", "shown after answering")
	fl.StringVar(&f.source, "source", "", "where the fact comes from: the id of one of the deck's [[source]] tables, or (without them) free text")
	fl.StringVar(&f.group, "group", "", "cards of a group lend each other distractors")
	fl.StringArrayVar(&f.tags, "tag", nil, "a tag (repeatable)")
}

// card builds the card from flags; a missing or misplaced field is a
// usage error.
func (f *cardFlags) card(changed func(flag string) bool) (*decks.Card, error) {
	c := &decks.Card{Kind: f.kind, Hint: f.hint, Explain: f.explain, Source: f.source, Group: f.group, Tags: f.tags}
	need := func(flag, v string) error {
		if strings.TrimSpace(v) == "" {
			return usagef("deck add: a %s card needs --%s", f.kind, flag)
		}
		return nil
	}
	one := func() (string, error) {
		if len(f.answers) != 1 {
			return "", usagef("deck add: a %s card needs one --answer, got %d", f.kind, len(f.answers))
		}
		return f.answers[0], nil
	}
	allowed := map[string][]string{
		decks.KindBasic: {"front", "back", "reverse"}, decks.KindTyped: {"prompt", "answer", "accept"},
		decks.KindCloze: {"text"}, decks.KindChoice: {"prompt", "answer", "accept", "choice"},
		decks.KindMulti: {"prompt", "choice", "answer"}, decks.KindTrueFalse: {"prompt", "answer"},
		decks.KindNumber: {"prompt", "answer", "unit", "tolerance"}, decks.KindList: {"prompt", "item", "ordered"},
		decks.KindOrder: {"prompt", "item"},
	}
	ok, known := allowed[f.kind]
	if !known {
		return nil, usagef("deck add: unknown kind %q; want one of %s", f.kind, strings.Join(decks.Kinds, ", "))
	}
	for _, name := range []string{"prompt", "front", "back", "reverse", "text", "answer", "accept", "choice", "item", "ordered", "unit", "tolerance"} {
		if changed(name) && !containsStr(ok, name) {
			return nil, usagef("deck add: --%s does not apply to a %s card", name, f.kind)
		}
	}
	var err error
	switch f.kind {
	case decks.KindBasic:
		c.Front, c.Back, c.Reverse = f.front, f.back, f.reverse
		if err = need("front", f.front); err == nil {
			err = need("back", f.back)
		}
	case decks.KindCloze:
		c.Text = f.text
		err = need("text", f.text)
	default:
		c.Prompt = f.prompt
		if err = need("prompt", f.prompt); err != nil {
			return nil, err
		}
		switch f.kind {
		case decks.KindTyped, decks.KindChoice:
			c.Accept, c.Choices = f.accept, f.choices
			c.Answer, err = one()
		case decks.KindMulti:
			c.Choices, c.Answers = f.choices, f.answers
			if len(f.answers) == 0 {
				err = usagef("deck add: a multi card needs --answer for each right choice")
			}
		case decks.KindTrueFalse:
			var a string
			if a, err = one(); err == nil {
				if c.Truth, err = strconv.ParseBool(strings.TrimSpace(a)); err != nil {
					err = usagef("invalid --answer %q: a truefalse card's answer is true or false", a)
				}
			}
		case decks.KindNumber:
			var a string
			if a, err = one(); err == nil {
				if c.Number, err = parseNumber(a); err != nil {
					return nil, usagef("invalid --answer %q: a number card's answer is a number, such as 300 or 286.3", a)
				}
				c.Unit = f.unit
				if c.Tolerance, c.TolerancePct, err = parseTolerance(f.tolerance); err != nil {
					return nil, usagef("invalid --tolerance: %v", err)
				}
			}
		case decks.KindList, decks.KindOrder:
			c.Items, c.Ordered = f.items, f.ordered
			if len(f.items) == 0 {
				err = usagef("deck add: a %s card needs --item for each item", f.kind)
			}
		}
	}
	return c, err
}

// kindLabels describe the kinds in the interactive menu.
var kindLabels = map[string]string{
	decks.KindBasic:     "basic      front and back, self-graded",
	decks.KindTyped:     "typed      a question and a typed answer",
	decks.KindCloze:     "cloze      a text with {{blanks}} to fill",
	decks.KindChoice:    "choice     one right answer among options",
	decks.KindMulti:     "multi      select all that apply",
	decks.KindTrueFalse: "truefalse  a statement, true or false",
	decks.KindNumber:    "number     a number, with a unit",
	decks.KindList:      "list       items to recall",
	decks.KindOrder:     "order      items to put in order",
}

// askCard asks for a card's kind and fields at the terminal, checking
// each as it is typed.
func askCard(a *asker) (*decks.Card, error) {
	labels := make([]string, len(decks.Kinds))
	for i, k := range decks.Kinds {
		labels[i] = kindLabels[k]
	}
	i, err := a.choose("Kind of card", labels)
	if err != nil {
		return nil, err
	}
	c := &decks.Card{Kind: decks.Kinds[i]}
	ask := func(dst *string, label string, check func(string) error) {
		if err == nil {
			*dst, err = a.line(label, "", check)
		}
	}
	switch c.Kind {
	case decks.KindBasic:
		ask(&c.Front, "Front", required)
		ask(&c.Back, "Back", required)
		if err == nil {
			var r int
			r, err = a.choose("Also ask back → front?", []string{"no", "yes"})
			c.Reverse = r == 1
		}
	case decks.KindCloze:
		ask(&c.Text, "Text, answers as {{answer}} or {{answer::hint}}", checkCloze)
	default:
		ask(&c.Prompt, "Question", required)
	}
	if err != nil {
		return nil, err
	}
	switch c.Kind {
	case decks.KindTyped:
		ask(&c.Answer, "Answer", required)
		if err == nil {
			c.Accept, err = a.list("Other accepted answer", 0, nil)
		}
	case decks.KindChoice:
		if c.Choices, err = a.list("Option", 2, nil); err == nil {
			var k int
			k, err = a.choose("Which option is right?", c.Choices)
			c.Answer = c.Choices[max(k, 0)]
		}
	case decks.KindMulti:
		if c.Choices, err = a.list("Option", 2, nil); err == nil {
			n := len(c.Choices)
			var s string
			s, err = a.line(fmt.Sprintf("Right options, by number (1-%d, e.g. 1 3)", n), "", func(s string) error {
				_, e := pickNumbers(s, n)
				return e
			})
			if err == nil {
				idx, _ := pickNumbers(s, n)
				for _, k := range idx {
					c.Answers = append(c.Answers, c.Choices[k])
				}
			}
		}
	case decks.KindTrueFalse:
		var k int
		k, err = a.choose("Is the statement true?", []string{"true", "false"})
		c.Truth = k == 0
	case decks.KindNumber:
		var s, tol string
		ask(&s, "Answer (a number)", checkNumber)
		ask(&c.Unit, "Unit (optional, e.g. booths)", nil)
		ask(&tol, "Tolerance (optional: 2, or 5%)", checkTolerance)
		if err == nil {
			c.Number, _ = parseNumber(s)
			c.Tolerance, c.TolerancePct, _ = parseTolerance(tol)
		}
	case decks.KindList, decks.KindOrder:
		what := "Item"
		if c.Kind == decks.KindOrder {
			what = "Item, in order,"
		}
		minItems := 1
		if c.Kind == decks.KindOrder {
			minItems = 2
		}
		c.Items, err = a.list(what, minItems, nil)
		if err == nil && c.Kind == decks.KindList && len(c.Items) > 1 {
			var k int
			k, err = a.choose("Must the items be recalled in order?", []string{"no", "yes"})
			c.Ordered = k == 1
		}
	}
	ask(&c.Hint, "Hint (optional)", nil)
	ask(&c.Explain, "Explanation shown after answering (optional)", nil)
	ask(&c.Source, "Source (optional)", nil)
	return c, err
}

// pickNumbers reads "1 3" or "1,3" as 0-based indexes below n.
func pickNumbers(s string, n int) ([]int, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	if len(fields) == 0 {
		return nil, errors.New("at least one")
	}
	var out []int
	seen := map[int]bool{}
	for _, f := range fields {
		k, err := strconv.Atoi(f)
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf("%q is not between 1 and %d", f, n)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k-1)
		}
	}
	return out, nil
}

// showCard prints a card the way it will be asked: each of its items,
// with its choices and answer.
func showCard(w io.Writer, c *decks.Card) {
	d := &decks.Deck{ID: "new", Cards: []*decks.Card{c}, Policy: decks.DefaultPolicy()}
	fmt.Fprintln(w, "\nThe card as it will be asked:")
	for _, it := range d.Items() {
		fmt.Fprintf(w, "\n  [%s] %s\n", it.Kind, indent(decks.Sanitize(it.Prompt)))
		switch it.Kind {
		case decks.KindChoice, decks.KindMulti:
			for k, ch := range it.Choices {
				fmt.Fprintf(w, "    %d) %s\n", k+1, decks.Sanitize(ch))
			}
		case decks.KindOrder:
			fmt.Fprintf(w, "    (the items shuffled: %s)\n", decks.Sanitize(strings.Join(it.Items, "; ")))
		}
		ans := it.Answer
		if c.Kind == decks.KindNumber && c.Unit != "" {
			ans += " " + c.Unit
		}
		fmt.Fprintf(w, "  Answer: %s\n", indent(decks.Sanitize(ans)))
		if it.Hint != "" {
			fmt.Fprintf(w, "  Hint: %s\n", decks.Sanitize(it.Hint))
		}
	}
	fmt.Fprintln(w)
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

// newCardID makes a card id from its question, unique among taken.
func newCardID(c *decks.Card, taken []string) string {
	q := c.Prompt
	switch c.Kind {
	case decks.KindBasic:
		q = c.Front
	case decks.KindCloze:
		q = strings.NewReplacer("{{", "", "}}", "").Replace(c.Text)
	}
	seen := map[string]bool{}
	for _, id := range taken {
		seen[id] = true
	}
	return decks.FreshID(decks.Slug(q, 32), "card", seen)
}

// deckAddOptions are the flags and argument of deck add.
type deckAddOptions struct {
	deck    string
	fields  cardFlags              // the card, when given as flags
	changed func(flag string) bool // whether a flag was given
}

func newDeckAddCmd(app *App) *cobra.Command {
	var opts deckAddOptions
	cmd := &cobra.Command{
		Use:   "add DECK",
		Short: "Add a card to one of your decks",
		Long: `Add appends a card to a deck file, leaving the rest of the file as it was.
At a terminal, without --kind, it asks for the kind and each field, checking
them as they are typed, and shows the card as it will be asked. Otherwise
give the card as flags, for example:

  ontap deck add mydeck --kind number --prompt "How many booths?" \
      --answer 300 --unit booths

The card gets a fresh unique id (or --id). The file must still load
afterwards, or nothing is written.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.deck, opts.changed = args[0], cmd.Flags().Changed
			return runDeckAdd(cmd.Context(), app, opts)
		},
	}
	opts.fields.register(cmd)
	return cmd
}

func runDeckAdd(ctx context.Context, app *App, opts deckAddOptions) error {
	interactive := !opts.changed("kind")
	if interactive && !app.IO.Interactive() {
		return usagef("deck add: --kind and the card's fields are required when not at a terminal")
	}
	path, err := app.deckFile(opts.deck)
	if err != nil {
		return err
	}
	data, err := readInput(ctx, path, decks.MaxFileSize)
	if err != nil {
		return err
	}
	taken, err := decks.CardIDs(data)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	var c *decks.Card
	if interactive {
		a := newAsker(app.IO)
		if c, err = askCard(a); err != nil {
			return err
		}
	} else if c, err = opts.fields.card(opts.changed); err != nil {
		return err
	}
	c.ID = opts.fields.id
	if c.ID == "" {
		c.ID = newCardID(c, taken)
	} else if containsStr(taken, c.ID) {
		return fmt.Errorf("%s: a card with id %q exists already", path, c.ID)
	}
	if diags := decks.CheckCard(c, decks.DefaultPolicy()); diags.HasErrors() {
		var msgs []string
		for _, d := range diags {
			if d.Severity == decks.SeverityError {
				msgs = append(msgs, d.Message)
			}
		}
		return fmt.Errorf("the card is not valid, nothing written: %s", decks.Sanitize(strings.Join(msgs, "; ")))
	}
	if interactive {
		showCard(app.IO.Out, c)
		k, err := newAsker(app.IO).choose("Add this card to "+filepath.Base(path)+"?", []string{"yes, add it", "no, discard it"})
		if err != nil {
			return err
		}
		if k != 0 {
			fmt.Fprintln(app.IO.Out, "Discarded; the deck is unchanged.")
			return nil
		}
	}
	out, diags, err := decks.AppendCard(path, data, c)
	if err != nil {
		return err
	}
	if err := writeFile(path, true, writeBytes(out)); err != nil {
		return err
	}
	printDiags(app, diags)
	fmt.Fprintf(app.IO.Out, "Added card %s to %s\n", c.ID, decks.Sanitize(path))
	return nil
}
