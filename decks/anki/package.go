// Package anki reads and writes Anki packages (.apkg and .colpkg): the zip
// file, the SQLite collection inside it (schema 11 in collection.anki2 and
// collection.anki21, schema 18 zstd-compressed in collection.anki21b) and
// its media map. It turns a package into ontap decks and review-log
// entries (Convert) and an ontap deck into a schema-11 package (Build,
// Write). Packages are untrusted: every size is bounded (see Limits) and
// a bad package is an error, never a panic. README.md beside this file is
// the reference.
package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"

	"github.com/ontap/ontap/decks"
	"github.com/ontap/ontap/decks/safefile"
)

// Limits bound what Read accepts from a package.
type Limits struct {
	PackageBytes    int64 // the zip file itself
	CollectionBytes int64 // the uncompressed SQLite collection
	MetaBytes       int64 // the uncompressed meta and media map files
	Ratio           int64 // uncompressed size over compressed size, for each entry read
	MediaFiles      int   // names in the media map
	Notes           int   // notes in the collection
	Cards           int   // cards in the collection
	Reviews         int   // revlog rows in the collection
	FieldBytes      int   // bytes in one note (all its fields)
}

// DefaultLimits are the limits of Read when none are given. They are
// generous for real collections (a collection of 100,000 notes and a
// million reviews is about 200 MiB) and stop zip bombs early.
var DefaultLimits = Limits{
	PackageBytes:    1 << 30,
	CollectionBytes: 1 << 30,
	MetaBytes:       16 << 20,
	Ratio:           200,
	MediaFiles:      200_000,
	Notes:           500_000,
	Cards:           1_000_000,
	Reviews:         5_000_000,
	FieldBytes:      1 << 20,
}

// Package is what an Anki package holds, in plain Go values.
type Package struct {
	Format    string // the collection file read: "collection.anki2", "collection.anki21" or "collection.anki21b"
	Schema    int    // 11 or 18
	Created   time.Time
	Notetypes map[int64]*Notetype
	Decks     map[int64]*Deck
	Notes     []Note   // in id order
	Cards     []Card   // in id order
	Revlog    []Review // in id (time) order
	Media     []string // file names in the media map, sorted
}

// Notetype is an Anki note type: its fields and card templates.
type Notetype struct {
	ID        int64
	Name      string
	Cloze     bool
	Fields    []string // names, in order
	Templates []Template
	SortField int
}

// Template is one card template of a note type.
type Template struct {
	Name string
	Q, A string // question and answer formats
}

// Deck is an Anki deck. Name uses "::" between a parent and a child.
type Deck struct {
	ID          int64
	Name        string
	Description string
	Filtered    bool
}

// Note is an Anki note.
type Note struct {
	ID         int64
	GUID       string
	NotetypeID int64
	Fields     []string // HTML, as Anki stores them
	Tags       []string
}

// Card is an Anki card: a note and the template (ord) it is asked with.
type Card struct {
	ID       int64
	NoteID   int64
	DeckID   int64 // for a card in a filtered deck, its original deck
	Ord      int
	Type     int // 0 new, 1 learning, 2 review, 3 relearning
	Queue    int // -3, -2 buried, -1 suspended, 0 new, 1 learning, 2 review, 3 day learning, 4 preview
	Due      int64
	Interval int // days when positive
	Reps     int
	Lapses   int
}

// Review is one row of Anki's revlog.
type Review struct {
	ID       int64 // milliseconds since 1970: when the answer was given
	CardID   int64
	Ease     int // 1 again, 2 hard, 3 good, 4 easy; 0 for a manual rescheduling
	Interval int // after the answer: days when positive, seconds when negative
	LastIvl  int
	Factor   int
	TakenMS  int // time taken to answer, in milliseconds
	Type     int // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
}

// Review types in the revlog.
const (
	RevLearn       = 0
	RevReview      = 1
	RevRelearn     = 2
	RevFiltered    = 3
	RevManual      = 4
	RevRescheduled = 5
)

// Time returns when the review was given.
func (r Review) Time() time.Time { return time.UnixMilli(r.ID).UTC() }

// Error is a problem with a package: what is wrong, with the file's name.
type Error struct {
	Path string
	Msg  string
}

// Error returns "path: message", safe to print on a terminal (the path
// and the package's text in the message are untrusted).
func (e *Error) Error() string { return decks.Sanitize(e.Path + ": " + e.Msg) }

func errorf(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Read reads the Anki package at path (.apkg or .colpkg) through
// decks/safefile: a regular file of at most lim.PackageBytes, read whole
// into memory. Nothing is written but one temporary file (the
// uncompressed collection, removed before Read returns).
func Read(ctx context.Context, path string, lim Limits) (*Package, error) {
	data, err := safefile.ReadFile(ctx, path, lim.PackageBytes)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, errorf(path, "cannot read: %v", err)
	}
	return ReadFrom(ctx, bytes.NewReader(data), int64(len(data)), path, lim)
}

// ReadFrom reads an Anki package of size bytes from r; name is used in
// errors.
func ReadFrom(ctx context.Context, r io.ReaderAt, size int64, name string, lim Limits) (*Package, error) {
	if size > lim.PackageBytes {
		return nil, errorf(name, "%d bytes: the limit for a package is %d", size, lim.PackageBytes)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errorf(name, "not an Anki package: not a zip file (%v)", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	version := 0
	if m := files["meta"]; m != nil {
		data, err := readEntry(m, lim.MetaBytes, lim.Ratio, name)
		if err != nil {
			return nil, err
		}
		version, err = metaVersion(data)
		if err != nil {
			return nil, errorf(name, "meta: %v", err)
		}
		if version < 1 || version > 3 {
			return nil, errorf(name, "meta: package version %d is unknown (made by a newer Anki?); export with \"Support older Anki versions\"", version)
		}
	}
	var collName string
	switch {
	case version == 3 || (version == 0 && files["collection.anki21b"] != nil):
		collName, version = "collection.anki21b", 3
	case version == 2 || (version == 0 && files["collection.anki21"] != nil):
		collName, version = "collection.anki21", 2
	default:
		collName, version = "collection.anki2", 1
	}
	cf := files[collName]
	if cf == nil {
		return nil, errorf(name, "not an Anki package: no %s in the zip file", collName)
	}
	media, err := readMedia(files["media"], version == 3, lim, name)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "ontap-anki-*.sqlite")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary file: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := copyEntry(ctx, tmp, cf, version == 3, lim.CollectionBytes, lim.Ratio, name); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("cannot write a temporary file: %w", err)
	}
	p, err := readCollection(ctx, tmp.Name(), name+": "+collName, lim)
	if err != nil {
		return nil, err
	}
	p.Format = collName
	p.Media = media
	return p, nil
}

// limitedWriter fails once more than max bytes are written.
type limitedWriter struct {
	w        io.Writer
	n, max   int64
	exceeded bool
}

var errTooBig = errors.New("too big")

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n+int64(len(p)) > l.max {
		l.exceeded = true
		return 0, errTooBig
	}
	n, err := l.w.Write(p)
	l.n += int64(n)
	return n, err
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// entryLimit is how many bytes an entry may expand to: max, and at most
// ratio times its compressed size (at least 1 MiB, so that tiny files of
// zeros are not refused).
func entryLimit(f *zip.File, max, ratio int64) int64 {
	byRatio := int64(f.CompressedSize64) * ratio
	if byRatio < 1<<20 {
		byRatio = 1 << 20
	}
	return min(max, byRatio)
}

// copyEntry writes the (possibly zstd-compressed) content of f to w,
// within the limits.
func copyEntry(ctx context.Context, w io.Writer, f *zip.File, zstdCompressed bool, max, ratio int64, name string) error {
	limit := entryLimit(f, max, ratio)
	if f.UncompressedSize64 > uint64(limit) && !zstdCompressed {
		return tooBig(f, limit, max, name)
	}
	rc, err := f.Open()
	if err != nil {
		return errorf(name, "%s: %v", f.Name, err)
	}
	defer rc.Close()
	var src io.Reader = ctxReader{ctx, rc}
	if zstdCompressed {
		dec, err := zstd.NewReader(src, zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return errorf(name, "%s: %v", f.Name, err)
		}
		defer dec.Close()
		src = dec
	}
	lw := &limitedWriter{w: w, max: limit}
	if _, err := io.Copy(lw, src); err != nil {
		switch {
		case lw.exceeded:
			return tooBig(f, limit, max, name)
		case ctx.Err() != nil:
			return ctx.Err()
		case zstdCompressed && (errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded)):
			return tooBig(f, limit, max, name)
		case zstdCompressed:
			return errorf(name, "%s: not valid zstd data: %v", f.Name, err)
		}
		return errorf(name, "%s: %v", f.Name, err)
	}
	return nil
}

// tooBig is the error for an entry past its limit: the ratio's
// (limit, below maxBytes) or the size limit itself.
func tooBig(f *zip.File, limit, maxBytes int64, name string) error {
	if limit < maxBytes {
		return errorf(name, "%s expands to more than %d bytes, %d times its compressed size (a zip bomb?); nothing imported", f.Name, limit, limit/max(int64(f.CompressedSize64), 1))
	}
	return errorf(name, "%s expands to more than %d bytes, the limit; nothing imported", f.Name, maxBytes)
}

// readEntry returns the content of a small entry (meta, media map).
func readEntry(f *zip.File, max, ratio int64, name string) ([]byte, error) {
	var buf bytes.Buffer
	if err := copyEntry(context.Background(), &buf, f, false, max, ratio, name); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readMedia reads the media map: JSON {"0": "name"} in legacy packages,
// zstd-compressed protobuf MediaEntries in the latest. It returns the
// file names, refusing names that could escape a folder.
func readMedia(f *zip.File, latest bool, lim Limits, name string) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := copyEntry(context.Background(), &buf, f, latest, lim.MetaBytes, lim.Ratio, name); err != nil {
		return nil, err
	}
	var names []string
	if latest {
		var err error
		names, err = mediaEntries(buf.Bytes(), lim.MediaFiles)
		if err != nil {
			return nil, errorf(name, "media: %v", err)
		}
	} else {
		data := bytes.TrimSpace(buf.Bytes())
		if len(data) == 0 {
			return nil, nil
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, errorf(name, "media: not a JSON map of file names: %v", err)
		}
		if len(m) > lim.MediaFiles {
			return nil, errorf(name, "media: %d files; the limit is %d", len(m), lim.MediaFiles)
		}
		for _, n := range m {
			names = append(names, n)
		}
	}
	for _, n := range names {
		if err := checkMediaName(n); err != nil {
			return nil, errorf(name, "media: %v", err)
		}
	}
	slices.Sort(names)
	return names, nil
}

// checkMediaName refuses a media file name that is not a plain file name:
// empty, with a path separator, "." or "..", or control characters.
func checkMediaName(n string) error {
	switch {
	case n == "":
		return errors.New("an empty file name")
	case !utf8.ValidString(n):
		return fmt.Errorf("file name %q is not valid UTF-8", n)
	case n == "." || n == ".." || strings.ContainsAny(n, `/\`) || path.Base(n) != n:
		return fmt.Errorf("file name %q is not a plain file name (a path such as ../ is refused)", n)
	}
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("file name %q holds control characters", n)
		}
	}
	return nil
}
