package catalog

// The deck cache keeps parsed deck files in the progress database (tables
// deck_files, deck_cards and deck_items, migration 0004), so that a start
// parses only the files that changed, and a study session loads only the
// cards it asks. It is derived data: any problem reading or writing it
// falls back to parsing.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/quiz"
	"github.com/ontap/ontap/scoring/store"
)

// source is a deck file to load: a file on disk or a built-in deck.
type source struct {
	key     string // the cache key: the absolute path, or "builtin:NAME.toml"
	path    string // the path as found, for messages
	builtin string // the built-in deck's file name, if it is one
	group   int    // 0 for the built-in decks, then one per deck folder
}

// racyWindow: a file modified this shortly before its content was hashed
// may have been written again within the same tick of the file system's
// clock without its size or modification time changing, so its content is
// hashed on every start until its entry is older than that (as git does).
const racyWindow = 2 * time.Second

// parseBatch is how many deck files are parsed (in parallel) and cached at
// a time.
const parseBatch = 8

// load loads every source, from the cache where the file is unchanged,
// parsing the others (in parallel) and caching them.
func (c *Catalog) load(ctx context.Context, srcs []source) ([]decks.FileResult, error) {
	results := make([]decks.FileResult, len(srcs))
	var cache map[string]*store.DeckFile
	if c.db != nil {
		var err error
		if cache, err = c.db.DeckFiles(ctx); err != nil {
			c.db, cache = nil, nil
		}
	}
	checked := time.Now().UnixNano() // file times are on the wall clock, whatever --now says
	data := make([][]byte, len(srcs))
	errs := make([]error, len(srcs))
	stats := make([][2]int64, len(srcs)) // size, mtime
	touched := map[string]int64{}
	var parse []int
	for i, s := range srcs {
		results[i].Path = s.displayPath()
		if s.builtin != "" {
			data[i], errs[i] = fs.ReadFile(builtin.FS(), s.builtin)
			stats[i] = [2]int64{int64(len(data[i])), 0}
		} else {
			fi, err := os.Stat(s.path)
			if err != nil {
				errs[i] = err
				parse = append(parse, i)
				continue
			}
			stats[i] = [2]int64{fi.Size(), fi.ModTime().UnixNano()}
		}
		e := cache[s.key]
		usable := e != nil && e.Version == decks.CodecVersion
		if usable && s.builtin == "" && e.Size == stats[i][0] && e.MtimeNS == stats[i][1] &&
			stats[i][1] < e.CheckedNS-int64(racyWindow) {
			if r, ok := c.fromCache(ctx, e, s); ok {
				results[i] = r
				continue
			}
		}
		if !usable || e.Size != stats[i][0] {
			parse = append(parse, i) // read when parsed
			continue
		}
		if s.builtin == "" {
			data[i], errs[i] = decks.ReadFile(ctx, s.path)
		}
		if errs[i] == nil {
			if sum := sha256.Sum256(data[i]); bytes.Equal(sum[:], e.Hash) {
				if r, ok := c.fromCache(ctx, e, s); ok {
					results[i], data[i] = r, nil
					if s.builtin == "" && (e.MtimeNS != stats[i][1] || e.CheckedNS <= e.MtimeNS+int64(racyWindow)) {
						touched[s.key] = stats[i][1]
					}
					continue
				}
			}
		}
		parse = append(parse, i)
	}

	// Parse in batches, caching each: in a lazy catalog the cards of a deck
	// just cached are let go, so that a start after every file changed
	// does not hold the whole library in memory.
	for batch := range slices.Chunk(parse, parseBatch) {
		paths := make([]string, len(batch))
		pdata := make([][]byte, len(batch))
		perrs := make([]error, len(batch))
		for j, i := range batch {
			paths[j], pdata[j], perrs[j] = results[i].Path, data[i], errs[i]
			if pdata[j] == nil && perrs[j] == nil && srcs[i].builtin == "" {
				pdata[j], perrs[j] = decks.ReadFile(ctx, srcs[i].path)
			}
			data[i] = nil
		}
		var puts []store.DeckPut
		var put []int // indexes in results of the decks in puts
		for j, r := range decks.ParseAll(paths, pdata, perrs) {
			i, s := batch[j], srcs[batch[j]]
			if r.Deck != nil && s.builtin != "" {
				r.Deck.Path, r.Deck.Builtin = s.key, true
			}
			results[i] = r
			if c.db != nil && perrs[j] == nil {
				if p, err := cachePut(s.key, stats[i], pdata[j], checked, r); err == nil {
					puts = append(puts, p)
					put = append(put, i)
				}
			}
		}
		if c.db == nil {
			continue
		}
		// Failing to cache (a read-only or full disk) only costs the next
		// start a parse.
		if err := c.db.PutDeckFiles(ctx, puts); err != nil || !c.lazy {
			continue
		}
		for k, i := range put {
			// The deck as the cache gives it: a header of its own, not
			// strings that point into the file's text and keep it all.
			f := puts[k].File
			if results[i].Deck == nil || f.Header == nil {
				continue
			}
			if d, idPos, err := decks.UnmarshalHeader(f.Header); err == nil {
				results[i].Deck, results[i].IDPos = d, idPos
				c.cached[d], c.sizes[d] = f.Path, [2]int{f.Cards, f.Items}
			}
		}
	}
	if c.db != nil {
		// Failing to cache (a read-only or full disk) only costs the next
		// start a parse.
		_ = c.db.TouchDeckFiles(ctx, touched, checked)
		// Entries of files that no longer exist are dropped (those of the
		// files listed were just looked at).
		listed := make(map[string]bool, len(srcs))
		for _, s := range srcs {
			listed[s.key] = true
		}
		var gone []string
		for key := range cache {
			if !listed[key] && !strings.HasPrefix(key, builtin.PathPrefix) {
				if _, err := os.Lstat(key); err != nil && os.IsNotExist(err) {
					gone = append(gone, key)
				}
			}
		}
		_ = c.db.DropDeckFiles(ctx, gone)
	}
	return results, nil
}

func (s source) displayPath() string {
	if s.builtin != "" {
		return s.key
	}
	return s.path
}

// cachePut is the cache entry of a file just parsed.
func cachePut(key string, st [2]int64, data []byte, checked int64, r decks.FileResult) (store.DeckPut, error) {
	sum := sha256.Sum256(data)
	diags, err := decks.MarshalDiagnostics(r.Diags)
	if err != nil {
		return store.DeckPut{}, err
	}
	p := store.DeckPut{File: store.DeckFile{Path: key, Size: st[0], MtimeNS: st[1], Hash: sum[:], CheckedNS: checked,
		Version: decks.CodecVersion, Diags: diags}}
	d := r.Deck
	if d == nil {
		return p, nil
	}
	if p.File.Header, err = decks.MarshalHeader(d, r.IDPos); err != nil {
		return store.DeckPut{}, err
	}
	p.File.DeckID, p.File.Cards = d.ID, len(d.Cards)
	index := make(map[*decks.Card]int, len(d.Cards))
	for i, card := range d.Cards {
		index[card] = i
		b, err := decks.MarshalCard(card)
		if err != nil {
			return store.DeckPut{}, err
		}
		p.Cards = append(p.Cards, b)
	}
	for _, it := range d.Items() {
		p.Items = append(p.Items, store.DeckItem{ID: it.ID, Sibling: it.Sibling, Card: index[it.Card]})
	}
	p.File.Items = len(p.Items)
	return p, nil
}

// fromCache builds a file's result from its cache entry: in a lazy catalog
// a deck without its cards, otherwise with all of them. It reports false
// when the entry does not decode (it is then parsed again).
func (c *Catalog) fromCache(ctx context.Context, e *store.DeckFile, s source) (decks.FileResult, bool) {
	r := decks.FileResult{Path: s.displayPath()}
	diags, err := decks.UnmarshalDiagnostics(e.Diags)
	if err != nil {
		return r, false
	}
	r.Diags = diags
	if e.Header == nil {
		return r, true
	}
	d, idPos, err := decks.UnmarshalHeader(e.Header)
	if err != nil {
		return r, false
	}
	d.Path = r.Path // as a parse gives it: the path as named now, not as when cached
	r.Deck, r.IDPos = d, idPos
	if c.lazy {
		c.cached[d], c.sizes[d] = e.Path, [2]int{e.Cards, e.Items}
		return r, true
	}
	cards, err := c.allCards(ctx, e.Path)
	if err != nil || len(cards) != e.Cards {
		return r, false
	}
	d.Cards = cards
	return r, true
}

// allCards decodes every card of a cached file, in file order.
func (c *Catalog) allCards(ctx context.Context, key string) ([]*decks.Card, error) {
	return allCards(ctx, c.db, key)
}

func allCards(ctx context.Context, db *store.DB, key string) ([]*decks.Card, error) {
	raw, err := db.DeckCards(ctx, key, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*decks.Card, len(raw))
	for o := range out {
		b, ok := raw[o]
		if !ok {
			return nil, fmt.Errorf("deck cache: card %d of %s is missing", o, key)
		}
		if out[o], err = decks.UnmarshalCard(b); err != nil {
			return nil, fmt.Errorf("deck cache: %s: %v", key, err)
		}
	}
	return out, nil
}

// Source is the quiz.Source of deck d for a session, its states read from
// db: from the deck cache for a deck of a lazy catalog without its cards
// (its states read a page at a time), else the deck loaded whole, its
// items those keep chooses (nil: all).
func (c *Catalog) Source(ctx context.Context, db *store.DB, d *decks.Deck, keep func(*decks.Item) bool) (quiz.Source, error) {
	if key, ok := c.cached[d]; ok && d.Cards == nil {
		return &cachedSource{db: db, path: key, deck: d}, nil
	}
	states, err := db.States(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return quiz.Loaded(d, states, keep), nil
}

// LoadCards loads the cards of the decks of a lazy catalog that have none.
func (c *Catalog) LoadCards(ctx context.Context, ds []*decks.Deck) error {
	for _, d := range ds {
		if key, ok := c.cached[d]; ok && d.Cards == nil {
			cards, err := c.allCards(ctx, key)
			if err != nil {
				return err
			}
			d.Cards = cards
		}
	}
	return nil
}

// cachedSource is the quiz.Source of a deck in the deck cache.
type cachedSource struct {
	db   *store.DB
	path string
	deck *decks.Deck
}

func (s *cachedSource) Learning(ctx context.Context) ([]quiz.Item, error) {
	return items(s.db.LearningItems(ctx, s.path, s.deck.ID))
}

func (s *cachedSource) Due(ctx context.Context, now time.Time, after *quiz.Item, n int) ([]quiz.Item, error) {
	var from *store.ItemState
	if after != nil {
		from = &store.ItemState{Ord: after.Ord, State: after.State}
	}
	return items(s.db.DueItems(ctx, s.path, s.deck.ID, now, from, n))
}

func (s *cachedSource) New(ctx context.Context, after, n int) ([]quiz.Item, error) {
	return items(s.db.NewItems(ctx, s.path, after, n))
}

func (s *cachedSource) Counts(ctx context.Context, now time.Time, maxDue, maxNew int) (int, int, error) {
	return s.db.ItemCounts(ctx, s.path, s.deck.ID, now, maxDue, maxNew)
}

func (s *cachedSource) NextDue(ctx context.Context) (time.Time, bool, error) {
	return s.db.ItemsNextDue(ctx, s.path, s.deck.ID)
}

// All loads the whole deck: quizzes and practice ahead ask any card.
func (s *cachedSource) All(ctx context.Context) ([]quiz.Item, error) {
	cards, err := allCards(ctx, s.db, s.path)
	if err != nil {
		return nil, err
	}
	s.deck.Cards = cards
	states, err := s.db.States(ctx, s.deck.ID)
	if err != nil {
		return nil, err
	}
	return quiz.Loaded(s.deck, states, nil).All(ctx)
}

func (s *cachedSource) Card(ctx context.Context, i int) (*decks.Card, error) {
	b, err := s.db.DeckCard(ctx, s.path, i)
	if err != nil {
		return nil, err
	}
	card, err := decks.UnmarshalCard(b)
	if err != nil {
		return nil, fmt.Errorf("deck cache: %s: %v", s.path, err)
	}
	return card, nil
}

// items converts the store's items to the planner's.
func items(in []store.ItemState, err error) ([]quiz.Item, error) {
	out := make([]quiz.Item, len(in))
	for i, it := range in {
		out[i] = quiz.Item{ID: it.ID, Sibling: it.Sibling, Card: it.Card, Ord: it.Ord, State: it.State}
	}
	return out, err
}

// Prompt answers stats.Input.Prompt for the decks of a lazy catalog: the
// prompt of one item, made safe to print ("" for a deck not in the cache
// or an item it does not have).
func (c *Catalog) Prompt(ctx context.Context, deckID, itemID string) (string, error) {
	d := c.byID[deckID]
	key, ok := c.cached[d]
	if d == nil || !ok {
		return "", nil
	}
	ord, ok, err := c.db.DeckItemCard(ctx, key, deckID, itemID)
	if err != nil || !ok {
		return "", err
	}
	blob, err := c.db.DeckCard(ctx, key, ord)
	if err != nil {
		return "", err
	}
	card, err := decks.UnmarshalCard(blob)
	if err != nil {
		return "", fmt.Errorf("deck cache: %s: %v", key, err)
	}
	for _, it := range d.CardItems(card) {
		if it.ID == itemID {
			return decks.Sanitize(it.Prompt), nil
		}
	}
	return "", nil
}
