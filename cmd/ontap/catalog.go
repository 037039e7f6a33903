package main

import (
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
)

// catalog is every deck ontap knows: the built-in ones, then the user's
// deck folder, then --decks. A user deck with the id of a built-in one
// takes its place.
type catalog struct {
	decks    []*decks.Deck
	byID     map[string]*decks.Deck
	problems decks.Diagnostics // from user deck files that failed to load
}

func (a *App) userDeckDirs() []string {
	dirs := []string{filepath.Join(a.DataDir, "decks")}
	if a.DeckDir != "" {
		dirs = append(dirs, a.DeckDir)
	}
	return dirs
}

// loadCatalog loads every deck. Broken user deck files are left out and
// their problems kept, to be reported.
func (a *App) loadCatalog() (*catalog, error) {
	c := &catalog{byID: map[string]*decks.Deck{}}
	bi, err := builtin.Decks()
	if err != nil {
		return nil, fmt.Errorf("built-in decks: %v", err)
	}
	for _, d := range bi {
		c.add(d)
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
		ds, diags := decks.LoadDir(dir)
		c.problems = append(c.problems, diags...)
		for _, d := range ds {
			c.add(d)
		}
	}
	return c, nil
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
			return nil, fmt.Errorf("unknown deck %q; known decks: %s", arg, strings.Join(c.ids(), ", "))
		}
		if !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	return out, nil
}

func (c *catalog) ids() []string {
	ids := make([]string, 0, len(c.decks))
	for _, d := range c.decks {
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
	return ids
}
