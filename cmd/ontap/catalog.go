package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/scoring/store"
)

// catalog is every deck ontap knows: the built-in ones, then the user's
// deck folder, then --decks. A user deck with the id of a built-in one
// takes its place.
type catalog struct {
	decks    []*decks.Deck
	byID     map[string]*decks.Deck
	problems decks.Diagnostics // from user deck files that failed to load

	// cached holds, for decks read from the deck cache, the path the cache
	// knows them by. In a lazy catalog those decks have no cards yet: see
	// studyDecks.
	cached map[*decks.Deck]string
	sizes  map[*decks.Deck][2]int // cards and items of the decks in cached
	lazy   bool
	db     *store.DB
}

func (a *App) userDeckDirs() []string {
	dirs := []string{filepath.Join(a.DataDir, "decks")}
	if a.DeckDir != "" {
		dirs = append(dirs, a.DeckDir)
	}
	return dirs
}

// loadCatalog loads every deck with all its cards. Broken user deck files
// are left out and their problems kept, to be reported.
func (a *App) loadCatalog() (*catalog, error) {
	return a.loadCatalogFrom(context.Background(), false)
}

// loadLazyCatalog loads every deck, leaving out the cards of decks found
// in the deck cache (studyDecks loads those a session needs).
func (a *App) loadLazyCatalog(ctx context.Context) (*catalog, error) {
	return a.loadCatalogFrom(ctx, true)
}

func (a *App) loadCatalogFrom(ctx context.Context, lazy bool) (*catalog, error) {
	c := &catalog{byID: map[string]*decks.Deck{}, cached: map[*decks.Deck]string{},
		sizes: map[*decks.Deck][2]int{}, lazy: lazy}
	if a.Getenv("ONTAP_DECK_CACHE") != "off" {
		// The cache is an optimisation: without a database, or with one
		// that cannot be opened, deck files are parsed.
		if db, err := a.Store(ctx, storeOptional); err == nil && db != nil {
			c.db = db
		}
	}
	srcs := []deckSource{}
	for _, name := range builtin.Names() {
		srcs = append(srcs, deckSource{key: builtin.PathPrefix + name, builtin: name, group: 0})
	}
	for i, dir := range a.userDeckDirs() {
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
			srcs = append(srcs, deckSource{key: absPath(f), path: f, group: i + 1})
		}
	}
	results, err := c.load(ctx, srcs)
	if err != nil {
		return nil, err
	}
	// Duplicate ids are an error inside one folder; a later folder (and
	// the user's folders after the built-in decks) overrides.
	for g := 0; g <= len(a.userDeckDirs()); g++ {
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

// absPath is the key of a deck file in the cache.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func (c *catalog) add(d *decks.Deck) {
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

// resolve turns DECK arguments into decks: each is a deck id or a path to a
// .toml file. No arguments means every deck.
func (c *catalog) resolve(args []string) ([]*decks.Deck, error) {
	if len(args) == 0 {
		return c.decks, nil
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
			return nil, c.unknownDeck(arg)
		}
		if !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	return out, nil
}

// itemCount is how many items (questions asked) deck d has, counted by
// the deck cache for a deck whose cards are not loaded.
func (c *catalog) itemCount(d *decks.Deck) int {
	if n, ok := c.sizes[d]; ok {
		return n[1]
	}
	return len(d.Items())
}

// unknownDeck is the error for a deck id the catalog does not know: with
// "did you mean" when the id is close to a known one, or the known ids.
func (c *catalog) unknownDeck(id string) error {
	if m := decks.Suggest(id, c.ids()); m != "" {
		return fmt.Errorf("unknown deck %q; did you mean %q?", id, m)
	}
	return fmt.Errorf("unknown deck %q; known decks: %s", id, strings.Join(c.ids(), ", "))
}

func (c *catalog) ids() []string {
	ids := make([]string, 0, len(c.decks))
	for _, d := range c.decks {
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
	return ids
}
