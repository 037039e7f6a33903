package decks

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"
)

// QuoteString writes s as a TOML string: a basic string with `"`, `\` and
// control characters escaped, or, when s spans lines, a multi-line basic
// string ("""...""") in which the same characters are escaped, so that the
// text cannot close the string early. Invalid UTF-8 is replaced by U+FFFD
// (a TOML file must be valid UTF-8).
func QuoteString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if multi {
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' && multi:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// quoteList writes a TOML array of strings on one line.
func quoteList(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = QuoteString(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// formatTOMLNumber writes v as a TOML number that reads back as v:
// integers as integers while they are exact in a float64, others as
// floats with as few digits as needed.
func formatTOMLNumber(v float64) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", fmt.Errorf("number %v cannot be written in a deck", v)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatInt(int64(v), 10), nil
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s, nil
}

// FormatCard writes a card as a `[[card]]` table in the deck format, with
// only the keys its kind uses. base is the deck's policy: the card's
// case, accents and typos keys are written only where it differs. The
// text ends with a newline.
func FormatCard(c *Card, base Policy) (string, error) {
	var b strings.Builder
	b.WriteString("[[card]]\n")
	str := func(key, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", key, QuoteString(v))
		}
	}
	list := func(key string, v []string) {
		if len(v) > 0 {
			fmt.Fprintf(&b, "%s = %s\n", key, quoteList(v))
		}
	}
	str("id", c.ID)
	str("kind", c.Kind)
	switch c.Kind {
	case KindBasic:
		str("front", c.Front)
		str("back", c.Back)
		if c.Reverse {
			b.WriteString("reverse = true\n")
		}
	case KindTyped, KindChoice:
		str("prompt", c.Prompt)
		str("answer", c.Answer)
		list("accept", c.Accept)
		if c.Kind == KindChoice {
			list("choices", c.Choices)
		}
	case KindCloze:
		str("text", c.Text)
	case KindMulti:
		str("prompt", c.Prompt)
		list("choices", c.Choices)
		list("answers", c.Answers)
	case KindTrueFalse:
		str("prompt", c.Prompt)
		fmt.Fprintf(&b, "answer = %t\n", c.Truth)
	case KindNumber:
		str("prompt", c.Prompt)
		n, err := formatTOMLNumber(c.Number)
		if err != nil {
			return "", fmt.Errorf("card %q: %v", c.ID, err)
		}
		fmt.Fprintf(&b, "answer = %s\n", n)
		str("unit", c.Unit)
		if c.TolerancePct {
			fmt.Fprintf(&b, "tolerance = %s\n", QuoteString(FormatNumber(c.Tolerance)+"%"))
		} else if c.Tolerance != 0 {
			t, err := formatTOMLNumber(c.Tolerance)
			if err != nil {
				return "", fmt.Errorf("card %q: tolerance: %v", c.ID, err)
			}
			fmt.Fprintf(&b, "tolerance = %s\n", t)
		}
	case KindList, KindOrder:
		str("prompt", c.Prompt)
		list("items", c.Items)
		if c.Kind == KindList && c.Ordered {
			b.WriteString("ordered = true\n")
		}
	default:
		return "", fmt.Errorf("card %q: unknown kind %q", c.ID, c.Kind)
	}
	str("hint", c.Hint)
	str("explain", c.Explain)
	str("source", c.Source)
	str("group", c.Group)
	list("tags", c.Tags)
	str("guid", c.GUID)
	writePolicy(&b, c.Policy, base)
	return b.String(), nil
}

// writePolicy writes the answer-checking keys of p that differ from base.
func writePolicy(b *strings.Builder, p, base Policy) {
	if p.CaseSensitive != base.CaseSensitive {
		fmt.Fprintf(b, "case = %q\n", map[bool]string{true: "exact", false: "ignore"}[p.CaseSensitive])
	}
	if p.Accents != "" && p.Accents != base.Accents {
		fmt.Fprintf(b, "accents = %q\n", p.Accents)
	}
	if p.Typos != base.Typos {
		fmt.Fprintf(b, "typos = %t\n", p.Typos)
	}
	if p.Strict != base.Strict {
		fmt.Fprintf(b, "strict = %t\n", p.Strict)
	}
}

// FormatDeck writes a whole deck in the deck format: the [deck] table,
// then one [[card]] table per card, separated by blank lines. The deck's
// id is written only when it differs from the one its file name gives
// (fileID; pass "" to always write it).
func FormatDeck(d *Deck, fileID string) ([]byte, error) {
	var b strings.Builder
	b.WriteString("[deck]\n")
	if d.ID != "" && d.ID != fileID {
		fmt.Fprintf(&b, "id = %s\n", QuoteString(d.ID))
	}
	fmt.Fprintf(&b, "title = %s\n", QuoteString(d.Title))
	if d.Description != "" {
		fmt.Fprintf(&b, "description = %s\n", QuoteString(d.Description))
	}
	if d.Source != "" {
		fmt.Fprintf(&b, "source = %s\n", QuoteString(d.Source))
	}
	if len(d.Tags) > 0 {
		fmt.Fprintf(&b, "tags = %s\n", quoteList(d.Tags))
	}
	if d.Retention != 0 {
		r, err := formatTOMLNumber(d.Retention)
		if err != nil {
			return nil, fmt.Errorf("deck retention: %v", err)
		}
		if !strings.ContainsAny(r, ".e") {
			r += ".0"
		}
		fmt.Fprintf(&b, "retention = %s\n", r)
	}
	if d.Scheduler != "" {
		fmt.Fprintf(&b, "scheduler = %s\n", QuoteString(d.Scheduler))
	}
	if d.NewPerDay != 0 {
		fmt.Fprintf(&b, "new_per_day = %d\n", d.NewPerDay)
	}
	if d.ReviewsPerDay != 0 {
		fmt.Fprintf(&b, "reviews_per_day = %d\n", d.ReviewsPerDay)
	}
	writePolicy(&b, d.Policy, DefaultPolicy())
	if d.Draft {
		b.WriteString("draft = true\n")
	}
	for _, s := range d.Sources {
		fmt.Fprintf(&b, "\n[[source]]\nid = %s\ntitle = %s\n", QuoteString(s.ID), QuoteString(s.Title))
		if s.Date != "" {
			fmt.Fprintf(&b, "date = %s\n", QuoteString(s.Date))
		}
		if s.URL != "" {
			fmt.Fprintf(&b, "url = %s\n", QuoteString(s.URL))
		}
	}
	for _, c := range d.Cards {
		s, err := FormatCard(c, d.Policy)
		if err != nil {
			return nil, err
		}
		b.WriteString("\n")
		b.WriteString(s)
	}
	return []byte(b.String()), nil
}

// NewDeckFile is the text of a new deck file: the [deck] table with the
// given title and description, and a commented example card of each kind
// to copy from. It has no cards yet, and loads as an empty deck.
func NewDeckFile(id, title, description string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Deck %s, in the ontap deck format (see `ontap help deck-format`).\n", id)
	b.WriteString("# Add cards with `ontap deck add " + id + "`, or by hand below: uncomment an\n")
	b.WriteString("# example, give it a unique id, and check the file with `ontap deck lint`.\n\n")
	b.WriteString("[deck]\n")
	fmt.Fprintf(&b, "title = %s\n", QuoteString(title))
	if description != "" {
		fmt.Fprintf(&b, "description = %s\n", QuoteString(description))
	}
	b.WriteString(exampleCards)
	return []byte(b.String())
}

// exampleCards shows one card of each kind, commented out.
const exampleCards = `
# --- Examples, one of each kind -------------------------------------------
#
# [[card]]
# id = "capital"
# kind = "basic"                 # front and back, self-graded
# front = "The capital of Vietnam"
# back = "Hà Nội"
# reverse = true                 # also ask back -> front
#
# [[card]]
# id = "law-year"
# kind = "typed"                 # a typed answer
# prompt = "Which law makes defense diplomacy a basic content of national defense?"
# answer = "the Law on National Defense"
# accept = ["Law on National Defense"]
#
# [[card]]
# id = "born"
# kind = "cloze"                 # fill in the blanks: {{answer}} or {{answer::hint}}
# text = "Vietnam gained independence in {{1945::a year}}."
#
# [[card]]
# id = "expo-city"
# kind = "choice"                # one right answer among choices (or a group)
# prompt = "Where was the 2024 international defense exhibition held?"
# answer = "Hanoi"
# choices = ["Hanoi", "Da Nang", "Ho Chi Minh City"]
#
# [[card]]
# id = "nos"
# kind = "multi"                 # select all that apply
# prompt = "Which of these are among the \"four no's\"?"
# choices = ["no military alliances", "no foreign military bases", "no defense exports"]
# answers = ["no military alliances", "no foreign military bases"]
#
# [[card]]
# id = "alliances"
# kind = "truefalse"             # a statement; answer is true or false
# prompt = "Vietnam takes part in military alliances."
# answer = false
#
# [[card]]
# id = "contracts"
# kind = "number"                # a number, with optional unit and tolerance
# prompt = "How many contracts were signed at the 2024 exhibition?"
# answer = 16
# unit = "contracts"
# tolerance = 0                  # or a percentage: "5%"
#
# [[card]]
# id = "services"
# kind = "list"                  # items to recall; ordered = true for order
# prompt = "Name the four no's."
# items = ["no military alliances", "no siding with one country against another", "no foreign military bases", "no use or threat of force"]
#
# [[card]]
# id = "campaigns"
# kind = "order"                 # items to put in order, written in order
# prompt = "Put these campaigns in order."
# items = ["Shiwandashan Campaign", "Border Campaign", "Dien Bien Phu Campaign"]
`

// CardIDs returns the ids of the cards written in a deck file, in file
// order, even when the file does not load (a new deck without cards, or
// one with other errors): it only needs to be TOML. It is how a fresh id
// is chosen for a card appended to a file.
func CardIDs(data []byte) ([]string, error) {
	var doc struct {
		Card []map[string]any `toml:"card"`
	}
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("not a TOML file: %v", err)
	}
	var ids []string
	for _, c := range doc.Card {
		if id, ok := c["id"].(string); ok {
			ids = append(ids, strings.TrimSpace(id))
		}
	}
	return ids, nil
}

var slugDrop = lazyRegexp(`[^a-z0-9]+`)

// Slug turns text into an id: ASCII lower-case letters and digits joined
// by '-', accents removed (Vietnamese đ becomes d), at most max bytes,
// cut at a word boundary where possible. It returns "" when nothing is
// left.
func Slug(text string, max int) string {
	s := strings.ToLower(foldAccents(text))
	s = strings.Trim(slugDrop().ReplaceAllString(s, "-"), "-")
	if max > 0 && len(s) > max {
		cut := strings.LastIndexByte(s[:max+1], '-')
		if cut <= 0 {
			cut = max
		}
		s = strings.Trim(s[:cut], "-")
	}
	return s
}

// FreshID returns base if it is a valid id not in taken, or base with the
// smallest suffix -2, -3... that makes it so. An invalid or empty base is
// replaced by fallback. taken is not changed.
func FreshID(base, fallback string, taken map[string]bool) string {
	if !ValidID(base) {
		base = fallback
	}
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		id := base + "-" + strconv.Itoa(n)
		if !taken[id] {
			return id
		}
	}
}

// AppendCard appends card c to the text of a deck file as a new `[[card]]`
// table, leaving every byte before it as it was, and parses the result.
// It fails, returning no data, when the card cannot be written or the
// file would not load afterwards (the diagnostics say why). Warnings come
// back with the new text. A card whose Policy is the zero value takes the
// deck's answer-checking policy (and writes no case, accents or typos).
func AppendCard(path string, data []byte, c *Card) ([]byte, Diagnostics, error) {
	base := DefaultPolicy()
	d, before := Parse(path, data)
	if d != nil {
		base = d.Policy
	} else {
		errs := before.errors()
		return nil, errs, fmt.Errorf("%s has errors; fix them first (ontap deck edit):\n%v", path, errs)
	}
	text, err := FormatCard(inherit(c, base), base)
	if err != nil {
		return nil, nil, err
	}
	out := slices.Clip(data)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, '\n')
	out = append(out, text...)
	_, diags := Parse(path, out)
	if diags.HasErrors() {
		return nil, diags, fmt.Errorf("%s would not load with the new card:\n%v", path, diags)
	}
	return out, diags, nil
}

// inherit returns c, or a copy of it with policy base when its own
// Policy is the zero value.
func inherit(c *Card, base Policy) *Card {
	if c.Policy != (Policy{}) {
		return c
	}
	cc := *c
	cc.Policy = base
	return &cc
}

// CheckCard validates one card on its own, as the loader would inside a
// deck with the given policy (which a card with a zero Policy takes), and
// returns what it finds (positions are those of a scratch file and are
// cleared). A choice card drawing its
// options from a group cannot be checked alone: its group is not.
func CheckCard(c *Card, base Policy) Diagnostics {
	text, err := FormatCard(inherit(c, base), base)
	if err != nil {
		return Diagnostics{{Severity: SeverityError, Message: err.Error()}}
	}
	var b strings.Builder
	b.WriteString("[deck]\ntitle = \"check\"\n")
	writePolicy(&b, base, DefaultPolicy())
	b.WriteString(text)
	if c.Kind == KindChoice && len(c.Choices) == 0 && c.Group != "" {
		// Give the group a second member so that it lends a distractor.
		fmt.Fprintf(&b, "\n[[card]]\nid = %s\nkind = \"typed\"\nprompt = \"p\"\nanswer = %s\ngroup = %s\n",
			QuoteString(c.ID+"-check"), QuoteString(c.Answer+" (other)"), QuoteString(c.Group))
	}
	_, diags := Parse("card", []byte(b.String()))
	for i := range diags {
		diags[i].Path, diags[i].Pos = "", Pos{}
		diags[i].Message = strings.TrimPrefix(diags[i].Message, "card "+quote(c.ID)+": ")
	}
	return diags
}

// foldAccents removes accents and other combining marks, and turns
// Vietnamese đ and Đ into d and D.
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
