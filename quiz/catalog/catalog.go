// Package catalog is every deck ontap knows (the built-in ones, the user's
// deck folders, deck files named on the command line) and the deck cache
// that keeps them parsed in the progress database, serving the planner a
// quiz.Source per deck.
//
// It lives under quiz because it needs decks, decks/builtin, scoring/store
// and quiz's Source, and quiz imports none of it back.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/scoring/store"
)

// Options says where Load finds decks and how it reads them.
type Options struct {
	// Dirs are the user's deck folders, each overriding the ones before it
	// (and the built-in decks). The first need not exist; the others must
	// be folders.
	Dirs []string
	// DB is the progress database that holds the deck cache; nil parses
	// every deck file.
	DB *store.DB
	// Lazy leaves out the cards of decks read from the deck cache (LoadCards
	// and Source load them when asked).
	Lazy bool
}

// Catalog is every deck ontap knows: the built-in ones, then the user's
// deck folders. A user deck with the id of a built-in one takes its place.
type Catalog struct {
	decks    []*decks.Deck
	byID     map[string]*decks.Deck
	problems decks.Diagnostics // from user deck files that failed to load

	// cached holds, for decks read from the deck cache, the path the cache
	// knows them by. In a lazy catalog those decks have no cards yet.
	cached map[*decks.Deck]string
	sizes  map[*decks.Deck][2]int // cards and items of the decks in cached
	lazy   bool
	db     *store.DB
}

// Load loads every deck. Broken user deck files are left out and their
// problems kept (see Problems); a deck folder that cannot be read, and
// built-in decks with errors, are errors.
func Load(ctx context.Context, opt Options) (*Catalog, error) {
	c := &Catalog{byID: map[string]*decks.Deck{}, cached: map[*decks.Deck]string{},
		sizes: map[*decks.Deck][2]int{}, lazy: opt.Lazy, db: opt.DB}
	srcs := []source{}
	for _, name := range builtin.Names() {
		srcs = append(srcs, source{key: builtin.PathPrefix + name, builtin: name, group: 0})
	}
	for i, dir := range opt.Dirs {
		fi, err := os.Stat(dir)
		if i == 0 && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
			continue // the default user folder need not exist; a bad data dir is reported by the store
		}
		if err != nil {
			return nil, fmt.Errorf("deck folder %s: %v", dir, unwrapPath(err))
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("deck folder %s is not a folder", dir)
		}
		files, err := decks.Files(dir)
		if err != nil {
			c.problems = append(c.problems, decks.Diagnostic{Path: dir, Severity: decks.SeverityError,
				Message: unwrapPath(err).Error()})
		}
		for _, f := range files {
			srcs = append(srcs, source{key: absPath(f), path: f, group: i + 1})
		}
	}
	results, err := c.load(ctx, srcs)
	if err != nil {
		return nil, err
	}
	// Duplicate ids are an error inside one folder; a later folder (and
	// the user's folders after the built-in decks) overrides.
	for g := 0; g <= len(opt.Dirs); g++ {
		var rs []decks.FileResult
		for i, r := range results {
			if srcs[i].group == g {
				rs = append(rs, r)
			}
		}
		ds, diags := decks.Collect(rs)
		if g == 0 && diags.HasErrors() {
			return nil, fmt.Errorf("built-in decks: %v", diags)
		}
		if g > 0 { // the built-in decks' warnings are for their authors (deck lint builtin:...)
			c.problems = append(c.problems, diags...)
		}
		for _, d := range ds {
			c.add(d)
		}
	}
	return c, nil
}

// unwrapPath drops the operation and path from an *fs.PathError, which the
// caller's message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// absPath is the key of a deck file in the cache.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func (c *Catalog) add(d *decks.Deck) {
	if old, ok := c.byID[d.ID]; ok {
		for i, x := range c.decks {
			if x == old {
				c.decks = append(c.decks[:i], c.decks[i+1:]...)
				break
			}
		}
	}
	c.byID[d.ID] = d
	c.decks = append(c.decks, d)
}

// Decks is every deck, the built-in ones first, each folder's in file order.
func (c *Catalog) Decks() []*decks.Deck { return slices.Clone(c.decks) }

// Deck is the deck with the id, or nil.
func (c *Catalog) Deck(id string) *decks.Deck { return c.byID[id] }

// Problems are the diagnostics of the user's deck files, those that were
// left out and the warnings of those that loaded.
func (c *Catalog) Problems() decks.Diagnostics { return c.problems }

// Cached reports the key of deck d in the deck cache, when d was read from
// it (in a lazy catalog such a deck has no cards until LoadCards).
func (c *Catalog) Cached(d *decks.Deck) (string, bool) {
	key, ok := c.cached[d]
	return key, ok
}

// CardCount is how many cards deck d has, counted by the deck cache for a
// deck whose cards are not loaded.
func (c *Catalog) CardCount(d *decks.Deck) int {
	if n, ok := c.sizes[d]; ok {
		return n[0]
	}
	return len(d.Cards)
}

// ItemCount is how many items (questions asked) deck d has, counted by
// the deck cache for a deck whose cards are not loaded.
func (c *Catalog) ItemCount(d *decks.Deck) int {
	if n, ok := c.sizes[d]; ok {
		return n[1]
	}
	return len(d.Items())
}

// Resolve turns DECK arguments into decks: each is a deck id or a path to a
// .toml file, loaded whole. No arguments means every deck. A deck named
// twice is returned once.
func (c *Catalog) Resolve(args []string) ([]*decks.Deck, error) {
	if len(args) == 0 {
		return c.Decks(), nil
	}
	var out []*decks.Deck
	seen := map[string]bool{}
	for _, arg := range args {
		var d *decks.Deck
		if strings.HasSuffix(arg, ".toml") || strings.ContainsRune(arg, os.PathSeparator) {
			loaded, diags := decks.LoadFile(arg)
			if diags.HasErrors() {
				return nil, fmt.Errorf("deck %s has errors:\n%v", arg, diags)
			}
			d = loaded
		} else if d = c.byID[arg]; d == nil {
			return nil, c.UnknownDeck(arg)
		}
		if !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	return out, nil
}

// UnknownDeck is the error for a deck id the catalog does not know: with
// "did you mean" when the id is close to a known one, or the known ids.
func (c *Catalog) UnknownDeck(id string) error {
	if m := decks.Suggest(id, c.IDs()); m != "" {
		return fmt.Errorf("unknown deck %q; did you mean %q?", id, m)
	}
	return fmt.Errorf("unknown deck %q; known decks: %s", id, strings.Join(c.IDs(), ", "))
}

// IDs are the ids of every deck, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.decks))
	for _, d := range c.decks {
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
	return ids
}
