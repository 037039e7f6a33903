package catalog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/builtin"
	"github.com/ontap/ontap/scoring/store"
)

// deckText is a deck of typed cards with the given ids, each asking
// "PROMPT ID".
func deckText(title, prompt string, ids ...string) string {
	var b strings.Builder
	b.WriteString("[deck]\ntitle = \"" + title + "\"\n")
	for _, id := range ids {
		b.WriteString("\n[[card]]\nid = \"" + id + "\"\nkind = \"typed\"\nprompt = \"" + prompt + " " + id + "\"\nanswer = \"x\"\n")
	}
	return b.String()
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func builtinIDs(t *testing.T) []string {
	t.Helper()
	ds, err := builtin.Decks()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestLoadFolders(t *testing.T) {
	builtins := builtinIDs(t)
	over := builtins[0]
	tests := []struct {
		name    string
		files   map[string]string // path under the test's dir: text
		dirs    []string          // under the test's dir
		check   func(t *testing.T, c *Catalog)
		wantErr string
	}{
		{name: "no user folder: the built-in decks", dirs: []string{"missing"},
			check: func(t *testing.T, c *Catalog) {
				if got := c.IDs(); !slices.Equal(got, sortedCopy(builtins)) {
					t.Errorf("ids %v, want the built-in %v", got, builtins)
				}
				for _, d := range c.Decks() {
					if !d.Builtin || !strings.HasPrefix(d.Path, builtin.PathPrefix) {
						t.Errorf("deck %s: Builtin %v, Path %q", d.ID, d.Builtin, d.Path)
					}
				}
			}},
		{name: "a user deck replaces the built-in one of its id", dirs: []string{"a"},
			files: map[string]string{"a/" + over + ".toml": deckText("Mine", "q", "c1")},
			check: func(t *testing.T, c *Catalog) {
				d := c.Deck(over)
				if d == nil || d.Builtin || d.Title != "Mine" {
					t.Fatalf("deck %s = %+v, want the user's", over, d)
				}
				if n := len(c.Decks()); n != len(builtins) {
					t.Errorf("%d decks, want %d", n, len(builtins))
				}
				if ds := c.Decks(); ds[len(ds)-1] != d {
					t.Errorf("the user's deck is not after the built-in ones")
				}
			}},
		{name: "a later folder overrides an earlier one", dirs: []string{"a", "b"},
			files: map[string]string{"a/mine.toml": deckText("First", "q", "c1"), "b/mine.toml": deckText("Second", "q", "c1", "c2")},
			check: func(t *testing.T, c *Catalog) {
				if d := c.Deck("mine"); d == nil || d.Title != "Second" || c.ItemCount(d) != 2 {
					t.Errorf("deck mine = %+v, want the second folder's, 2 items", d)
				}
			}},
		{name: "a broken file is left out and its problem kept", dirs: []string{"a"},
			files: map[string]string{"a/good.toml": deckText("Good", "q", "c1"), "a/bad.toml": "[deck\n"},
			check: func(t *testing.T, c *Catalog) {
				if c.Deck("good") == nil || c.Deck("bad") != nil {
					t.Errorf("ids %v, want good and not bad", c.IDs())
				}
				p := c.Problems()
				if !p.HasErrors() || !strings.Contains(fmt.Sprint(p), "bad.toml") {
					t.Errorf("problems %q, want an error naming bad.toml", p)
				}
			}},
		{name: "a missing --decks folder is an error", dirs: []string{"a", "gone"},
			wantErr: "deck folder DIR/gone: no such file or directory"},
		{name: "a --decks file is not a folder", dirs: []string{"a", "f.toml"},
			files:   map[string]string{"f.toml": deckText("F", "q", "c1")},
			wantErr: "deck folder DIR/f.toml is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, text := range tt.files {
				write(t, filepath.Join(dir, p), text)
			}
			var dirs []string
			for _, d := range tt.dirs {
				dirs = append(dirs, filepath.Join(dir, d))
			}
			if tt.dirs[0] == "a" {
				_ = os.MkdirAll(dirs[0], 0o755)
			}
			c, err := Load(context.Background(), Options{Dirs: dirs})
			if tt.wantErr != "" {
				if err == nil || strings.ReplaceAll(err.Error(), dir, "DIR") != tt.wantErr {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "decks", "alpha.toml"), deckText("Alpha", "q", "c1"))
	write(t, filepath.Join(dir, "decks", "beta.toml"), deckText("Beta", "q", "c1"))
	write(t, filepath.Join(dir, "elsewhere", "gamma.toml"), deckText("Gamma", "q", "c1"))
	write(t, filepath.Join(dir, "elsewhere", "broken.toml"), "[deck\n")
	c, err := Load(context.Background(), Options{Dirs: []string{filepath.Join(dir, "decks")}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		want    []string // deck ids
		wantErr string
	}{
		{args: nil, want: c.IDs()},
		{args: []string{"beta", "alpha"}, want: []string{"beta", "alpha"}},
		{args: []string{"alpha", "alpha"}, want: []string{"alpha"}},
		{args: []string{filepath.Join(dir, "elsewhere", "gamma.toml"), "alpha"}, want: []string{"gamma", "alpha"}},
		{args: []string{"alpah"}, wantErr: `unknown deck "alpah"; did you mean "alpha"?`},
		{args: []string{"zzzzzzzz"}, wantErr: `unknown deck "zzzzzzzz"; known decks: ` + strings.Join(c.IDs(), ", ")},
		{args: []string{filepath.Join(dir, "elsewhere", "broken.toml")}, wantErr: "deck " + filepath.Join(dir, "elsewhere", "broken.toml") + " has errors:"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, ","), func(t *testing.T) {
			ds, err := c.Resolve(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.ID)
			}
			if tt.args == nil {
				slices.Sort(got)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("decks %v, want %v", got, tt.want)
			}
		})
	}
}

// itemIDs are the ids of the items of ds, in order.
func itemIDs(ds ...*decks.Deck) []string {
	var out []string
	for _, d := range ds {
		for _, it := range d.Items() {
			out = append(out, d.ID+"/"+it.ID)
		}
	}
	return out
}

// cacheFixture writes the deck files (in dir/decks) and opens a database
// in dir; load loads dir/decks with its deck cache. The files are aged:
// files younger than the racy window are hashed again on each start, and
// aged ones are trusted on size and time.
func cacheFixture(t *testing.T, dir string, files map[string]string) (*store.DB, func(lazy bool) *Catalog) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for path, text := range files {
		write(t, path, text)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(filepath.Join(dir, "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	load := func(lazy bool) *Catalog {
		t.Helper()
		c, err := Load(context.Background(), Options{Dirs: []string{filepath.Join(dir, "decks")}, DB: db, Lazy: lazy})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return db, load
}

// TestDeckCache loads the same folder from the deck cache, eagerly and
// lazily, after a file changed and after one was removed: each time the
// decks must be those a parse gives.
func TestDeckCache(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	decksDir := filepath.Join(dir, "decks")
	alpha, beta := filepath.Join(decksDir, "alpha.toml"), filepath.Join(decksDir, "beta.toml")
	db, load := cacheFixture(t, dir, map[string]string{
		alpha: deckText("Alpha", "say", "a1", "a2", "a3"),
		beta:  deckText("Beta", "tell", "b1")})
	parsed, err := Load(ctx, Options{Dirs: []string{decksDir}})
	if err != nil {
		t.Fatal(err)
	}
	want := itemIDs(parsed.Decks()...)

	first := load(false) // parses and fills the cache
	if got := itemIDs(first.Decks()...); !slices.Equal(got, want) {
		t.Fatalf("first load: items %v, want %v", got, want)
	}
	if got := itemIDs(load(false).Decks()...); !slices.Equal(got, want) {
		t.Errorf("eager load from the cache: items %v, want %v", got, want)
	}

	lazy := load(true)
	a := lazy.Deck("alpha")
	if _, ok := lazy.Cached(a); !ok || a.Cards != nil {
		t.Fatalf("lazy alpha: cached %v, %d cards loaded; want cached, none loaded", ok, len(a.Cards))
	}
	if n, m := lazy.CardCount(a), lazy.ItemCount(a); n != 3 || m != 3 {
		t.Errorf("lazy alpha counts %d cards, %d items; want 3, 3", n, m)
	}
	if p, err := lazy.Prompt(ctx, "alpha", "a2"); err != nil || p != "say a2" {
		t.Errorf("Prompt(alpha, a2) = %q, %v; want %q", p, err, "say a2")
	}
	if p, err := lazy.Prompt(ctx, "alpha", "nope"); err != nil || p != "" {
		t.Errorf("Prompt of an unknown item = %q, %v; want empty", p, err)
	}
	src, err := lazy.Source(ctx, db, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, loaded := src.(*cachedSource); !loaded {
		t.Errorf("the source of a lazy deck is a %T, want the cache's", src)
	}
	if its, err := src.All(ctx); err != nil || len(its) != 3 {
		t.Errorf("All of lazy alpha: %d items, %v; want 3", len(its), err)
	}
	b := lazy.Deck("beta")
	if err := lazy.LoadCards(ctx, []*decks.Deck{b}); err != nil {
		t.Fatal(err)
	}
	if got := itemIDs(b); !slices.Equal(got, []string{"beta/b1"}) {
		t.Errorf("beta's cards after LoadCards: %v", got)
	}

	// A changed file is parsed again; a removed one leaves the cache.
	write(t, alpha, deckText("Alpha", "say", "a1", "a4"))
	if err := os.Remove(beta); err != nil {
		t.Fatal(err)
	}
	again := load(true)
	if again.Deck("beta") != nil {
		t.Errorf("beta is still in the catalog after its file was removed")
	}
	a = again.Deck("alpha")
	if err := again.LoadCards(ctx, []*decks.Deck{a}); err != nil {
		t.Fatal(err)
	}
	if got := itemIDs(a); !slices.Equal(got, []string{"alpha/a1", "alpha/a4"}) {
		t.Errorf("alpha after its file changed: %v, want a1, a4", got)
	}
	files, err := db.DeckFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files[absPath(beta)]; ok {
		t.Errorf("the cache still has an entry for removed %s", beta)
	}
	if _, ok := files[absPath(alpha)]; !ok {
		t.Errorf("the cache has no entry for %s", alpha)
	}

	// The cache is keyed by the absolute path; a deck's path is the one
	// named now, as a parse gives it.
	t.Chdir(dir)
	rel, err := Load(ctx, Options{Dirs: []string{"decks"}, DB: db, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	a = rel.Deck("alpha")
	if _, ok := rel.Cached(a); !ok || a.Path != filepath.Join("decks", "alpha.toml") {
		t.Errorf("alpha loaded as decks/alpha.toml: cached %v, path %q", ok, a.Path)
	}
}

// TestDeckCacheParsesBadEntriesAgain: an entry of another CodecVersion, or
// one that does not decode, is not believed: the deck is parsed from its
// file and the entry written again.
func TestDeckCacheParsesBadEntriesAgain(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "decks", "alpha.toml")
	db, load := cacheFixture(t, dir, map[string]string{path: deckText("Alpha", "say", "a1", "a2")})
	load(false) // fills the cache
	files, err := db.DeckFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	good := *files[absPath(path)]
	stale, err := decks.MarshalHeader(&decks.Deck{ID: "alpha", Title: "Stale", Path: path}, decks.Pos{Line: 1, Col: 1})
	if err != nil {
		t.Fatal(err)
	}
	card, err := decks.MarshalCard(&decks.Card{ID: "a1", Kind: decks.KindTyped, Prompt: "stale a1", Answer: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		version int
		header  []byte
		cards   [][]byte
		lazy    bool
	}{
		{"another version, lazily", decks.CodecVersion - 1, stale, [][]byte{card, card}, true},
		{"another version", decks.CodecVersion - 1, stale, [][]byte{card, card}, false},
		{"a header that does not decode", decks.CodecVersion, []byte("\x05alpha\x05Alpha"), [][]byte{card, card}, true},
		{"a card that does not decode", decks.CodecVersion, good.Header, [][]byte{card, []byte("\x02a2")}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := good
			bad.Version, bad.Header = tt.version, tt.header
			if err := db.PutDeckFiles(ctx, []store.DeckPut{{File: bad, Cards: tt.cards}}); err != nil {
				t.Fatal(err)
			}
			c := load(tt.lazy)
			d := c.Deck("alpha")
			if d == nil || d.Title != "Alpha" {
				t.Fatalf("deck %+v, want the file's (title Alpha)", d)
			}
			if err := c.LoadCards(ctx, []*decks.Deck{d}); err != nil {
				t.Fatal(err)
			}
			if len(d.Cards) != 2 || d.Cards[0].Prompt != "say a1" {
				t.Fatalf("cards %+v, want the file's", d.Cards)
			}
			files, err := db.DeckFiles(ctx)
			if err != nil {
				t.Fatal(err)
			}
			e := files[absPath(path)]
			if h, _, err := decks.UnmarshalHeader(e.Header); e.Version != decks.CodecVersion || err != nil || h.Title != "Alpha" {
				t.Errorf("entry after the load: version %d, header %+v (%v); want version %d, title Alpha", e.Version, h, err, decks.CodecVersion)
			}
		})
	}
}
