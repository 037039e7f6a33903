package decks

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ontap/ontap/decks/safefile"
)

// LoadFile reads and parses one deck file, through safefile: a path that
// is not a regular file, or a file larger than MaxFileSize, is rejected
// before it is read. I/O problems are diagnostics without a position.
func LoadFile(path string) (*Deck, Diagnostics) {
	data, err := readDeckFile(path)
	if err != nil {
		return nil, Diagnostics{ioDiagnostic(path, err)}
	}
	return Parse(path, data)
}

// readDeckFile reads a deck file through safefile, under MaxFileSize.
func readDeckFile(path string) ([]byte, error) {
	return safefile.ReadFile(context.Background(), path, MaxFileSize)
}

func ioDiagnostic(path string, err error) Diagnostic {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in front of the message
	}
	return Diagnostic{Path: path, Severity: SeverityError, Message: err.Error()}
}

// LoadDir loads every deck file (*.toml) in dir and its subdirectories,
// in order of path. Directories and files whose names start with "." are
// skipped, and symbolic links to directories are not followed. It returns
// the decks that loaded without errors, and the diagnostics of all files,
// sorted by path and position. Two decks with the same id are an error on
// the second (progress is kept by deck id); the second is not returned.
func LoadDir(dir string) ([]*Deck, Diagnostics) {
	files, err := deckFiles(dir)
	if err != nil {
		return nil, Diagnostics{ioDiagnostic(dir, err)}
	}
	return loadFiles(files)
}

// deckFiles lists the *.toml files under dir, sorted.
func deckFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		hidden := path != dir && strings.HasPrefix(e.Name(), ".")
		if e.IsDir() {
			if hidden {
				return filepath.SkipDir
			}
			return nil
		}
		if !hidden && strings.HasSuffix(e.Name(), ".toml") && (e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0) {
			files = append(files, path)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// Files lists the deck files (*.toml) under dir as LoadDir finds them,
// sorted: hidden files and directories are skipped, and symbolic links to
// directories are not followed.
func Files(dir string) ([]string, error) { return deckFiles(dir) }

// ReadFile reads a deck file as LoadFile does: a regular file of at most
// MaxFileSize bytes. A read stops with ctx.Err() once ctx is done.
func ReadFile(ctx context.Context, path string) ([]byte, error) {
	return safefile.ReadFile(ctx, path, MaxFileSize)
}

// FileResult is one deck file loaded: its deck (nil when the file has
// errors), where its id is written (for a duplicate-id diagnostic), and its
// diagnostics.
type FileResult struct {
	Path  string
	Deck  *Deck
	IDPos Pos
	Diags Diagnostics
}

// ParseAll parses the contents of deck files (data[i] is the content of
// paths[i], or nil with errs[i] set when it could not be read) on up to
// GOMAXPROCS goroutines (the parser keeps no shared state); the results are
// in the order of paths.
func ParseAll(paths []string, data [][]byte, errs []error) []FileResult {
	res := make([]FileResult, len(paths))
	parallel(len(paths), func(i int) {
		res[i].Path = paths[i]
		if errs != nil && errs[i] != nil {
			res[i].Diags = Diagnostics{ioDiagnostic(paths[i], errs[i])}
			return
		}
		res[i].Deck, res[i].IDPos, res[i].Diags = parse(paths[i], data[i])
	})
	return res
}

// parallel calls fn(0), ..., fn(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// parseFiles reads and parses files in parallel; the results are in the
// order of files.
func parseFiles(files []string) []FileResult {
	data := make([][]byte, len(files))
	errs := make([]error, len(files))
	parallel(len(files), func(i int) { data[i], errs[i] = readDeckFile(files[i]) })
	return ParseAll(files, data, errs)
}

// Collect gathers the decks of loaded files, in their order, and their
// diagnostics sorted by path and position. A deck id used by an earlier
// file is an error on the later one, which is left out (progress is kept
// by deck id).
func Collect(files []FileResult) ([]*Deck, Diagnostics) {
	var out []*Deck
	var diags Diagnostics
	first := map[string]string{} // deck id → file
	for _, r := range files {
		diags = append(diags, r.Diags...)
		if r.Deck == nil {
			continue
		}
		if prev, dup := first[r.Deck.ID]; dup {
			diags = append(diags, Diagnostic{Path: r.Path, Pos: r.IDPos, Severity: SeverityError,
				Message: fmt.Sprintf("deck id %q is already used by %s", r.Deck.ID, prev)})
			continue
		}
		first[r.Deck.ID] = r.Path
		out = append(out, r.Deck)
	}
	sortDiagnostics(diags)
	return out, diags
}

// loadFiles parses files (in parallel) and, in their order, reports deck
// ids used twice.
func loadFiles(files []string) ([]*Deck, Diagnostics) { return Collect(parseFiles(files)) }

// Lint checks deck files and directories of deck files (searched as by
// LoadDir) and returns every problem found, sorted by path and position.
// The error is only for paths that cannot be read at all (missing, or not
// readable); problems inside files, including a file that cannot be read
// during the walk, are diagnostics.
func Lint(paths []string) (Diagnostics, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := deckFiles(p)
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	seen := map[string]bool{}
	files = slices.DeleteFunc(files, func(f string) bool {
		dup := seen[f]
		seen[f] = true
		return dup
	})
	_, diags := loadFiles(files)
	return diags, nil
}
