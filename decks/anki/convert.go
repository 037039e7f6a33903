package anki

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ontap/ontap/decks"
)

// Imported is what Convert makes of a package.
type Imported struct {
	Decks    []*decks.Deck     // one per Anki deck that has cards, sorted by id
	AnkiName map[string]string // ontap deck id -> Anki deck name
	Reviews  []Entry           // the review history of the imported cards, in time order

	Unknown    []Count // notes of note types ontap cannot ask, by note type
	Skipped    []Count // notes not imported, by reason
	MediaNotes int     // imported notes that refer to images or sounds (listed in their cards' explain)
	Ignored    int     // revlog rows not imported: manual reschedulings and reviews of cards not imported
}

// Count is a number of notes with a reason or a note type's name.
type Count struct {
	Name  string
	Notes int
}

// Entry is one review of an imported item, for the review log.
type Entry struct {
	DeckID, ItemID string
	Time           time.Time
	Rating         int           // 1 again .. 4 easy
	Kind           string        // learn, review or relearn
	Duration       time.Duration // time taken to answer
	Interval       int           // Anki's interval after the answer: days when positive, seconds when negative
}

// The kinds of note type ontap asks.
const (
	ntBasic    = "basic"
	ntReversed = "reversed"
	ntTyped    = "typed"
	ntCloze    = "cloze"
)

// shape is how the notes of one note type become cards.
type shape struct {
	kind        string
	front, back int   // field indexes
	extra       []int // fields of the answer side beyond back (cloze: beyond the text)
}

// specialFields are the template names that are not fields.
var specialFields = map[string]bool{"FrontSide": true, "Tags": true, "Type": true, "Deck": true,
	"Subdeck": true, "Card": true, "CardFlag": true, "CardID": true}

var templateRefRE = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// templateFields returns the fields a template shows, in order, and
// whether it has a type-in-the-answer box ({{type:Field}}, not counted as
// a field shown) or a cloze.
func templateFields(tmpl string, fields []string) (refs []int, typed int, cloze bool) {
	typed = -1
	index := map[string]int{}
	for i, f := range fields {
		index[f] = i
	}
	seen := map[int]bool{}
	for _, m := range templateRefRE.FindAllStringSubmatch(tmpl, -1) {
		ref := strings.TrimSpace(m[1])
		if ref == "" || strings.ContainsAny(ref[:1], "#^/!") {
			continue // a section, a comment
		}
		parts := strings.Split(ref, ":")
		name := strings.TrimSpace(parts[len(parts)-1])
		typeBox := false
		for _, filter := range parts[:len(parts)-1] {
			switch strings.TrimSpace(filter) {
			case "type":
				typeBox = true
			case "cloze":
				cloze = true
			}
		}
		i, ok := index[name]
		if typeBox {
			if ok {
				typed = i // the answer box, not a field shown
			}
			continue
		}
		if !ok || specialFields[name] || seen[i] {
			continue
		}
		seen[i] = true
		refs = append(refs, i)
	}
	return refs, typed, cloze
}

// without returns list less the values in drop.
func without(list []int, drop ...int) []int {
	var out []int
	for _, v := range list {
		keep := true
		for _, d := range drop {
			keep = keep && v != d
		}
		if keep {
			out = append(out, v)
		}
	}
	return out
}

// shapeOf tells how notes of nt become cards; ok is false for note types
// ontap cannot ask. Note types are recognised by their templates, not by
// their names (which Anki translates and users rename).
func shapeOf(nt *Notetype) (shape, bool) {
	if len(nt.Templates) == 0 || len(nt.Fields) == 0 {
		return shape{}, false
	}
	q0, typed, _ := templateFields(nt.Templates[0].Q, nt.Fields)
	a0, _, _ := templateFields(nt.Templates[0].A, nt.Fields)
	if strings.Contains(nt.Templates[0].Q, "image-occlusion") {
		return shape{}, false // Anki's image occlusion: the question is a picture
	}
	if nt.Cloze {
		text := 0
		for _, m := range templateRefRE.FindAllStringSubmatch(nt.Templates[0].Q, -1) {
			parts := strings.Split(m[1], ":")
			if len(parts) >= 2 && strings.TrimSpace(parts[0]) == "cloze" {
				for i, f := range nt.Fields {
					if f == strings.TrimSpace(parts[len(parts)-1]) {
						text = i
					}
				}
				break
			}
		}
		return shape{kind: ntCloze, front: text, extra: without(a0, text)}, true
	}
	a0 = without(a0, q0...)
	if len(q0) == 1 && typed >= 0 && len(nt.Templates) == 1 {
		return shape{kind: ntTyped, front: q0[0], back: typed, extra: without(a0, typed)}, true
	}
	if len(q0) != 1 || len(a0) == 0 || typed >= 0 {
		return shape{}, false
	}
	s := shape{kind: ntBasic, front: q0[0], back: a0[0], extra: a0[1:]}
	switch {
	case len(nt.Templates) == 1:
	case len(nt.Templates) == 2:
		q1, _, _ := templateFields(nt.Templates[1].Q, nt.Fields)
		a1, _, _ := templateFields(nt.Templates[1].A, nt.Fields)
		a1 = without(a1, q1...)
		if len(q1) != 1 || q1[0] != s.back || len(a1) == 0 || a1[0] != s.front {
			return shape{}, false
		}
		s.kind = ntReversed
	default:
		return shape{}, false
	}
	return s, true
}

var (
	imgRE       = regexp.MustCompile(`(?i)<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	soundRE     = regexp.MustCompile(`\[sound:([^\]]*)\]`)
	mediaTagRE  = regexp.MustCompile(`(?i)<(audio|video|object|embed|source)\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	ankiClozeRE = regexp.MustCompile(`\{\{c(\d+)::`)
)

// mediaRefs lists the media files a field refers to.
func mediaRefs(field string, into []string) []string {
	add := func(n string) {
		n = strings.TrimSpace(n)
		if n == "" {
			return
		}
		for _, m := range into {
			if m == n {
				return
			}
		}
		into = append(into, n)
	}
	for _, m := range imgRE.FindAllStringSubmatch(field, -1) {
		add(m[1] + m[2] + m[3])
	}
	for _, m := range mediaTagRE.FindAllStringSubmatch(field, -1) {
		add(m[2] + m[3] + m[4])
	}
	for _, m := range soundRE.FindAllStringSubmatch(field, -1) {
		add(m[1])
	}
	for i, m := range into {
		into[i] = decks.Sanitize(m)
	}
	return into
}

// CardID returns the ontap card id of a note: the card id of an ontap
// export (guid "ontap:DECK/CARD"), else "anki-" and ten hex digits of the
// guid's SHA-1. The same note gets the same id in every import.
func CardID(guid string) string {
	if g, ok := strings.CutPrefix(guid, "ontap:"); ok {
		if _, card, ok := strings.Cut(g, "/"); ok {
			if id := strings.ReplaceAll(card, ":", "-"); decks.ValidID(id) {
				return id
			}
		}
	}
	sum := sha1.Sum([]byte(guid))
	return "anki-" + hex.EncodeToString(sum[:5])
}

// DeckID returns the ontap deck id of an Anki deck: its name as a slug
// ("Spanish::Verbs" becomes "spanish-verbs"), or "anki-" and its id.
func DeckID(ankiName string, ankiID int64) string {
	id := decks.Slug(strings.ReplaceAll(ankiName, "::", " "), 60)
	if id == "" || !decks.ValidID(id) {
		id = "anki-" + strconv.FormatInt(ankiID, 10)
	}
	return id
}

// ConvertOptions say how Convert names what it makes.
type ConvertOptions struct {
	Source string // the package's file name, for the decks' source
}

// Convert turns a package into ontap decks, one per Anki deck holding
// cards, and the review history of their items. Notes of Basic, Basic
// (and reversed card), Basic (optional reversed card), Basic (type in the
// answer), Cloze, and custom note types of the same shapes (one field on
// the question side, one or more on the answer side) become cards; their
// HTML becomes plain text, and the media files they refer to are listed
// in the card's explanation. Other note types are counted in Unknown.
func Convert(p *Package, opt ConvertOptions) *Imported {
	out := &Imported{AnkiName: map[string]string{}}
	shapes := map[int64]shape{}
	known := map[int64]bool{}
	for id, nt := range p.Notetypes {
		shapes[id], known[id] = shapeOf(nt)
	}
	// Each Anki deck's ontap id: its name's slug, made unique in the order
	// of the Anki decks' ids ("A::B" and "A B" both give a-b: the second
	// is a-b-2), so that the same package gives the same ids every time.
	deckIDs := map[int64]string{}
	usedIDs := map[string]bool{}
	var ankiIDs []int64
	for id := range p.Decks {
		ankiIDs = append(ankiIDs, id)
	}
	sort.Slice(ankiIDs, func(i, j int) bool { return ankiIDs[i] < ankiIDs[j] })
	for _, id := range ankiIDs {
		deckIDs[id] = decks.FreshID(DeckID(p.Decks[id].Name, id), "anki-deck", usedIDs)
		usedIDs[deckIDs[id]] = true
	}
	cardsOf := map[int64][]*Card{}
	for i := range p.Cards {
		c := &p.Cards[i]
		cardsOf[c.NoteID] = append(cardsOf[c.NoteID], c)
	}
	type itemRef struct{ deck, item string }
	items := map[int64]itemRef{} // Anki card id -> ontap item
	byDeck := map[string]*decks.Deck{}
	taken := map[string]map[string]bool{}
	unknown := map[string]int{}
	skipped := map[string]int{}
	for i := range p.Notes {
		n := &p.Notes[i]
		cs := cardsOf[n.ID]
		if len(cs) == 0 {
			skipped["it has no cards"]++
			continue
		}
		nt := p.Notetypes[n.NotetypeID]
		if nt == nil {
			unknown[fmt.Sprintf("(missing note type %d)", n.NotetypeID)]++
			continue
		}
		if !known[n.NotetypeID] {
			unknown[nt.Name]++
			continue
		}
		sh := shapes[n.NotetypeID]
		field := func(i int) string {
			if i < len(n.Fields) {
				return n.Fields[i]
			}
			return ""
		}
		var media []string
		for _, f := range n.Fields {
			media = mediaRefs(f, media)
		}
		// The note's deck is its first card's.
		sort.Slice(cs, func(i, j int) bool { return cs[i].Ord < cs[j].Ord })
		ad := p.Decks[cs[0].DeckID]
		deckName := "Default"
		if ad != nil {
			deckName = ad.Name
		}
		deckID, ok := deckIDs[cs[0].DeckID]
		if !ok { // a card whose deck is missing
			deckID = decks.FreshID(DeckID(deckName, cs[0].DeckID), "anki-deck", usedIDs)
			deckIDs[cs[0].DeckID] = deckID
			usedIDs[deckID] = true
		}
		d := byDeck[deckID]
		if d == nil {
			d = &decks.Deck{ID: deckID, Title: decks.Sanitize(strings.ReplaceAll(deckName, "::", " › ")), Policy: decks.DefaultPolicy(),
				Source: "Anki deck " + strconv.Quote(deckName) + ", imported from " + decks.Sanitize(opt.Source)}
			if ad != nil && ad.Description != "" {
				d.Description = plain(ad.Description)
			}
			byDeck[deckID] = d
			taken[deckID] = map[string]bool{}
			out.AnkiName[deckID] = deckName
		}
		c := &decks.Card{Policy: d.Policy, Tags: tags(n.Tags)}
		var explain []string
		for _, x := range sh.extra {
			if t := plain(field(x)); t != "" {
				explain = append(explain, t)
			}
		}
		front := plain(field(sh.front))
		// ordItem maps an Anki card's template (cloze: number - 1) to an item id suffix.
		ordItem := map[int]string{}
		switch sh.kind {
		case ntCloze:
			nums := ankiClozeRE.FindAllStringSubmatch(front, -1)
			if len(nums) == 0 {
				skipped["a cloze without a deletion"]++
				continue
			}
			for i := len(nums) - 1; i >= 0; i-- {
				k, _ := strconv.Atoi(nums[i][1])
				ordItem[k-1] = ":c" + strconv.Itoa(i+1)
			}
			c.Kind, c.Text = decks.KindCloze, ankiClozeRE.ReplaceAllString(front, "{{")
		default:
			back := plain(field(sh.back))
			if front == "" || back == "" {
				if len(media) > 0 {
					skipped["its question or answer is only an image or a sound"]++
				} else {
					skipped["its question or answer is empty"]++
				}
				continue
			}
			ordItem[0] = ""
			switch sh.kind {
			case ntTyped:
				c.Kind, c.Prompt, c.Answer = decks.KindTyped, front, back
			default:
				c.Kind, c.Front, c.Back = decks.KindBasic, front, back
				for _, ac := range cs {
					if ac.Ord == 1 && sh.kind == ntReversed {
						c.Reverse = true
						ordItem[1] = ":reverse"
					}
				}
			}
		}
		if len(media) > 0 {
			out.MediaNotes++
			explain = append(explain, "Media in the Anki note, not shown here: "+strings.Join(media, ", "))
		}
		c.Explain = strings.Join(explain, "\n\n")
		c.ID = decks.FreshID(CardID(n.GUID), "anki-note", taken[deckID])
		taken[deckID][c.ID] = true
		c.GUID = n.GUID                         // deck export writes it back: Anki updates the note
		if n.GUID != "ontap:"+deckID+"/"+c.ID { // what an export writes without it
			c.GUID = n.GUID
		}
		d.Cards = append(d.Cards, c)
		for _, ac := range cs {
			if suffix, ok := ordItem[ac.Ord]; ok {
				items[ac.ID] = itemRef{deckID, c.ID + suffix}
			}
		}
	}
	example := ""
	invalid := 0
	for _, d := range byDeck {
		bad := dropInvalid(d)
		if len(bad) > 0 && example == "" {
			example = bad[0]
		}
		invalid += len(bad)
		if len(d.Cards) > 0 {
			out.Decks = append(out.Decks, d)
		}
	}
	for _, d := range out.Decks {
		dropOwnGUIDs(d)
	}
	if invalid > 0 {
		skipped["it would not load as an ontap card, such as: "+example] = invalid
	}
	valid := map[string]bool{}
	for _, d := range out.Decks {
		for _, it := range d.Items() {
			valid[d.ID+"/"+it.ID] = true
		}
	}
	sort.Slice(out.Decks, func(i, j int) bool { return out.Decks[i].ID < out.Decks[j].ID })
	for _, r := range p.Revlog {
		it, ok := items[r.CardID]
		ok = ok && valid[it.deck+"/"+it.item]
		kind := ""
		switch r.Type {
		case RevLearn:
			kind = "learn"
		case RevReview, RevFiltered:
			kind = "review"
		case RevRelearn:
			kind = "relearn"
		}
		if !ok || kind == "" || r.Ease < 1 || r.Ease > 4 {
			out.Ignored++
			continue
		}
		taken := time.Duration(max(r.TakenMS, 0)) * time.Millisecond
		out.Reviews = append(out.Reviews, Entry{DeckID: it.deck, ItemID: it.item, Time: r.Time(),
			Rating: r.Ease, Kind: kind, Duration: taken, Interval: r.Interval})
	}
	out.Unknown = counts(unknown)
	out.Skipped = counts(skipped)
	return out
}

// plain is the text of an HTML field, with anything unsafe for a
// terminal (control characters, escape sequences) made visible, as the
// deck format wants it.
func plain(html string) string { return decks.Sanitize(decks.HTMLToText(html)) }

// dropOwnGUIDs clears the guids that an export of d writes anyway
// ("ontap:DECK/CARD"), so that deck files hold only Anki's own.
func dropOwnGUIDs(d *decks.Deck) {
	for _, c := range d.Cards {
		if c.GUID == "ontap:"+d.ID+"/"+c.ID {
			c.GUID = ""
		}
	}
}

// Rename gives the package's only deck the id (when not "") and title
// (when not ""), with its reviews; its cards keep their notes' guids, so
// that an export of the renamed deck still updates those notes in Anki.
func (imp *Imported) Rename(id, title string) error {
	if len(imp.Decks) != 1 {
		return fmt.Errorf("the package holds %d decks, not one", len(imp.Decks))
	}
	d := imp.Decks[0]
	if id != "" && id != d.ID {
		for _, c := range d.Cards {
			if c.GUID == "" {
				c.GUID = "ontap:" + d.ID + "/" + c.ID
			}
		}
		imp.AnkiName[id] = imp.AnkiName[d.ID]
		delete(imp.AnkiName, d.ID)
		for i := range imp.Reviews {
			imp.Reviews[i].DeckID = id
		}
		d.ID = id
		dropOwnGUIDs(d)
	}
	if title != "" {
		d.Title = title
	}
	return nil
}

// tags turns Anki tags into ontap tags: "::" (Anki's hierarchy) becomes "/".
func tags(in []string) []string {
	var out []string
	for _, t := range in {
		if t = decks.Sanitize(strings.ReplaceAll(t, "::", "/")); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func counts(m map[string]int) []Count {
	var out []Count
	for name, n := range m {
		out = append(out, Count{name, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Notes != out[j].Notes {
			return out[i].Notes > out[j].Notes
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// dropInvalid removes from d the cards that would not load (the deck file
// is written and parsed once), and returns their first problems.
func dropInvalid(d *decks.Deck) []string {
	data, err := decks.FormatDeck(d, d.ID)
	if err != nil {
		return dropOneByOne(d)
	}
	_, diags := decks.Parse(d.ID+".toml", data)
	if !diags.HasErrors() {
		return nil
	}
	// The line where each card's table starts.
	var starts []int
	for i, line := range strings.Split(string(data), "\n") {
		if line == "[[card]]" {
			starts = append(starts, i+1)
		}
	}
	bad := map[int]string{}
	for _, dg := range diags {
		if dg.Severity != decks.SeverityError {
			continue
		}
		i := sort.SearchInts(starts, dg.Pos.Line+1) - 1
		if i < 0 || i >= len(d.Cards) {
			return dropOneByOne(d) // a problem outside the cards
		}
		if _, dup := bad[i]; !dup {
			bad[i] = dg.Message
		}
	}
	var kept []*decks.Card
	var msgs []string
	for i, c := range d.Cards {
		if m, ok := bad[i]; ok {
			msgs = append(msgs, m)
			continue
		}
		kept = append(kept, c)
	}
	d.Cards = kept
	return msgs
}

// dropOneByOne is dropInvalid card by card, for the rare deck whose
// problems cannot be told apart by line.
func dropOneByOne(d *decks.Deck) []string {
	var kept []*decks.Card
	var msgs []string
	for _, c := range d.Cards {
		one := *d
		one.Cards = []*decks.Card{c}
		data, err := decks.FormatDeck(&one, d.ID)
		if err == nil {
			_, diags := decks.Parse(d.ID+".toml", data)
			if diags.HasErrors() {
				err = fmt.Errorf("%s", firstError(diags))
			}
		}
		if err != nil {
			msgs = append(msgs, err.Error())
			continue
		}
		kept = append(kept, c)
	}
	d.Cards = kept
	return msgs
}

func firstError(diags decks.Diagnostics) string {
	for _, dg := range diags {
		if dg.Severity == decks.SeverityError {
			return dg.Message
		}
	}
	return ""
}
