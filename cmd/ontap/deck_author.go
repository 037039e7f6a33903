package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/manifoldco/promptui"
	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/quiz/prompt"
	"github.com/ontap/ontap/quiz/term"
)

// The authoring commands: deck new, add, edit, import, export, generate.

// userDeckDir is the folder where new decks are written.
func (a *App) userDeckDir() string { return a.userDeckDirs()[0] }

// checkNewDeckID refuses an id that is not valid or that names a deck
// that exists already (built in, in a deck folder, or as a file).
func (a *App) checkNewDeckID(id string) (string, error) {
	if !decks.ValidID(id) {
		return "", usagef("deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", id)
	}
	path := filepath.Join(a.userDeckDir(), id+".toml")
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("deck %q exists already: %s", id, path)
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	if d := cat.byID[id]; d != nil {
		where := d.Path
		if d.Builtin {
			where = "a built-in deck"
		}
		return "", fmt.Errorf("deck %q exists already (%s); choose another id", id, where)
	}
	return path, nil
}

// writeOut writes data to --out (refusing to replace a file without
// --force) or, when out is "", to standard output. To a terminal, data
// goes through the sanitiser (isJSON: as JSON escapes, which keep its
// meaning); to a file or a pipe it is written exactly.
func writeOut(app *App, out string, force bool, data []byte, isJSON bool) error {
	if out == "" || out == "-" {
		var err error
		switch {
		case !app.IO.StdoutTTY:
			_, err = app.IO.Out.Write(data)
		case isJSON:
			_, err = safetext.JSONWriter(app.IO.Out).Write(data)
		default:
			_, err = io.WriteString(app.IO.Out, safetext.Sanitize(string(data)))
		}
		return err
	}
	if !force {
		return writeNewFile(out, data)
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", out)
	}
	return writeFile(out, true, writeBytes(data))
}

// printDiags prints diagnostics (warnings, usually) on stderr.
func printDiags(app *App, diags decks.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(app.IO.ErrOut, d.String())
	}
}

// asker asks questions with promptui on the terminal.
type asker struct {
	io  *term.IO
	in  io.ReadCloser
	out io.WriteCloser
}

func newAsker(t *term.IO) *asker {
	in, ok := t.In.(io.ReadCloser)
	if !ok {
		in = io.NopCloser(t.In)
	}
	return &asker{io: t, in: in, out: &bellFilter{w: t.Out}}
}

// bellFilter drops the BEL promptui's line editor writes on some keys.
type bellFilter struct{ w io.Writer }

func (b *bellFilter) Write(p []byte) (int, error) {
	if !bytes.ContainsRune(p, '\a') {
		return b.w.Write(p)
	}
	if _, err := b.w.Write(bytes.ReplaceAll(p, []byte("\a"), nil)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (b *bellFilter) Close() error { return nil }

func askErr(err error) error {
	switch {
	case errors.Is(err, promptui.ErrInterrupt):
		return quiz.ErrInterrupted
	case errors.Is(err, quiz.ErrInterrupted):
		return quiz.ErrInterrupted
	case errors.Is(err, promptui.ErrEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("input ended; nothing written")
	}
	return err
}

// line asks for one line of text, starting from def; check runs on Enter
// and, while it fails, its reason is shown and the line asked again with
// the text kept (quiz/prompt.LineChecked: no live validation, so nothing
// is drawn in red before anything is typed, nor left after Ctrl-D).
func (a *asker) line(label, def string, check func(string) error) (string, error) {
	trimmed := func(s string) error {
		if check == nil {
			return nil
		}
		return check(strings.TrimSpace(s))
	}
	s, err := prompt.LineChecked(a.in, a.out, label, def, a.io.Color, a.io.Width(), trimmed)
	return strings.TrimSpace(s), askErr(err)
}

// choose asks to pick one of items and returns its index.
func (a *asker) choose(label string, items []string) (int, error) {
	s := promptui.Select{Label: label, Items: items, Size: min(len(items), 12), Stdin: a.in, Stdout: a.out}
	// Once chosen, the menu becomes "label: item" (no ✔ glyph left).
	sel := strings.NewReplacer("{", "(", "}", ")").Replace(label) + ": {{ . }}"
	s.Templates = &promptui.SelectTemplates{Label: "{{ . }}", Active: "> {{ . }}", Inactive: "  {{ . }}",
		Selected: sel, Help: "(arrows to move, Enter to choose)"}
	if a.io.Color {
		s.Templates.Label, s.Templates.Active = "{{ . | bold }}", "{{ \"›\" | cyan }} {{ . | cyan }}"
	}
	i, _, err := s.Run()
	return i, askErr(err)
}

// list asks for items one per line until an empty line.
func (a *asker) list(what string, min int, check func(string) error) ([]string, error) {
	var out []string
	for {
		label := fmt.Sprintf("%s %d", what, len(out)+1)
		if len(out) >= min {
			label += " (empty to finish)"
		}
		n := len(out)
		s, err := a.line(label, "", func(s string) error {
			if strings.TrimSpace(s) == "" {
				if n < min {
					return fmt.Errorf("at least %d needed", min)
				}
				return nil
			}
			for _, o := range out {
				if strings.EqualFold(o, strings.TrimSpace(s)) {
					return fmt.Errorf("already listed")
				}
			}
			if check != nil {
				return check(s)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if s == "" {
			return out, nil
		}
		out = append(out, s)
	}
}

func required(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("required")
	}
	return nil
}

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

func newDeckNewCmd(app *App) *cobra.Command {
	var title, description string
	cmd := &cobra.Command{
		Use:   "new ID",
		Short: "Create a new deck file in your deck folder",
		Long: `New writes <data-dir>/decks/ID.toml with a title, a description and a
commented example card of each kind. At a terminal it asks for the title
and description; otherwise give --title (and --description). It never
overwrites a file or reuses the id of an existing deck.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := app.checkNewDeckID(args[0])
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("title") {
				if !app.IO.Interactive() {
					return usagef("deck new: --title is required when not at a terminal")
				}
				a := newAsker(app.IO)
				if title, err = a.line("Title", "", required); err != nil {
					return err
				}
				if !cmd.Flags().Changed("description") {
					if description, err = a.line("Description (optional)", "", nil); err != nil {
						return err
					}
				}
			}
			title, description = strings.TrimSpace(title), strings.TrimSpace(description)
			if title == "" {
				return usagef("deck new: the title must not be empty")
			}
			if err := writeNewFile(path, decks.NewDeckFile(args[0], title, description)); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "Created %s\nAdd cards with: ontap deck add %s\n", decks.Sanitize(path), decks.Sanitize(args[0]))
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the deck's title")
	cmd.Flags().StringVar(&description, "description", "", "a sentence or two about the deck")
	return cmd
}

// deckFile finds the file of a deck the user may change: a path, or the
// id of a deck in a deck folder (loaded or not: a new deck without cards
// does not load).
func (a *App) deckFile(arg string) (string, error) {
	if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
		if _, err := os.Stat(arg); err != nil {
			return "", fmt.Errorf("cannot read deck %s: %v", arg, unwrapPath(err))
		}
		return arg, nil
	}
	for _, dir := range a.userDeckDirs() {
		p := filepath.Join(dir, arg+".toml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	cat, err := a.loadCatalog()
	if err != nil {
		return "", err
	}
	d := cat.byID[arg]
	switch {
	case d == nil:
		return "", fmt.Errorf("unknown deck %q: no file %s; known decks: %s", arg,
			filepath.Join(a.userDeckDir(), arg+".toml"), strings.Join(cat.ids(), ", "))
	case d.Builtin:
		return "", fmt.Errorf("deck %q is built in and cannot be changed; make your own copy with: ontap deck export %s --out FILE.toml", arg, arg)
	}
	return d.Path, nil
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
func (f *cardFlags) card(cmd *cobra.Command) (*decks.Card, error) {
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
		if cmd.Flags().Changed(name) && !containsStr(ok, name) {
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
					err = fmt.Errorf("--answer %q: a truefalse card's answer is true or false", a)
				}
			}
		case decks.KindNumber:
			var a string
			if a, err = one(); err == nil {
				if c.Number, err = parseNumber(a); err == nil {
					c.Unit = f.unit
					c.Tolerance, c.TolerancePct, err = parseTolerance(f.tolerance)
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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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

func newDeckAddCmd(app *App) *cobra.Command {
	var f cardFlags
	cmd := &cobra.Command{
		Use:   "add DECK",
		Short: "Add a card to one of your decks",
		Long: `Add appends a card to a deck file, leaving the rest of the file as it was.
At a terminal, without --kind, it asks for the kind and each field, checking
them as they are typed, and shows the card as it will be asked. Otherwise
give the card as flags, for example:

  ontap deck add mydeck --kind number --prompt "How many booths?" --answer 300 --unit booths

The card gets a fresh unique id (or --id). The file must still load
afterwards, or nothing is written.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			interactive := !cmd.Flags().Changed("kind")
			if interactive && !app.IO.Interactive() {
				return usagef("deck add: --kind and the card's fields are required when not at a terminal")
			}
			path, err := app.deckFile(args[0])
			if err != nil {
				return err
			}
			data, err := readInput(cmd.Context(), path, decks.MaxFileSize)
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
			} else if c, err = f.card(cmd); err != nil {
				return err
			}
			c.ID = f.id
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
		},
	}
	f.register(cmd)
	return cmd
}

func newDeckEditCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "edit DECK",
		Short: "Edit one of your decks in $VISUAL or $EDITOR, then check it",
		Long: `Edit opens a copy of the deck file in $VISUAL, $EDITOR or vi. When the editor
exits the copy is checked: if it loads, it replaces the deck file; if not,
the problems are shown with their positions in the copy and, at a terminal,
you may reopen it (as crontab -e does) or discard your edits. The deck file
itself is never left broken, and the copy (in a private temporary folder,
never in your deck folder) is removed however the command ends.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := app.deckFile(args[0])
			if err != nil {
				return err
			}
			orig, err := readInput(cmd.Context(), path, decks.MaxFileSize)
			if err != nil {
				return err
			}
			editor := app.Getenv("VISUAL")
			if editor == "" {
				editor = app.Getenv("EDITOR")
			}
			if editor == "" {
				editor = "vi"
			}
			// The copy has the deck file's name (editors and the deck id go
			// by it) in a folder of its own, outside the deck folders.
			dir, err := os.MkdirTemp("", "ontap-edit-")
			if err != nil {
				return fmt.Errorf("cannot make a copy of %s to edit: %v", path, unwrapPath(err))
			}
			defer os.RemoveAll(dir)
			tmp := filepath.Join(dir, filepath.Base(path))
			if err := os.WriteFile(tmp, orig, 0o600); err != nil {
				return fmt.Errorf("cannot make a copy of %s to edit: %v", path, unwrapPath(err))
			}
			for {
				if err := runEditor(app, editor, tmp); err != nil {
					return fmt.Errorf("editor %q failed: %v; %s is unchanged", editor, err, path)
				}
				edited, err := readInput(cmd.Context(), tmp, decks.MaxFileSize)
				if err != nil {
					return fmt.Errorf("the edited copy: %w", err)
				}
				if bytes.Equal(edited, orig) {
					fmt.Fprintf(app.IO.ErrOut, "No changes to %s\n", decks.Sanitize(path))
					return nil
				}
				// The diagnostics name the copy: their lines are the copy's,
				// as the editor shows it, not the deck file's.
				_, diags := decks.Parse(tmp, edited)
				if !diags.HasErrors() {
					printDiags(app, diags)
					if err := writeFile(path, true, writeBytes(edited)); err != nil {
						return err
					}
					fmt.Fprintf(app.IO.ErrOut, "Saved %s\n", decks.Sanitize(path))
					return nil
				}
				fmt.Fprintf(app.IO.ErrOut, "Your edits have errors; %s is unchanged:\n", decks.Sanitize(path))
				for _, d := range diags {
					fmt.Fprintln(app.IO.Out, d.String())
				}
				if app.IO.Interactive() {
					k, err := newAsker(app.IO).choose("The deck has errors and was not saved", []string{"reopen the editor", "discard my edits"})
					if err != nil {
						return err
					}
					if k == 0 {
						continue
					}
				}
				fmt.Fprintf(app.IO.ErrOut, "ontap: %s has errors; it was not saved and your edits were discarded\n", decks.Sanitize(path))
				return &silentError{code: exitFailure}
			}
		},
	}
}

// runEditor runs editor (a shell command, as $EDITOR is) on file, with the
// terminal. An interrupt is the editor's (Ctrl-C in vi cancels a command,
// not the edit): ontap waits for it. A termination is passed on.
func runEditor(app *App, editor, file string) error {
	ed := exec.Command("sh", "-c", editor+` "$1"`, "sh", file)
	ed.Stdin, ed.Stdout, ed.Stderr = app.IO.In, app.IO.Out, app.IO.ErrOut
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	defer signal.Stop(term)
	if err := ed.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- ed.Wait() }()
	select {
	case err := <-done:
		return err
	case <-term:
		ed.Process.Signal(syscall.SIGTERM)
		<-done
		return errors.New("terminated")
	}
}

func newDeckImportCmd(app *App) *cobra.Command {
	var opt decks.ImportOptions
	var noHistory bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Make decks from an Anki package (.apkg, .colpkg), CSV or TSV",
		Long: `Import reads a CSV or TSV file of notes and writes a new deck of basic cards
into your deck folder: Anki's "Notes in Plain Text" export (with its
#separator:, #html:, #tags column: header lines), Quizlet's exports (term and
definition separated by a tab or a comma), or any file with a front and a
back column. HTML in fields becomes plain text; Anki cloze notes become cloze
cards, "Basic (and reversed card)" notes basic cards with reverse = true. The
title is Anki's #deck: header or #deck column:, and Anki's guids are kept
(guid = "..." in each card), so that deck export writes them back and Anki
updates its notes instead of adding copies. --front, --back and --tags choose
columns by number (from 1).

An Anki package (FILE.apkg, or a whole collection FILE.colpkg, from any Anki
version) becomes one deck per Anki deck, with its review history: each
revlog row (learn, review, relearn, or review in a filtered deck) is added
to your review log (answers less than 30 minutes apart make one session)
and every card's state is rebuilt from it, so the next study asks what Anki
would have asked. Basic, Basic (and reversed card),
Basic (optional reversed card), Basic (type in the answer), Cloze, and note
types of the same shapes (one field on the question side) are imported;
other note types are listed with their number of notes. Images and sounds
cannot be shown in a terminal: each card's explanation lists its files.
Card ids come from the notes' guids, so importing a newer package of the
same decks updates them (an imported deck file is replaced) and adds only
the reviews not yet in the log. A package that is damaged, too large (over
1 GiB, a collection over 1 GiB uncompressed or 200 times its compressed
size, over 500,000 notes or 5,000,000 reviews), or names media files with a
path is refused, and nothing is changed.
--deck and --title rename a package's only deck; --no-history leaves the
review log alone.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if isAnkiPackage(args[0]) {
				for _, name := range []string{"format", "front", "back", "tags"} {
					if cmd.Flags().Changed(name) {
						return usagef("deck import: --%s is for CSV and TSV files, not Anki packages", name)
					}
				}
				if opt.DeckID != "" && !decks.ValidID(opt.DeckID) {
					return usagef("deck import: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opt.DeckID)
				}
				return importAnkiPackage(cmd.Context(), app, args[0], ankiImportOptions{deckID: opt.DeckID, title: opt.Title, noHistory: noHistory})
			}
			if noHistory {
				return usagef("deck import: --no-history is for Anki packages (.apkg, .colpkg)")
			}
			if opt.DeckID != "" && !decks.ValidID(opt.DeckID) {
				return usagef("deck import: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opt.DeckID)
			}
			for _, c := range []struct {
				name string
				v    int
			}{{"front", opt.Front}, {"back", opt.Back}, {"tags", opt.Tags}} {
				if c.v < 0 {
					return usagef("deck import: --%s must be a column number from 1, not %d", c.name, c.v)
				}
			}
			data, err := readInput(cmd.Context(), args[0], decks.MaxFileSize)
			if err != nil {
				return err
			}
			d, err := decks.ImportCards(args[0], data, opt)
			if err != nil {
				return err
			}
			path, err := app.checkNewDeckID(d.ID)
			if err != nil {
				return err
			}
			out, err := decks.FormatDeck(d, d.ID)
			if err != nil {
				return err
			}
			out = append([]byte(fmt.Sprintf("# Imported from %s by ontap deck import.\n\n", filepath.Base(args[0]))), out...)
			_, diags := decks.Parse(path, out)
			if diags.HasErrors() {
				return fmt.Errorf("the imported deck would not load; nothing written:\n%v", diags)
			}
			if err := writeNewFile(path, out); err != nil {
				return err
			}
			printDiags(app, diags)
			fmt.Fprintf(app.IO.Out, "Imported %d cards into deck %s: %s\n", len(d.Cards), d.ID, decks.Sanitize(path))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opt.Format, "format", "", "csv or tsv (default: from the file's header, extension or first line)")
	fl.StringVar(&opt.DeckID, "deck", "", "the new deck's id (default: from the file name)")
	fl.StringVar(&opt.Title, "title", "", "the new deck's title (default: Anki's #deck: header, or the file name)")
	fl.IntVar(&opt.Front, "front", 0, "the column of the front (from 1)")
	fl.IntVar(&opt.Back, "back", 0, "the column of the back (from 1)")
	fl.IntVar(&opt.Tags, "tags", 0, "the column of the tags, separated by spaces (from 1)")
	fl.BoolVar(&noHistory, "no-history", false, "Anki packages: import the cards only, not the review history")
	return cmd
}

func newDeckExportCmd(app *App) *cobra.Command {
	var format, out string
	var force, withHistory bool
	formats := append(append([]string(nil), decks.ExportFormats...), "apkg")
	cmd := &cobra.Command{
		Use:   "export DECK",
		Short: "Write a deck as TOML, an Anki package, CSV, TSV or JSON",
		Long: `Export writes a deck: tsv and csv are notes Anki imports (with Anki's header
lines, the cards' guids and note types: Basic, Basic (and reversed card), Cloze;
ontap deck import reads them back), json is the deck and
its cards for scripts, toml is the deck format (a copy you can edit). The
output goes to standard output, or to --out FILE, which is never overwritten
without --force. The default format is toml.

apkg is an Anki package (legacy schema 11, which every Anki version and
AnkiDroid import; it needs --out FILE.apkg): basic cards become Basic notes
(with their reverse, Basic (and reversed card)), typed cards "type in the
answer" notes, cloze cards Cloze notes (the Nth blank is cN), and every other
card one Basic note per question, as csv writes them. Note guids are
"ontap:DECK/CARD", so Anki updates the notes when a newer export is
imported. --with-history adds the deck's review history (the revlog) and
each card's scheduling, so Anki goes on where ontap stopped.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !containsStr(formats, format) {
				return usagef("deck export: unknown --format %q: want one of %s", format, strings.Join(formats, ", "))
			}
			if withHistory && format != "apkg" {
				return usagef("deck export: --with-history is for --format apkg")
			}
			if format == "apkg" && (out == "" || out == "-") {
				return usagef("deck export: --format apkg writes a zip file: give --out FILE.apkg")
			}
			if out != "" && out != "-" && !force {
				if _, err := os.Lstat(out); err == nil {
					return fmt.Errorf("%s exists already; not overwritten (use --force)", out)
				}
			}
			cat, err := app.loadCatalog()
			if err != nil {
				return err
			}
			ds, err := cat.resolve(args)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "apkg" {
				data, err := exportAnkiPackage(cmd.Context(), app, ds[0], withHistory)
				if err != nil {
					return err
				}
				buf.Write(data)
			} else if err := decks.ExportDeck(&buf, ds[0], format); err != nil {
				return err
			}
			if err := writeOut(app, out, force, buf.Bytes(), format == "json"); err != nil {
				return err
			}
			if out != "" && out != "-" {
				fmt.Fprintf(app.IO.ErrOut, "Exported deck %s (%d cards) to %s\n", ds[0].ID, len(ds[0].Cards), decks.Sanitize(out))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "toml", "toml, csv, tsv, json or apkg")
	cmd.Flags().BoolVar(&withHistory, "with-history", false, "apkg: include the deck's review history and scheduling")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to FILE instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
	return cmd
}

func newDeckGenerateCmd(app *App) *cobra.Command {
	var opt decks.GenerateOptions
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "generate ARTICLE.txt",
		Short: "Draft a deck from an article, for you to review",
		Long: `Generate drafts a deck from an article's plain text: sentences with years
become year cards, sentences with figures (counts, money, percentages) number
cards with their unit, and names of people, places and organisations, and
quoted phrases, cloze cards. Each card keeps its sentence in source. The draft
goes to your deck folder as <id>.toml (never replacing a deck), or to --out.
It is marked draft = true: listed, but not studied until you have checked it
(ontap deck show ID, ontap deck edit ID) and accepted it (ontap deck accept ID).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.DeckID != "" && !decks.ValidID(opt.DeckID) {
				return usagef("deck generate: deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", opt.DeckID)
			}
			data, err := readInput(cmd.Context(), args[0], decks.MaxFileSize)
			if err != nil {
				return err
			}
			if bytes.IndexByte(data, 0) >= 0 {
				return fmt.Errorf("%s is not a text file", args[0])
			}
			d, err := decks.Generate(args[0], string(data), opt)
			if err != nil {
				return err
			}
			path := out
			if path == "" {
				if path, err = app.checkNewDeckID(d.ID); err != nil {
					return err
				}
			} else if !force {
				if _, err := os.Lstat(path); err == nil {
					return fmt.Errorf("%s exists already; not overwritten (use --force)", path)
				}
			}
			fileID := strings.TrimSuffix(filepath.Base(path), ".toml")
			text, err := decks.FormatDeck(d, fileID)
			if err != nil {
				return err
			}
			text = append([]byte(fmt.Sprintf("# A draft made by ontap deck generate from %s.\n"+
				"# Check every card against the article, fix or delete it, then accept the\n"+
				"# deck (ontap deck accept %s, or delete the draft = true line): a draft\n"+
				"# is not studied.\n\n",
				decks.Sanitize(filepath.Base(args[0])), d.ID)), text...)
			if _, diags := decks.Parse(path, text); len(diags) > 0 {
				return fmt.Errorf("the draft does not load cleanly; nothing written:\n%v", diags)
			}
			if err := writeOut(app, path, force, text, false); err != nil {
				return err
			}
			counts := map[string]int{}
			for _, c := range d.Cards {
				counts[c.Kind]++
			}
			fmt.Fprintf(app.IO.Out, "Drafted %d cards (%d number, %d cloze) from %s into %s\n",
				len(d.Cards), counts[decks.KindNumber], counts[decks.KindCloze], decks.Sanitize(args[0]), decks.Sanitize(path))
			fmt.Fprintf(app.IO.Out, "Check them, then accept the draft to study it: ontap deck accept %s\n", d.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.DeckID, "deck", "", "the deck's id (default: from the article's file name)")
	cmd.Flags().StringVar(&opt.Title, "title", "", "the deck's title (default: the article's headline)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to FILE instead of your deck folder")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite --out if it exists")
	return cmd
}
