package decks

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GenerateOptions names the deck Generate drafts.
type GenerateOptions struct {
	DeckID string // default: from the article's file name
	Title  string // default: the article's headline, or its first words
}

// Sentence is one sentence of an article, with the line it is on.
type Sentence struct {
	Text string
	Line int
}

// Blank is what replaces the answer in the prompt of a drafted card.
const Blank = "____"

// Generate drafts a deck from an article's text, for its author to
// review (the deck is marked Draft): a sentence with a year becomes a number card asking for the
// year; a sentence with a figure (a count of something, an amount of
// money, a percentage) a number card with its unit; and a sentence with
// names of people, places and organisations, or a short quoted phrase, a
// cloze card with up to four of them blanked. The article is the deck's
// one [[source]] (titled by its headline, else its first words; dated by
// a leading "date YYYY-MM-DD" line), which every card cites; a number
// card explains itself with its sentence. Every card passes the loader
// without a warning. name is the article's file name, used for the deck
// id, title and sources.
//
// The heuristics are for English text: a year is four digits from 1000
// to 2099 not part of a name ("Expo 2022") or a date; a count is a
// number followed by the words it counts; names are runs of capitalised
// words, with their titles ("Major General") left out.
func Generate(name, text string, opt GenerateOptions) (*Deck, error) {
	base := filepath.Base(name)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	d := &Deck{ID: opt.DeckID, Title: opt.Title, Policy: DefaultPolicy(), Draft: true}
	if d.ID == "" {
		d.ID = FreshID(Slug(stem, 40), "draft", nil)
	}
	if !ValidID(d.ID) {
		return nil, fmt.Errorf("deck id %q is not valid: use lower-case letters, digits, '-' and '_', starting with a letter or digit", d.ID)
	}
	sentences, headline := Sentences(text)
	d.Description = "Drafted by ontap deck generate from " + base + ": check every card against the article before studying it."
	src := Source{ID: Slug(stem, 40), Title: headline, Date: articleDate(text)}
	if !ValidID(src.ID) {
		src.ID = "article"
	}
	if src.Title == "" && len(sentences) > 0 {
		src.Title = firstWords(sentences[0].Text, 8)
	}
	if src.Title == "" {
		src.Title = stem
	}
	d.Sources = []Source{src}
	if d.Title == "" {
		d.Title = src.Title
	}
	g := &generator{deck: d, name: base, taken: map[string]bool{}, used: map[string]int{}}
	g.countEntities(sentences)
	for _, s := range sentences {
		g.years(s)
		g.figures(s)
		g.cloze(s)
	}
	if len(d.Cards) == 0 {
		return nil, fmt.Errorf("%s: found no years, figures or names to make cards of", name)
	}
	return d, nil
}

type generator struct {
	deck  *Deck
	name  string
	taken map[string]bool // card ids
	used  map[string]int  // entity → times used as a deletion
	freq  map[string]int  // entity → sentences it is in
}

// add checks a card alone and adds it when it loads without a warning.
func (g *generator) add(c *Card, s Sentence, idBase string) {
	c.ID = FreshID(idBase, "card", g.taken)
	c.Source = g.deck.Sources[0].ID
	if c.Kind != KindCloze { // a cloze shows its sentence when answered
		c.Explain = s.Text
	}
	c.Policy = g.deck.Policy
	if len(CheckCard(c, g.deck.Policy)) > 0 {
		return
	}
	g.taken[c.ID] = true
	g.deck.Cards = append(g.deck.Cards, c)
}

// articleDate is the date of a leading "date YYYY-MM-DD" line, or "".
func articleDate(text string) string {
	text = strings.TrimPrefix(text, "\uFEFF")
	if m := dateLineRE().FindString(text); m != "" {
		if d := strings.Fields(m); len(d) == 2 && sourceDateRE().MatchString(d[1]) {
			return d[1]
		}
	}
	return ""
}

// firstWords is the first n words of s, with "…" when there are more.
func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return strings.Join(w, " ")
	}
	return strings.TrimRight(strings.Join(w[:n], " "), ",;:") + "…"
}

var (
	dateLineRE    = lazyRegexp(`^\s*date\s+\d{4}-\d{2}-\d{2}\s*`)
	sentenceEndRE = lazyRegexp(`[.!?…]["'”’)\]]*$`)
)

// Sentences splits an article into sentences, paragraph by paragraph. A
// line that does not end a sentence (a headline, a caption, a byline) is
// left out; the first such line, when short, is returned as the headline.
// A leading "date YYYY-MM-DD" is dropped.
func Sentences(text string) (out []Sentence, headline string) {
	text = strings.TrimPrefix(strings.ReplaceAll(text, "\r\n", "\n"), "\uFEFF")
	for i, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(dateLineRE().ReplaceAllString(line, "")), " ")
		if line == "" {
			continue
		}
		if !sentenceEndRE().MatchString(line) {
			if headline == "" && len(out) == 0 && len(strings.Fields(line)) <= 12 {
				headline = line
			}
			continue
		}
		for _, s := range splitSentences(line) {
			out = append(out, Sentence{Text: s, Line: i + 1})
		}
	}
	return out, headline
}

var (
	initialsRE = lazyRegexp(`^([A-Za-z]\.)+[A-Za-z]$`) // "U.S", "e.g"
	initialRE  = lazyRegexp(`^[A-Z](\.[A-Z])*$`)       // "E", "U.S"
	ordinalRE  = lazyRegexp(`^\d+(st|nd|rd|th)$`)      // "14th", as in "14th Air Division"
)

// abbreviations do not end a sentence.
var abbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true,
	"jr": true, "sr": true, "no": true, "vs": true, "gen": true, "col": true, "lt": true, "co": true,
	"inc": true, "ltd": true, "corp": true, "dept": true, "e.g": true, "i.e": true, "approx": true}

// splitSentences splits a paragraph at '.', '!' or '?' (and closing
// quotes) followed by a space and a capital letter, a digit or an opening
// quote, except after initials and common abbreviations.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		end := i
		for end < len(p) && strings.ContainsRune(`"'”’)]`, rune(p[end])) || strings.HasPrefix(p[end:], "”") || strings.HasPrefix(p[end:], "’") {
			_, sz := utf8.DecodeRuneInString(p[end:])
			end += sz
		}
		if end >= len(p) || p[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(p[end:], " "))
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"“‘'`, next) {
			continue
		}
		if r == '.' {
			word := p[start : i-1]
			if k := strings.LastIndexAny(word, " (\"“"); k >= 0 {
				word = word[k+1:]
			}
			lw := strings.ToLower(word)
			if abbreviations[lw] || (utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0])) ||
				initialsRE().MatchString(word) || strings.HasSuffix(p[:i], "...") {
				continue
			}
		}
		if s := strings.TrimSpace(p[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
		i = end
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// nameWords may come just before a year that is not part of a name.
var yearLeads = map[string]bool{"In": true, "Since": true, "By": true, "From": true, "Until": true,
	"Before": true, "After": true, "During": true, "Early": true, "Late": true, "Mid": true,
	"Spring": true, "Summer": true, "Autumn": true, "Fall": true, "Winter": true}

var months = map[string]bool{"January": true, "February": true, "March": true, "April": true, "May": true,
	"June": true, "July": true, "August": true, "September": true, "October": true, "November": true, "December": true}

// numberExpr matches a number, with thousands separated by commas or not.
const numberExpr = `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`

var (
	yearRE   = lazyRegexp(`\b(1\d{3}|20\d{2})\b`)
	wordRE   = lazyRegexp(`[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*`)
	numberRE = lazyRegexp(numberExpr)
)

// prevWord returns the word that ends just before offset i (skipping
// spaces only), or "".
func prevWord(s string, i int) string {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	if j == i && i > 0 {
		return "" // no space: glued to something
	}
	k := j
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
			break
		}
		k -= size
	}
	return s[k:j]
}

// isCapital reports whether a word starts with an upper-case letter.
func isCapital(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// blankAll replaces every whole-word occurrence of lit in s by Blank.
func blankAll(s, lit string) string {
	var b strings.Builder
	for {
		i := wholeIndex(s, lit)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(Blank)
		s = s[i+len(lit):]
	}
}

// wholeIndex finds lit in s not glued to digits, letters or a decimal
// point followed by a digit.
func wholeIndex(s, lit string) int {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], lit)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(lit)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		glued := i > 0 && (unicode.IsLetter(before) || unicode.IsDigit(before) || (before == '.' || before == ',') && i > 1 && isDigitByte(s[i-2]))
		glued = glued || end < len(s) && (unicode.IsLetter(after) || unicode.IsDigit(after) ||
			(after == '.' || after == ',') && end+1 < len(s) && isDigitByte(s[end+1]))
		if !glued {
			return i
		}
		off = i + 1
	}
	return -1
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// years makes a number card for each year of the sentence that is a year
// of something, not part of a name ("Expo 2022") or a date.
func (g *generator) years(s Sentence) {
	seen := map[string]bool{}
	for _, m := range yearRE().FindAllStringIndex(s.Text, -1) {
		y := s.Text[m[0]:m[1]]
		if seen[y] || !g.isYear(s.Text, m[0], m[1]) {
			continue
		}
		seen[y] = true
		v, _ := strconv.Atoi(y)
		prompt := "Which year fills the blank? " + blankAll(s.Text, y)
		g.add(&Card{Kind: KindNumber, Prompt: prompt, Number: float64(v)}, s, "year-"+y)
	}
}

// isYear decides whether the four digits at s[i:j] are a year.
func (g *generator) isYear(s string, i, j int) bool {
	if i > 0 && strings.ContainsRune("$.,-/:#", rune(s[i-1])) {
		return false
	}
	if j < len(s) && (strings.ContainsRune("%-/", rune(s[j])) || (s[j] == '.' || s[j] == ',') && j+1 < len(s) && isDigitByte(s[j+1])) {
		return false
	}
	rest := strings.TrimLeft(s[j:], " ")
	if strings.HasPrefix(rest, "percent") || strings.HasPrefix(rest, "per cent") {
		return false
	}
	w := prevWord(s, i)
	if w == "" {
		return true
	}
	if strings.EqualFold(w, "date") {
		return false
	}
	return !isCapital(w) || yearLeads[w] || months[w]
}

// currencies, as written before or after an amount, and how the unit
// names them.
var (
	moneyBeforeRE = lazyRegexp(`(US\$|USD ?|\$|€|£|VND ?)(` + numberExpr + `)(?: ?(million|billion|trillion|thousand)\b)?`)
	moneyAfterRE  = lazyRegexp(`(` + numberExpr + `) (million |billion |trillion |thousand )?(USD|US dollars|dollars|VND|dong|euros)\b`)
	percentRE     = lazyRegexp(`(` + numberExpr + `) ?(%|percent\b|per cent\b)`)
)

func currencyName(c string) string {
	switch strings.TrimSpace(c) {
	case "US$", "USD", "US dollars":
		return "US$"
	case "dollars", "$":
		return "$"
	case "VND", "dong":
		return "VND"
	case "euros", "€":
		return "€"
	}
	return strings.TrimSpace(c)
}

// unitStop ends the words a count counts.
var unitStop = map[string]bool{"with": true, "from": true, "of": true, "in": true, "on": true, "at": true,
	"to": true, "for": true, "by": true, "and": true, "or": true, "between": true, "including": true,
	"that": true, "which": true, "who": true, "were": true, "was": true, "are": true, "is": true,
	"have": true, "has": true, "had": true, "will": true, "would": true, "the": true, "a": true,
	"an": true, "as": true, "than": true, "per": true, "each": true, "while": true, "during": true,
	"across": true, "among": true, "into": true, "such": true, "like": true, "over": true, "under": true}

// figure is a number found in a sentence.
type figure struct {
	start, end int // the digits
	lit        string
	unit       string
	question   string
}

// figures makes a number card for each amount of money, percentage and
// count of the sentence.
func (g *generator) figures(s Sentence) {
	var figs []figure
	covered := func(i, j int) bool {
		for _, f := range figs {
			if i < f.end && j > f.start {
				return true
			}
		}
		return false
	}
	for _, m := range moneyBeforeRE().FindAllStringSubmatchIndex(s.Text, -1) {
		unit := currencyName(s.Text[m[2]:m[3]])
		if m[6] >= 0 {
			unit += " " + s.Text[m[6]:m[7]]
		}
		figs = append(figs, figure{m[4], m[5], s.Text[m[4]:m[5]], unit, "How much, in " + unit + "?"})
	}
	for _, m := range moneyAfterRE().FindAllStringSubmatchIndex(s.Text, -1) {
		if covered(m[2], m[3]) {
			continue
		}
		unit := currencyName(s.Text[m[6]:m[7]])
		if m[4] >= 0 {
			unit += " " + strings.TrimSpace(s.Text[m[4]:m[5]])
		}
		figs = append(figs, figure{m[2], m[3], s.Text[m[2]:m[3]], unit, "How much, in " + unit + "?"})
	}
	for _, m := range percentRE().FindAllStringSubmatchIndex(s.Text, -1) {
		if !covered(m[2], m[3]) && g.freeNumber(s.Text, m[2], m[3]) {
			figs = append(figs, figure{m[2], m[3], s.Text[m[2]:m[3]], "percent", "What percentage?"})
		}
	}
	for _, m := range numberRE().FindAllStringIndex(s.Text, -1) {
		lit := s.Text[m[0]:m[1]]
		if covered(m[0], m[1]) || !g.freeNumber(s.Text, m[0], m[1]) {
			continue
		}
		if len(lit) == 4 && yearRE().MatchString(lit) {
			continue // a year, or part of a name
		}
		unit := countUnit(s.Text[m[1]:])
		if unit == "" {
			continue
		}
		figs = append(figs, figure{m[0], m[1], lit, unit, "How many " + unit + "?"})
	}
	slices.SortFunc(figs, func(a, b figure) int { return a.start - b.start })
	for _, f := range figs {
		v, err := strconv.ParseFloat(strings.ReplaceAll(f.lit, ",", ""), 64)
		if err != nil {
			continue
		}
		prompt := f.question + " " + s.Text[:f.start] + Blank + blankAll(s.Text[f.end:], f.lit)
		prompt = blankAll(prompt, f.lit)
		c := &Card{Kind: KindNumber, Prompt: prompt, Number: v, Unit: f.unit}
		g.add(c, s, Slug(FormatNumber(v)+" "+f.unit, 40))
	}
}

// freeNumber reports whether the digits at s[i:j] stand alone: not glued
// to letters or hyphens ("Z131", "AK-47"), not an ordinal ("14th"), not
// after a capitalised word ("Frigate 016", "Industry 4.0").
func (g *generator) freeNumber(s string, i, j int) bool {
	if i > 0 {
		b, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(b) || strings.ContainsRune("-$.,/#+", b) || unicode.IsDigit(b) {
			return false
		}
	}
	if j < len(s) {
		a, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(a) || a == '-' || a == '/' {
			return false
		}
	}
	if w := prevWord(s, i); w != "" && isCapital(w) && !yearLeads[w] && !months[w] {
		return false
	}
	return true
}

// countUnit reads the words a number counts: up to three lower-case
// words after it, stopping at a preposition, a conjunction or a verb
// such as "with" or "were".
func countUnit(rest string) string {
	if !strings.HasPrefix(rest, " ") {
		return ""
	}
	var words []string
	for _, w := range strings.Fields(rest) {
		core := strings.TrimRight(w, ",.;:!?)”\"'’")
		if core == "" || !isLowerWord(core) || unitStop[core] {
			break
		}
		words = append(words, core)
		if len(words) == 3 || core != w {
			break
		}
	}
	return strings.Join(words, " ")
}

func isLowerWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return true
}

// Names: titles that precede a person's name, words of organisations and
// events, and capitalised words that are not names.
var (
	titleWords = setOf("Senior", "Lieutenant", "General", "Generals", "Colonel", "Major", "Prime", "Minister",
		"Deputy", "Ambassador", "Chairman", "President", "Director", "Commander", "Chief", "Head", "Secretary",
		"Comrade", "Sales", "Manager", "Mr", "Mrs", "Ms", "Dr", "Admiral", "Captain", "Professor", "Pilot", "Former")
	orgWords = setOf("Department", "Ministry", "Army", "Group", "Company", "Committee", "Congress", "Party",
		"Front", "Forum", "Meeting", "Commission", "Command", "Corporation", "Agreement", "Law", "Campaign",
		"Exhibition", "Expo", "Summit", "Conference", "Division", "Forces", "Force", "Navy", "Office", "Council",
		"Assembly", "Alliance", "Union", "Workshop", "Staff", "Shipyards", "Zone", "Treaty", "Victory", "Revolution",
		"Enterprise", "Bank", "University", "Institute", "Academy", "Organization", "Organisation", "Association")
	notNames = setOf("The", "A", "An", "In", "On", "At", "As", "After", "Before", "According", "Among", "Apart",
		"Although", "Also", "All", "Another", "Because", "But", "By", "Compared", "During", "Each", "Even", "For",
		"From", "Generally", "Here", "However", "If", "Indeed", "Initially", "It", "Its", "Many", "More", "Moreover",
		"Most", "New", "Not", "Our", "Over", "Since", "Some", "That", "Their", "There", "These", "They", "This",
		"Those", "Through", "Thus", "To", "Up", "We", "When", "While", "With", "Within", "Following", "Accordingly",
		"Therefore", "Traveling", "Travelling", "Another", "Both", "Every", "Such", "Other", "Amid", "Not", "Each",
		"Domestic", "Here", "I", "Established", "Military", "Great", "Spring", "Summer", "Autumn", "Winter",
		"Other", "Foreign", "Long", "Another", "Yes", "No", "Nor", "Then", "Once", "One", "Two", "Three")
	connectors = setOf("of", "the", "for", "de", "du", "van", "von", "der")
	surnames   = setOf("Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do",
		"Ho", "Ngo", "Duong", "Ly", "Dam", "Phung", "Truong", "Dinh", "Lam", "Mai", "Trinh", "Cao", "Ha", "Luong")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// entity is a name or quoted phrase found in a sentence: text is
// s[start:end].
type entity struct {
	start, end int
	text       string
	person     bool
	quoted     bool
}

var quotedRE = lazyRegexp(`“([^”“"]{2,100})”|"([^"“”]{2,100})"`)

// entities finds the quoted phrases and names of a sentence.
func entities(s string) []entity {
	var out []entity
	for _, m := range quotedRE().FindAllStringSubmatchIndex(s, -1) {
		i, j := m[2], m[3]
		if i < 0 {
			i, j = m[4], m[5]
		}
		inner := s[i:j]
		trimmed := strings.TrimRight(inner, ".,;:!? ")
		trimmed = strings.TrimLeft(trimmed, " ")
		i += strings.Index(inner, trimmed)
		j = i + len(trimmed)
		if n := len(strings.Fields(trimmed)); n == 0 || n > 8 {
			continue
		}
		out = append(out, entity{start: i, end: j, text: trimmed, quoted: true})
	}
	words := wordRE().FindAllStringIndex(s, -1)
	for k := 0; k < len(words); {
		w := s[words[k][0]:words[k][1]]
		ordinal := ordinalRE().MatchString(w) && k+1 < len(words) && s[words[k][1]:words[k+1][0]] == " " &&
			isCapital(s[words[k+1][0]:words[k+1][1]])
		currency := words[k][1] < len(s) && s[words[k][1]] == '$' // "US$286.3 million"
		if !isCapital(w) && !ordinal || currency || insideQuote(out, words[k][0]) {
			k++
			continue
		}
		// Extend the run of capitalised words (with connectors between).
		end := k
		for n := k + 1; n < len(words); n++ {
			gap := s[words[n-1][1]:words[n][0]]
			prev := s[words[n-1][0]:words[n-1][1]]
			okGap := gap == " " || (gap == ". " && initialRE().MatchString(prev))
			if !okGap {
				break
			}
			nw := s[words[n][0]:words[n][1]]
			if isCapital(nw) {
				end = n
				continue
			}
			if connectors[nw] && n+1 < len(words) {
				continue
			}
			if nw == "and" && joinsAcrossAnd(s, words, k, end, n) {
				continue
			}
			break
		}
		out = append(out, nameRun(s, words[k:end+1], k == 0)...)
		k = end + 1
	}
	slices.SortFunc(out, func(a, b entity) int { return a.start - b.start })
	return out
}

// joinsAcrossAnd reports whether the "and" at words[n] is inside one
// name, the run words[k..end] before it being the start of the name: when
// the run after it ends with a word of organisations ("Workshop") and the
// run before has none ("the Vietnam-Japan Defense Equipment and Industry
// Cooperation Workshop"). "Laos and Cambodia", "the Party and State", "the
// Ministry and the Group" are two names.
func joinsAcrossAnd(s string, words [][]int, k, end, n int) bool {
	word := func(i int) string { return s[words[i][0]:words[i][1]] }
	for i := k; i <= end; i++ {
		if orgWords[word(i)] {
			return false
		}
	}
	last := -1
	for i := n + 1; i < len(words) && s[words[i-1][1]:words[i][0]] == " "; i++ {
		w := word(i)
		if isCapital(w) {
			last = i
			continue
		}
		if !connectors[w] {
			break
		}
	}
	return last > n && orgWords[word(last)]
}

func insideQuote(es []entity, i int) bool {
	for _, e := range es {
		if e.quoted && i >= e.start-1 && i <= e.end {
			return true
		}
	}
	return false
}

// nameRun turns a run of capitalised words into a name: words that are
// not names are dropped from its start, titles are dropped before a
// person's name, a possessive 's is dropped from its end, and connectors
// from either end. Runs that are only titles, months or common words give
// nothing.
func nameRun(s string, words [][]int, atStart bool) []entity {
	word := func(i int) string { return s[words[i][0]:words[i][1]] }
	// A person's middle initial ("Marc E. Knapper") starts the person's
	// name one word before it: what comes earlier is another name ("U.S.
	// Ambassador to Vietnam Marc E. Knapper").
	for m := 2; m < len(words); m++ {
		if w := word(m); len(w) == 1 && initialRE().MatchString(w) && m+1 < len(words) &&
			s[words[m][1]:words[m+1][0]] == ". " {
			person := nameRun(s, words[m-1:], false)
			for i := range person {
				person[i].person = true
			}
			return append(nameRun(s, words[:m-1], atStart), person...)
		}
	}
	lo, hi := 0, len(words)
	trimConnectors := func() {
		for lo < hi && (connectors[word(lo)] || notNames[word(lo)]) {
			lo++
		}
		for hi > lo && connectors[word(hi-1)] {
			hi--
		}
	}
	trimConnectors()
	hasOrg := false
	for i := lo; i < hi; i++ {
		hasOrg = hasOrg || orgWords[strings.TrimSuffix(strings.TrimSuffix(word(i), "'s"), "’s")]
	}
	person := false
	if !hasOrg {
		t := lo
		for t < hi && titleWords[word(t)] {
			t++
		}
		if t > lo && t < hi {
			lo, person = t, true
		}
	}
	trimConnectors()
	if lo >= hi {
		return nil
	}
	last := strings.TrimSuffix(strings.TrimSuffix(word(hi-1), "'s"), "’s")
	if titleWords[last] || months[word(lo)] && hi-lo == 1 {
		return nil
	}
	if atStart && lo == 0 && hi-lo == 1 {
		return nil // a capitalised first word is not a name by itself
	}
	start, end := words[lo][0], words[hi-1][0]+len(last)
	text := s[start:end]
	if end < len(s) && s[end] == '.' && initialRE().MatchString(last) && strings.Contains(last, ".") {
		end++ // "U.S." keeps its last dot
		text = s[start:end]
	}
	if hi-lo >= 3 && !hasOrg && surnames[word(lo)] {
		person = true
	}
	if hi-lo > 8 || utf8.RuneCountInString(text) < 2 {
		return nil
	}
	return []entity{{start: start, end: end, text: text, person: person}}
}

// countEntities counts in how many sentences each name appears.
func (g *generator) countEntities(ss []Sentence) {
	g.freq = map[string]int{}
	for _, s := range ss {
		seen := map[string]bool{}
		for _, e := range entities(s.Text) {
			if !seen[e.text] {
				seen[e.text] = true
				g.freq[e.text]++
			}
		}
	}
}

// maxDeletions is how many names a drafted cloze card blanks at most.
const maxDeletions = 4

// cloze makes a cloze card of up to maxDeletions of the sentence's
// quoted phrases and names: quoted phrases first, then people, then other
// names of several words, then single words; a name used twice already in the article, a single
// word found in more than three sentences ("Vietnam"), or a name that
// appears twice in the sentence is left as it is.
func (g *generator) cloze(s Sentence) {
	if strings.Contains(s.Text, "{{") || strings.Contains(s.Text, "}}") {
		return
	}
	var cands []entity
	for _, e := range entities(s.Text) {
		single := !e.quoted && !strings.Contains(e.text, " ")
		switch {
		case g.used[e.text] >= 2,
			single && g.freq[e.text] > 3,
			strings.Count(s.Text, e.text) > 1,
			strings.Contains(e.text, "::"):
			continue
		}
		cands = append(cands, e)
	}
	rank := func(e entity) int {
		switch {
		case e.quoted:
			return 0
		case e.person:
			return 1
		case strings.Contains(e.text, " "):
			return 2
		}
		return 3
	}
	slices.SortStableFunc(cands, func(a, b entity) int { return rank(a) - rank(b) })
	var chosen []entity
	for _, e := range cands {
		overlap := false
		for _, c := range chosen {
			overlap = overlap || e.start < c.end && e.end > c.start
		}
		if !overlap && len(chosen) < maxDeletions {
			chosen = append(chosen, e)
		}
	}
	if len(chosen) == 0 {
		return
	}
	slices.SortFunc(chosen, func(a, b entity) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, e := range chosen {
		b.WriteString(s.Text[at:e.start])
		b.WriteString("{{" + e.text)
		if e.person {
			b.WriteString("::a person")
		}
		b.WriteString("}}")
		at = e.end
	}
	b.WriteString(s.Text[at:])
	n := len(g.deck.Cards)
	g.add(&Card{Kind: KindCloze, Text: b.String()}, s, Slug(chosen[0].text, 32))
	if len(g.deck.Cards) > n {
		for _, e := range chosen {
			g.used[e.text]++
		}
	}
}
