// Package builtin holds the decks shipped inside the ontap binary: five
// decks built from the articles on Vietnam's defense industry, defense
// diplomacy and Industry 4.0 (the "four no's", a timeline of campaigns and
// dates, the defense expos, defense diplomacy, Industry 4.0).
//
// The deck files are embedded with go:embed; each is one NAME.toml file in
// the format of decks/FORMAT.md, and NAME is the deck's id. Each deck
// names its articles in [[source]] tables (title, and date when the
// article gives one), and every card cites one by id in its `source` key.
package builtin

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/ontap/ontap/decks"
)

//go:embed *.toml
var files embed.FS

// PathPrefix is what the Path of a built-in deck starts with: the deck
// from four-nos.toml has the Path "builtin:four-nos.toml".
const PathPrefix = "builtin:"

// FS returns the embedded deck files, one NAME.toml per deck at the root.
func FS() fs.FS { return files }

// Names returns the file names of the built-in decks ("four-nos.toml",
// ...), sorted.
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil { // cannot happen with an embed.FS; keep the value honest
		return nil
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Decks parses every built-in deck, in file-name order. Each deck has
// Path "builtin:NAME.toml" and Builtin set. If any deck has errors, Decks
// returns the decks that parsed cleanly and an error joining every
// deck's diagnostics.
func Decks() ([]*decks.Deck, error) {
	var (
		out  []*decks.Deck
		errs []error
	)
	for _, name := range Names() {
		d, err := Load(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, d)
	}
	return out, errors.Join(errs...)
}

// Load parses one built-in deck by file name ("four-nos.toml") or id
// ("four-nos"). The error, if any, carries all of the deck's diagnostics.
func Load(name string) (*decks.Deck, error) {
	name = strings.TrimPrefix(name, PathPrefix)
	if !strings.HasSuffix(name, ".toml") {
		name += ".toml"
	}
	if name != path.Base(name) {
		return nil, fmt.Errorf("builtin: no deck %q", name)
	}
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return nil, fmt.Errorf("builtin: no deck %q", strings.TrimSuffix(name, ".toml"))
	}
	d, diags := decks.Parse(PathPrefix+name, data)
	if diags.HasErrors() {
		return nil, diags
	}
	if d == nil {
		return nil, fmt.Errorf("%s%s: parser returned no deck", PathPrefix, name)
	}
	d.Path = PathPrefix + name
	d.Builtin = true
	return d, nil
}
