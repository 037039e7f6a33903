package main

import (
	"context"
	"path/filepath"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/quiz"
	deckcatalog "github.com/ontap/ontap/quiz/catalog"
	"github.com/ontap/ontap/scoring/store"
)

// catalog is the command layer's view of a deckcatalog.Catalog: the
// fields the commands read, and the catalog's methods under the names
// they call.
type catalog struct {
	*deckcatalog.Catalog
	decks    []*decks.Deck
	byID     map[string]*decks.Deck
	problems decks.Diagnostics
	cached   map[*decks.Deck]string // the deck cache's key of the decks read from it
	sizes    map[*decks.Deck][2]int // cards and items of the decks in cached
}

// userDeckDirs are the user's deck folders: the one in the data dir, then
// --decks.
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

// oneDeck loads the catalog and resolves arg (a deck id or path) to its
// deck, with every card.
func (a *App) oneDeck(arg string) (*decks.Deck, error) {
	cat, err := a.loadCatalog()
	if err != nil {
		return nil, err
	}
	ds, err := cat.resolve([]string{arg})
	if err != nil {
		return nil, err
	}
	return ds[0], nil
}

// loadLazyCatalog loads every deck, leaving out the cards of decks found
// in the deck cache (loadCards and source load them).
func (a *App) loadLazyCatalog(ctx context.Context) (*catalog, error) {
	return a.loadCatalogFrom(ctx, true)
}

func (a *App) loadCatalogFrom(ctx context.Context, lazy bool) (*catalog, error) {
	opt := deckcatalog.Options{Dirs: a.userDeckDirs(), Lazy: lazy}
	if a.Getenv("ONTAP_DECK_CACHE") != "off" {
		// The cache is an optimisation: without a database, or with one
		// that cannot be opened, deck files are parsed.
		if db, err := a.Store(ctx, storeOptional); err == nil && db != nil {
			opt.DB = db
		}
	}
	lib, err := deckcatalog.Load(ctx, opt)
	if err != nil {
		return nil, err
	}
	c := &catalog{Catalog: lib, decks: lib.Decks(), byID: map[string]*decks.Deck{}, problems: lib.Problems(),
		cached: map[*decks.Deck]string{}, sizes: map[*decks.Deck][2]int{}}
	for _, d := range c.decks {
		c.byID[d.ID] = d
		if key, ok := lib.Cached(d); ok {
			c.cached[d], c.sizes[d] = key, [2]int{lib.CardCount(d), lib.ItemCount(d)}
		}
	}
	return c, nil
}

func (c *catalog) resolve(args []string) ([]*decks.Deck, error) { return c.Resolve(args) }
func (c *catalog) itemCount(d *decks.Deck) int                  { return c.ItemCount(d) }
func (c *catalog) unknownDeck(id string) error                  { return c.UnknownDeck(id) }
func (c *catalog) ids() []string                                { return c.IDs() }

func (c *catalog) loadCards(ctx context.Context, ds []*decks.Deck) error { return c.LoadCards(ctx, ds) }

func (c *catalog) prompt(ctx context.Context, deckID, itemID string) (string, error) {
	return c.Prompt(ctx, deckID, itemID)
}

func (c *catalog) source(ctx context.Context, db *store.DB, d *decks.Deck, keep func(*decks.Item) bool) (quiz.Source, error) {
	return c.Source(ctx, db, d, keep)
}
