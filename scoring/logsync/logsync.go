// Package logsync syncs the review log of several machines through a
// shared folder that something else carries (git, Syncthing, rsync, a USB
// stick): each device appends its new entries (answers, sessions, setting
// changes) to files of its own, DIR/<device>/YYYY-MM.jsonl, and reads the
// other devices' files from where it last stopped. Entries have global ids
// (device and sequence number), so reading one twice adds nothing, and the
// state of every card that received entries is derived again from its
// whole log in time order: devices that saw the same entries hold the same
// states, whatever the order they synced in. See README.md.
package logsync

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"github.com/ontap/ontap/decks/safefile"
	"github.com/ontap/ontap/scoring/store"
)

// MaxFile is the largest log file read: 256 MiB (about 800,000 entries, a
// month of a device's study many times over). A larger file is reported
// and skipped.
const MaxFile = 256 << 20

// batchSize is how many entries are merged in one transaction, with the
// file position they reach.
const batchSize = 5000

// fingerprintLen is how many bytes the head and tail fingerprints of a
// file cover.
const fingerprintLen = 4096

// lockWait is how long a sync waits for another sync of the same
// database to finish.
const lockWait = 30 * time.Second

// Options configure Sync.
type Options struct {
	Dir string           // the shared folder; it must exist
	Now func() time.Time // the clock (time.Now when nil)
	// Scheduler gives the scheduler of a deck, to derive card states again.
	Scheduler store.SchedulerFor
	// SettingsChanged, when set, is called before card states are derived
	// again after a setting took a value from another device (so that the
	// schedulers are built with it).
	SettingsChanged func()
	// Problem, when set, receives each problem that does not stop the sync
	// (a corrupt line, a file too large, a file changed below what was
	// read), as "path:line: message" or "path: message".
	Problem func(string)
}

// Result is what a sync did.
type Result struct {
	Device   string // this device's id
	Devices  int    // other devices whose files were read
	Read     int    // entries read from other devices' files
	Added    int    // entries new here (also from this device's own files, after a restore)
	Written  int    // entries written to this device's files
	Replayed int    // card states derived again
	Problems int    // problems reported
}

// FolderError is the error for a shared folder that is missing, not a
// folder, or cannot be written; local study goes on without it.
type FolderError struct {
	Dir string
	Msg string
	Err error
}

func (e *FolderError) Error() string { return e.Msg }
func (e *FolderError) Unwrap() error { return e.Err }

// monthRE is the name of a log file.
var monthRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}\.jsonl$`)

// syncer is one run of Sync.
type syncer struct {
	ctx     context.Context
	db      *store.DB
	opt     Options
	dir     string
	now     time.Time
	device  string
	marks   map[string]store.SyncFile
	res     Result
	partial map[string]int64 // own files with an incomplete last line: where the complete lines end
	ownMax  int64            // the highest sequence number in this device's files
	changed bool             // a setting changed
}

// Sync reads the other devices' new entries from opt.Dir, writes this
// device's new entries there, and derives again the states of the cards
// that received entries. A missing or unwritable folder is a
// *FolderError; what was read before a write failed is kept.
func Sync(ctx context.Context, db *store.DB, opt Options) (*Result, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Scheduler == nil {
		return nil, errors.New("logsync: no Scheduler")
	}
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, &FolderError{Dir: opt.Dir, Msg: fmt.Sprintf("sync folder %s: %v", opt.Dir, err), Err: err}
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &FolderError{Dir: dir, Err: err,
			Msg: fmt.Sprintf("sync folder %s does not exist: create it (or mount or clone it) first", dir)}
	case err != nil:
		return nil, &FolderError{Dir: dir, Err: err, Msg: fmt.Sprintf("sync folder %s: %v", dir, unwrapPath(err))}
	case !fi.IsDir():
		return nil, &FolderError{Dir: dir, Msg: fmt.Sprintf("sync folder %s is not a folder", dir)}
	}
	// One sync of a database at a time: two would append to the same file.
	unlock, err := lock(ctx, filepath.Join(filepath.Dir(db.Path()), "sync.lock"), lockWait)
	if err != nil {
		return nil, err
	}
	defer unlock()
	s := &syncer{ctx: ctx, db: db, opt: opt, dir: dir, now: opt.Now(), partial: map[string]int64{}}
	if s.device, err = db.SyncDevice(ctx); err != nil {
		return nil, err
	}
	s.res.Device = s.device
	if s.marks, err = db.SyncFiles(ctx); err != nil {
		return nil, err
	}
	devices, err := s.list()
	if err != nil {
		return nil, err
	}
	// This device's files first: they tell how far its entries were
	// written (and bring back any the database lost, as after a restore).
	for _, d := range devices {
		if d.name != s.device {
			continue
		}
		for _, f := range d.files {
			if err := s.readFile(f, d.name); err != nil {
				return &s.res, err
			}
		}
	}
	for _, d := range devices {
		if d.name == s.device {
			continue
		}
		s.res.Devices++
		for _, f := range d.files {
			if err := s.readFile(f, d.name); err != nil {
				return &s.res, err
			}
		}
	}
	werr := s.write()
	seen := []string{s.device}
	for _, d := range devices {
		if d.name != s.device {
			seen = append(seen, d.name)
		}
	}
	if err := db.NoteSync(ctx, seen, s.now); err != nil {
		return &s.res, err
	}
	if s.changed && opt.SettingsChanged != nil {
		opt.SettingsChanged()
	}
	n, err := db.ReplayDirty(ctx, opt.Scheduler)
	s.res.Replayed = n
	if err != nil {
		return &s.res, err
	}
	return &s.res, werr
}

// device is a device's folder and its log files, in name order.
type device struct {
	name  string
	files []string
}

// list returns the devices' folders of the shared folder, in name order.
// Other names (.git, .stfolder, a README) are left alone.
func (s *syncer) list() ([]device, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, &FolderError{Dir: s.dir, Err: err, Msg: fmt.Sprintf("cannot read sync folder %s: %v", s.dir, unwrapPath(err))}
	}
	var out []device
	for _, e := range ents {
		if !e.IsDir() || !store.ValidDevice(e.Name()) {
			continue
		}
		d := device{name: e.Name()}
		sub := filepath.Join(s.dir, e.Name())
		fents, err := os.ReadDir(sub)
		if err != nil {
			s.problem(fmt.Sprintf("%s: %v", sub, unwrapPath(err)))
			continue
		}
		for _, f := range fents {
			if f.Type().IsRegular() && monthRE.MatchString(f.Name()) {
				d.files = append(d.files, filepath.Join(sub, f.Name()))
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *syncer) problem(msg string) {
	s.res.Problems++
	if s.opt.Problem != nil {
		s.opt.Problem(msg)
	}
}

// readFile reads the new complete lines of one log file of device dev and
// merges their entries.
func (s *syncer) readFile(path, dev string) error {
	f, err := safefile.Open(s.ctx, path, MaxFile)
	if err != nil {
		var le *safefile.LimitError
		if errors.As(err, &le) {
			s.problem(fmt.Sprintf("%s: larger than %s; skipped", path, safefile.Bytes(MaxFile)))
		} else {
			s.problem(fmt.Sprintf("%s: %v", path, unwrapPath(err)))
		}
		return nil
	}
	defer f.Close()
	size := f.Size()
	own := dev == s.device
	mark, ok := s.marks[path]
	if ok && (mark.Device != dev || !unchanged(f, mark, size)) {
		s.problem(fmt.Sprintf("%s: changed below what was read; reading it again from the start", path))
		ok = false
	}
	if !ok {
		mark = store.SyncFile{Path: path, Device: dev}
	}
	if own {
		defer func() { s.ownMax = max(s.ownMax, s.marks[path].MaxSeq) }()
	}
	if size == mark.Size {
		if !ok {
			s.marks[path] = mark
		}
		return nil
	}
	if _, err := f.Seek(mark.Size, io.SeekStart); err != nil {
		s.problem(fmt.Sprintf("%s: %v", path, unwrapPath(err)))
		return nil
	}
	br := bufio.NewReaderSize(io.LimitReader(f, size-mark.Size), 64<<10)
	off, lines := mark.Size, mark.Lines
	var batch []*store.SyncEntry
	read := 0
	flush := func() error {
		mark.Size, mark.Lines = off, lines
		var err error
		if mark.Head, mark.Tail, err = fingerprint(f, off); err != nil {
			return fmt.Errorf("%s: %v", path, unwrapPath(err))
		}
		b := &store.SyncBatch{Entries: batch, File: mark, Now: s.now, Own: own}
		if !own {
			b.Read = read
		}
		applied, err := s.db.ApplySync(s.ctx, b)
		var clash *store.DeviceClashError
		if errors.As(err, &clash) {
			return fmt.Errorf("%s: %w: was this data directory copied from another machine? "+
				"Run 'ontap sync --new-device' on one of the two, then sync", path, clash)
		}
		if err != nil {
			return err
		}
		s.marks[path] = mark
		s.res.Added += applied.Added
		if !own {
			s.res.Read += read
		}
		s.changed = s.changed || applied.SettingsChanged
		batch, read = batch[:0], 0
		return nil
	}
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		line, n, complete, err := readLine(br)
		if err != nil {
			return fmt.Errorf("%s: %v", path, unwrapPath(err))
		}
		if !complete {
			if n > 0 && own {
				s.partial[path] = off
			}
			break // a line still being written (or copied): read when complete
		}
		if line == nil { // too long
			lines++
			off += int64(n)
			s.problem(fmt.Sprintf("%s:%d: line longer than %d bytes; skipped", path, lines, MaxLine))
			continue
		}
		e, perr := ParseLine(line)
		if errors.Is(perr, store.ErrNewerEntry) {
			s.problem(fmt.Sprintf("%s:%d: %v; the rest of the file is left for it", path, lines+1, perr))
			break
		}
		lines++
		off += int64(n)
		switch {
		case perr != nil:
			s.problem(fmt.Sprintf("%s:%d: %v; skipped", path, lines, perr))
			continue
		case e.Device != dev:
			s.problem(fmt.Sprintf("%s:%d: entry of device %s in the folder of %s; skipped", path, lines, e.Device, dev))
			continue
		}
		mark.MaxSeq = max(mark.MaxSeq, e.Seq)
		batch = append(batch, e)
		read++
		if len(batch) >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if off != mark.Size || len(batch) > 0 || !ok {
		return flush()
	}
	return nil
}

// readLine reads one line: its bytes without the newline (nil when it is
// longer than MaxLine), how many bytes it took with its newline, and
// whether it was complete (false at the end of the input before a newline).
func readLine(br *bufio.Reader) (line []byte, n int, complete bool, err error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		n += len(chunk)
		if !tooLong {
			if len(buf)+len(chunk) > MaxLine+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == nil:
			if tooLong {
				return nil, n, true, nil
			}
			return buf[:len(buf)-1], n, true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil, n, false, nil
		default:
			return nil, n, false, err
		}
	}
}

// fingerprint returns the SHA-256 of the first fingerprintLen bytes of f
// below size, and of the last fingerprintLen bytes below size.
func fingerprint(f io.ReaderAt, size int64) (head, tail []byte, err error) {
	sum := func(off, n int64) ([]byte, error) {
		b := make([]byte, n)
		if _, err := f.ReadAt(b, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
			return nil, err
		}
		h := sha256.Sum256(b)
		return h[:], nil
	}
	n := min(size, fingerprintLen)
	if head, err = sum(0, n); err != nil {
		return nil, nil, err
	}
	if tail, err = sum(size-n, n); err != nil {
		return nil, nil, err
	}
	return head, tail, nil
}

// unchanged reports whether f (of the given size) still holds what was
// read of it.
func unchanged(f io.ReaderAt, mark store.SyncFile, size int64) bool {
	if size < mark.Size {
		return false
	}
	head, tail, err := fingerprint(f, mark.Size)
	return err == nil && slices.Equal(head, mark.Head) && slices.Equal(tail, mark.Tail)
}

// write appends this device's entries that its files lack to the file of
// the current month, and syncs it to the disk.
func (s *syncer) write() error {
	if _, err := s.db.AssignSync(s.ctx, s.device, s.ownMax+1, s.now); err != nil {
		return err
	}
	sub := filepath.Join(s.dir, s.device)
	path := filepath.Join(sub, s.now.UTC().Format("2006-01")+".jsonl")
	// The incomplete last line of a write that was cut short (it was
	// never an entry; the others read only complete lines) goes, so that
	// the new lines start on a line of their own.
	for p, end := range s.partial {
		if err := os.Truncate(p, end); err != nil {
			return s.writeErr(err)
		}
	}
	var f *os.File
	var bw *bufio.Writer
	created := false
	start := s.ownMax
	n := 0
	err := s.db.OwnEntries(s.ctx, s.device, s.ownMax, func(e *store.SyncEntry) error {
		if f == nil {
			if err := os.Mkdir(sub, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return s.writeErr(err)
			}
			_, statErr := os.Lstat(path)
			created = errors.Is(statErr, fs.ErrNotExist)
			var err error
			if f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
				return s.writeErr(err)
			}
			bw = bufio.NewWriterSize(f, 256<<10)
		}
		line, err := EncodeLine(e)
		if err != nil {
			return err
		}
		if _, err := bw.Write(line); err != nil {
			return s.writeErr(err)
		}
		n++
		s.ownMax = e.Seq
		return nil
	})
	if f == nil {
		return err
	}
	defer f.Close()
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return s.writeErr(err)
	}
	if err := f.Sync(); err != nil {
		return s.writeErr(err)
	}
	if created {
		if err := syncDir(sub); err != nil {
			return s.writeErr(err)
		}
	}
	fi, err := f.Stat()
	if err != nil {
		return s.writeErr(err)
	}
	mark := s.marks[path]
	if mark.Path == "" {
		mark = store.SyncFile{Path: path, Device: s.device}
	}
	mark.Size, mark.Lines, mark.MaxSeq = fi.Size(), mark.Lines+int64(n), s.ownMax
	r, err := os.Open(path)
	if err != nil {
		return s.writeErr(err)
	}
	defer r.Close()
	if mark.Head, mark.Tail, err = fingerprint(r, mark.Size); err != nil {
		return s.writeErr(err)
	}
	if _, err := s.db.ApplySync(s.ctx, &store.SyncBatch{File: mark, Now: s.now, Written: n, WroteAfter: start}); err != nil {
		return err
	}
	s.marks[path] = mark
	s.res.Written = n
	return nil
}

// writeErr is the error of a failed write to the shared folder.
func (s *syncer) writeErr(err error) error {
	return &FolderError{Dir: s.dir, Err: err,
		Msg: fmt.Sprintf("cannot write to sync folder %s: %v; this device's answers are kept here and written at the next sync",
			s.dir, unwrapPath(err))}
}

// syncDir makes a new entry of a folder durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// unwrapPath drops the path from a *fs.PathError (the message names it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
