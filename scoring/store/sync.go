package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ontap/ontap/scoring"
)

// The store's side of the sync of the review log through a shared folder
// (package scoring/logsync): global ids, the entries of the log as they are
// written in the folder, merging entries read from it, and how far each
// file was read.

// SyncEntry is one entry of the shared log, with its global id (the device
// that made it and its sequence number there). Exactly one of Review,
// Session and Setting is set.
type SyncEntry struct {
	Device  string
	Seq     int64
	Review  *SyncReview
	Session *SyncSession
	Setting *SyncSetting
}

// SyncReview is an answer of the log. Review.ID and Review.SessionID are
// not used: Session is the sequence number of its session on the same
// device (0 when none).
type SyncReview struct {
	Review
	Session   int64
	HasStates bool // Before and After are known (not for reviews imported from CSV)
}

// SyncSession is a study or quiz session.
type SyncSession struct {
	Start, End        time.Time // End is zero for a session that never finished
	Mode              Mode
	Decks             []string
	Answered, Correct int
}

// SyncSetting is a setting set at Time; the latest (by time, then global
// id) wins.
type SyncSetting struct {
	Key, Value string
	Time       time.Time
}

// Time is when the entry happened: a review's time, a session's start, a
// setting's change.
func (e *SyncEntry) Time() time.Time {
	switch {
	case e.Review != nil:
		return e.Review.Time
	case e.Session != nil:
		return e.Session.Start
	case e.Setting != nil:
		return e.Setting.Time
	}
	return time.Time{}
}

// LocalSetting reports whether a setting belongs to this device only and
// is never synced: "sync" (the folder) and keys beginning "local.".
func LocalSetting(key string) bool { return key == "sync" || strings.HasPrefix(key, "local.") }

// EntryVersion is the version of the entry format written; entries of a
// newer version are refused with ErrNewerEntry.
const EntryVersion = 1

// ErrNewerEntry is returned by DecodeEntry for an entry of a format newer
// than EntryVersion (written by a newer ontap).
var ErrNewerEntry = errors.New("entry written by a newer ontap: upgrade ontap to read it")

// entryJSON is an entry as written in the folder.
type entryJSON struct {
	V       int               `json:"v"`
	Dev     string            `json:"dev"`
	Seq     int64             `json:"seq"`
	Review  *reviewFields     `json:"review,omitempty"`
	Session *syncSessionJSON  `json:"session,omitempty"`
	Setting *syncSettingsJSON `json:"setting,omitempty"`
}

type syncSessionJSON struct {
	Start    string   `json:"start"`
	End      string   `json:"end,omitempty"`
	Mode     Mode     `json:"mode"`
	Decks    []string `json:"decks"`
	Answered int      `json:"answered"`
	Correct  int      `json:"correct"`
}

type syncSettingsJSON struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Time  string `json:"time"`
}

// deviceRE is what a device id looks like (also the name of its folder):
// 16 lowercase hex digits, as SyncDevice makes them.
var deviceRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ValidDevice reports whether s can be a device id.
func ValidDevice(s string) bool { return deviceRE.MatchString(s) }

// EncodeEntry returns the JSON object of e, on one line.
func EncodeEntry(e *SyncEntry) ([]byte, error) {
	j := entryJSON{V: EntryVersion, Dev: e.Device, Seq: e.Seq}
	switch {
	case e.Review != nil:
		r := e.Review
		rj := fieldsOf(&r.Review, r.Session, r.HasStates)
		j.Review = &rj
	case e.Session != nil:
		s := e.Session
		decks := s.Decks
		if decks == nil {
			decks = []string{}
		}
		j.Session = &syncSessionJSON{Start: fmtTime(s.Start), End: fmtTime(s.End), Mode: s.Mode, Decks: decks,
			Answered: s.Answered, Correct: s.Correct}
	case e.Setting != nil:
		j.Setting = &syncSettingsJSON{Key: e.Setting.Key, Value: e.Setting.Value, Time: fmtTime(e.Setting.Time)}
	default:
		return nil, fmt.Errorf("store: entry %s:%d has no content", e.Device, e.Seq)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// DecodeEntry reads the JSON object of an entry and checks every field.
// Unknown fields are ignored (a newer ontap may add some); an entry of a
// newer version is ErrNewerEntry.
func DecodeEntry(b []byte) (*SyncEntry, error) {
	var j entryJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&j); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	switch {
	case j.V > EntryVersion:
		return nil, ErrNewerEntry
	case j.V < 1:
		return nil, fmt.Errorf("version %d: want %d", j.V, EntryVersion)
	case !ValidDevice(j.Dev):
		return nil, fmt.Errorf("dev %.70q: want a device id (16 lowercase hex digits)", j.Dev)
	case j.Seq <= 0:
		return nil, fmt.Errorf("seq %d: want a positive number", j.Seq)
	}
	e := &SyncEntry{Device: j.Dev, Seq: j.Seq}
	n := 0
	if rj := j.Review; rj != nil {
		n++
		r := &SyncReview{Session: rj.Session, HasStates: rj.Before != nil && rj.After != nil}
		rj.fill(&r.Review)
		if rj.DurationMS < 0 || rj.DurationMS > int64(24*time.Hour/time.Millisecond) {
			return nil, fmt.Errorf("review: duration_ms %d: want 0 to a day", rj.DurationMS)
		}
		if rj.Session < 0 {
			return nil, fmt.Errorf("review: session %d: want a sequence number", rj.Session)
		}
		var err error
		if r.Time, err = parseEntryTime(rj.Time); err != nil {
			return nil, fmt.Errorf("review: time: %v", err)
		}
		if (rj.Before == nil) != (rj.After == nil) {
			return nil, errors.New("review: before and after go together")
		}
		if r.HasStates {
			if r.Before, err = rj.Before.state(); err != nil {
				return nil, fmt.Errorf("review: before: %v", err)
			}
			if r.After, err = rj.After.state(); err != nil {
				return nil, fmt.Errorf("review: after: %v", err)
			}
		}
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("review: %v", err)
		}
		e.Review = r
	}
	if sj := j.Session; sj != nil {
		n++
		s := &SyncSession{Mode: sj.Mode, Decks: sj.Decks, Answered: sj.Answered, Correct: sj.Correct}
		var err error
		if s.Start, err = parseEntryTime(sj.Start); err != nil {
			return nil, fmt.Errorf("session: start: %v", err)
		}
		if s.End, err = parseTime(sj.End); err != nil {
			return nil, fmt.Errorf("session: end: %v", err)
		}
		switch {
		case !validModes[s.Mode]:
			return nil, fmt.Errorf("session: mode %.40q: want study, quiz or ahead", s.Mode)
		case s.Answered < 0 || s.Correct < 0 || s.Correct > s.Answered:
			return nil, fmt.Errorf("session: answered %d, correct %d: want 0 <= correct <= answered", s.Answered, s.Correct)
		case !s.End.IsZero() && s.End.Before(s.Start):
			return nil, errors.New("session: ends before it starts")
		}
		for _, d := range s.Decks {
			if d == "" {
				return nil, errors.New("session: empty deck id")
			}
		}
		if s.Decks == nil {
			s.Decks = []string{}
		}
		e.Session = s
	}
	if pj := j.Setting; pj != nil {
		n++
		p := &SyncSetting{Key: pj.Key, Value: pj.Value}
		var err error
		if p.Time, err = parseTime(pj.Time); err != nil {
			return nil, fmt.Errorf("setting: time: %v", err)
		}
		if p.Key == "" || LocalSetting(p.Key) {
			return nil, fmt.Errorf("setting: key %.40q is not one that is synced", p.Key)
		}
		e.Setting = p
	}
	if n != 1 {
		return nil, errors.New("want exactly one of review, session and setting")
	}
	return e, nil
}

// parseEntryTime is parseTime for a time that must be given.
func parseEntryTime(s string) (time.Time, error) {
	t, err := parseTime(s)
	if err == nil && t.IsZero() {
		err = errors.New("missing")
	}
	return t, err
}

// SyncDevice returns this database's device id, making a random one (16
// lowercase hex digits) the first time.
func (db *DB) SyncDevice(ctx context.Context) (string, error) {
	var dev string
	err := db.sql.QueryRowContext(ctx, "SELECT device FROM sync_self").Scan(&dev)
	if err == nil {
		return dev, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", db.wrap(err, "")
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	err = db.writeTx(ctx, "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sync_self (one, device, next_seq) VALUES (1, ?, 1) ON CONFLICT DO NOTHING",
			hex.EncodeToString(b[:])); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT device FROM sync_self").Scan(&dev)
	})
	return dev, err
}

// staleSession is how long after its start a session that never finished
// (its process died) is written to the folder as it is. Until then, the
// reviews of a running session are not written: Undo may still take the
// last one back.
const staleSession = 12 * time.Hour

// AssignSync gives global ids (device, and sequence numbers from at least
// minSeq on) to the entries made here that have none: finished sessions,
// their reviews and the reviews of no session, and the settings changed
// here. It returns how many it gave.
func (db *DB) AssignSync(ctx context.Context, device string, minSeq int64, now time.Time) (int, error) {
	n := 0
	err := db.bulkTx(ctx, "", func(tx *sql.Tx) error {
		n = 0
		var next int64
		if err := tx.QueryRowContext(ctx, "SELECT next_seq FROM sync_self WHERE device = ?", device).Scan(&next); err != nil {
			return fmt.Errorf("device %s: %w", device, err)
		}
		next = max(next, minSeq)
		assign := func(update, query string, args ...any) error {
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			var ids []any
			for rows.Next() {
				var id any
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			st, err := tx.PrepareContext(ctx, update)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, id := range ids {
				if _, err := st.ExecContext(ctx, device, next, id); err != nil {
					return err
				}
				next++
				n++
			}
			return nil
		}
		if err := assign("UPDATE sessions SET origin = ?, seq = ? WHERE id = ?",
			"SELECT id FROM sessions WHERE origin IS NULL AND (end_ms IS NOT NULL OR start_ms < ?) ORDER BY id",
			now.Add(-staleSession).UnixMilli()); err != nil {
			return err
		}
		if err := assign("UPDATE reviews SET origin = ?, seq = ? WHERE id = ?",
			`SELECT r.id FROM reviews r LEFT JOIN sessions s ON s.id = r.session_id
			 WHERE r.origin IS NULL AND (r.session_id IS NULL OR s.origin IS NOT NULL) ORDER BY r.id`); err != nil {
			return err
		}
		if err := assign("UPDATE settings_meta SET origin = ?, seq = ? WHERE key = ?",
			"SELECT key FROM settings_meta WHERE origin IS NULL AND key <> 'sync' AND key NOT LIKE 'local.%' ORDER BY time_ms, key"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE sync_self SET next_seq = ? WHERE device = ?", next, device)
		return err
	})
	return n, err
}

// syncChunk is how many sequence numbers OwnEntries reads at a time.
const syncChunk = 10000

// OwnEntries calls fn with the entries of device whose sequence number is
// above after, in sequence order, reading them a chunk at a time.
func (db *DB) OwnEntries(ctx context.Context, device string, after int64, fn func(*SyncEntry) error) error {
	var last int64
	if err := db.sql.QueryRowContext(ctx, "SELECT next_seq - 1 FROM sync_self WHERE device = ?", device).Scan(&last); err != nil {
		return db.wrap(err, "")
	}
	for lo := after; lo < last; lo += syncChunk {
		hi := min(lo+syncChunk, last)
		var batch []*SyncEntry
		if err := db.ownChunk(ctx, device, lo, hi, &batch); err != nil {
			return db.wrap(err, "")
		}
		sort.Slice(batch, func(i, j int) bool { return batch[i].Seq < batch[j].Seq })
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// ownChunk appends the entries of device with lo < seq <= hi to out.
func (db *DB) ownChunk(ctx context.Context, device string, lo, hi int64, out *[]*SyncEntry) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.seq, coalesce(s.seq, 0), r.deck_id, r.card_id, r.time_ms, r.rating, r.answer,
		r.correct, r.duration_ms, r.kind, r.parts, r.before, r.after, r.overruled
		FROM reviews r LEFT JOIN sessions s ON s.id = r.session_id AND s.origin = r.origin
		WHERE r.origin = ?1 AND r.seq > ?2 AND r.seq <= ?3`, device, lo, hi)
	if err != nil {
		return err
	}
	for rows.Next() {
		r := &SyncReview{}
		var t, dur int64
		var rating int
		var before, after sql.NullString
		e := &SyncEntry{Device: device, Review: r}
		if err := rows.Scan(&e.Seq, &r.Session, &r.DeckID, &r.CardID, &t, &rating, &r.Answer, &r.Correct, &dur,
			&r.Kind, &r.Parts, &before, &after, &r.Overruled); err != nil {
			rows.Close()
			return err
		}
		r.Time, r.Rating, r.Duration = time.UnixMilli(t).UTC(), scoring.Rating(rating), time.Duration(dur)*time.Millisecond
		r.HasStates = before.Valid && after.Valid
		if r.HasStates {
			if r.Before, err = decodeState(before); err == nil {
				r.After, err = decodeState(after)
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("review %s:%d: bad state: %v", device, e.Seq, err)
			}
		}
		*out = append(*out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT seq, start_ms, end_ms, mode, decks, answered, correct FROM sessions
		WHERE origin = ?1 AND seq > ?2 AND seq <= ?3`, device, lo, hi)
	if err != nil {
		return err
	}
	for rows.Next() {
		s := &SyncSession{}
		e := &SyncEntry{Device: device, Session: s}
		var start int64
		var end sql.NullInt64
		var decks string
		if err := rows.Scan(&e.Seq, &start, &end, &s.Mode, &decks, &s.Answered, &s.Correct); err != nil {
			rows.Close()
			return err
		}
		s.Start, s.End = time.UnixMilli(start).UTC(), timeOf(end)
		if err := json.Unmarshal([]byte(decks), &s.Decks); err != nil {
			rows.Close()
			return fmt.Errorf("session %s:%d: bad decks: %v", device, e.Seq, err)
		}
		*out = append(*out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT m.seq, m.key, coalesce(s.value, ''), m.time_ms FROM settings_meta m
		LEFT JOIN settings s ON s.key = m.key WHERE m.origin = ?1 AND m.seq > ?2 AND m.seq <= ?3`, device, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p := &SyncSetting{}
		e := &SyncEntry{Device: device, Setting: p}
		var t int64
		if err := rows.Scan(&e.Seq, &p.Key, &p.Value, &t); err != nil {
			return err
		}
		p.Time = time.UnixMilli(t).UTC()
		*out = append(*out, e)
	}
	return rows.Err()
}

// SyncFile is how far a file of the folder was read.
type SyncFile struct {
	Path       string // absolute
	Device     string
	Size       int64 // bytes read, up to the end of a complete line
	Lines      int64 // lines read
	Head, Tail []byte
	MaxSeq     int64 // the highest sequence number read from it
}

// SyncFiles returns what was read of each file, by path.
func (db *DB) SyncFiles(ctx context.Context) (map[string]SyncFile, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT path, device, size, lines, head, tail, max_seq FROM sync_files")
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	out := map[string]SyncFile{}
	for rows.Next() {
		var f SyncFile
		if err := rows.Scan(&f.Path, &f.Device, &f.Size, &f.Lines, &f.Head, &f.Tail, &f.MaxSeq); err != nil {
			return nil, db.wrap(err, "")
		}
		out[f.Path] = f
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "")
	}
	return out, nil
}

// SyncBatch is what one read of a file brings: its entries and how far
// the file has been read with them.
type SyncBatch struct {
	Entries []*SyncEntry
	File    SyncFile
	Own     bool      // the entries are this device's (read back from its files)
	Read    int       // entries read (valid lines), for the status
	Now     time.Time // this device's clock
	Written int       // with own files: entries just written to it, for the status
	// WroteAfter: with Written, the sequence number after which they were
	// written; the cards of those reviews are marked for ReplayDirty, so
	// that their states are derived from the log here as on the devices
	// that read them.
	WroteAfter int64
}

// SyncApplied is what ApplySync changed.
type SyncApplied struct {
	Added           int  // entries new here
	SettingsChanged bool // a setting took a newer value
}

// ApplySync merges a batch in one transaction: every entry that the log
// lacks is added (a review is also known when the log has one of the same
// card, time and rating, as for `progress import`), a setting takes the
// entry's value when the entry is later (by time, then global id) than
// the value's, and the file's read position is recorded. The cards that
// received reviews are marked for ReplayDirty (every card, when a setting
// changed); entries already known change nothing.
func (db *DB) ApplySync(ctx context.Context, b *SyncBatch) (SyncApplied, error) {
	var res SyncApplied
	err := db.insertTx(ctx, "", func(tx *sql.Tx) error {
		res = SyncApplied{}
		a, err := newApplier(ctx, tx)
		if err != nil {
			return err
		}
		defer a.close()
		var lastEntry int64
		for _, e := range b.Entries {
			if b.Own {
				if err := a.checkOwn(e); err != nil {
					return err
				}
			}
			added, err := a.apply(e)
			if err != nil {
				return fmt.Errorf("entry %s:%d: %w", e.Device, e.Seq, err)
			}
			if added {
				res.Added++
			}
			lastEntry = max(lastEntry, e.Time().UnixMilli())
		}
		res.SettingsChanged = a.settings
		for deck, early := range a.decks {
			// Reviews added before others of the deck change what the
			// summary says of those others only when these have no
			// earlier state (see migration 0003).
			if !early {
				continue
			}
			var stale bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM reviews WHERE deck_id = ? AND before IS NULL)", deck).Scan(&stale); err != nil {
				return err
			}
			if stale {
				if err := rebuildSummary(ctx, tx, deck); err != nil {
					return err
				}
			}
		}
		if b.Written > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_dirty (deck_id, card_id)
				SELECT DISTINCT deck_id, card_id FROM reviews WHERE origin = ? AND seq > ? AND kind <> 'quiz'
				ON CONFLICT DO NOTHING`, b.File.Device, b.WroteAfter); err != nil {
				return err
			}
		}
		if a.settings {
			if _, err := tx.ExecContext(ctx, "INSERT INTO sync_dirty (deck_id, card_id) VALUES ('*', '*') ON CONFLICT DO NOTHING"); err != nil {
				return err
			}
		}
		f := b.File
		if f.Path != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_files (path, device, size, lines, head, tail, max_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET device = excluded.device, size = excluded.size, lines = excluded.lines,
				head = excluded.head, tail = excluded.tail, max_seq = excluded.max_seq`,
				f.Path, f.Device, f.Size, f.Lines, f.Head, f.Tail, f.MaxSeq); err != nil {
				return err
			}
		}
		if f.Device != "" {
			le := sql.NullInt64{Int64: lastEntry, Valid: lastEntry != 0}
			_, err := tx.ExecContext(ctx, `INSERT INTO sync_devices (device, n_read, n_added, n_written, last_entry_ms, last_sync_ms)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6)
				ON CONFLICT (device) DO UPDATE SET n_read = n_read + excluded.n_read, n_added = n_added + excluded.n_added,
				n_written = n_written + excluded.n_written,
				last_entry_ms = max(coalesce(last_entry_ms, excluded.last_entry_ms), coalesce(excluded.last_entry_ms, last_entry_ms)),
				last_sync_ms = excluded.last_sync_ms`,
				f.Device, b.Read, res.Added, b.Written, le, b.Now.UnixMilli())
			if err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// insertSyncedSQL is insertReviewSQL with the global id: its arguments are
// reviewArgs' and then origin and seq.
var insertSyncedSQL = func() string {
	cols, _, _ := strings.Cut(insertReviewSQL, ")")
	n := strings.Count(insertReviewSQL, "?") + 2
	return cols + ", origin, seq) VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}()

// applier adds entries inside ApplySync's transaction.
type applier struct {
	ctx                                            context.Context
	tx                                             *sql.Tx
	hasGID, hasReview, insert, session, dirty, ses *sql.Stmt
	sessions                                       map[[2]any]sql.NullInt64 // (device, seq) -> local session id
	decks                                          map[string]bool          // that received reviews: true when one came before others
	last                                           map[string]int64         // the latest review of each of those decks
	settings                                       bool                     // a setting changed
}

func newApplier(ctx context.Context, tx *sql.Tx) (*applier, error) {
	a := &applier{ctx: ctx, tx: tx, sessions: map[[2]any]sql.NullInt64{}, decks: map[string]bool{}, last: map[string]int64{}}
	for _, p := range []struct {
		s **sql.Stmt
		q string
	}{
		{&a.hasGID, "SELECT EXISTS (SELECT 1 FROM reviews WHERE origin = ? AND seq = ?)"},
		{&a.hasReview, "SELECT EXISTS (SELECT 1 FROM reviews WHERE deck_id = ? AND card_id = ? AND time_ms = ? AND rating = ?)"},
		{&a.insert, insertSyncedSQL},
		{&a.session, "SELECT id FROM sessions WHERE origin = ? AND seq = ?"},
		{&a.ses, `INSERT INTO sessions (start_ms, end_ms, mode, decks, answered, correct, origin, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&a.dirty, "INSERT INTO sync_dirty (deck_id, card_id) VALUES (?, ?) ON CONFLICT DO NOTHING"},
	} {
		s, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			a.close()
			return nil, err
		}
		*p.s = s
	}
	return a, nil
}

func (a *applier) close() {
	for _, s := range []*sql.Stmt{a.hasGID, a.hasReview, a.insert, a.session, a.dirty, a.ses} {
		if s != nil {
			s.Close()
		}
	}
}

// apply adds e if it is new, and reports whether it was.
func (a *applier) apply(e *SyncEntry) (bool, error) {
	ctx := a.ctx
	switch {
	case e.Review != nil:
		r := e.Review
		var known bool
		if err := a.hasGID.QueryRowContext(ctx, e.Device, e.Seq).Scan(&known); err != nil || known {
			return false, err
		}
		if err := a.hasReview.QueryRowContext(ctx, r.DeckID, r.CardID, r.Time.UnixMilli(), int(r.Rating)).Scan(&known); err != nil || known {
			return false, err
		}
		var session sql.NullInt64
		if r.Session != 0 {
			key := [2]any{e.Device, r.Session}
			id, ok := a.sessions[key]
			if !ok {
				err := a.session.QueryRowContext(ctx, e.Device, r.Session).Scan(&id)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return false, err
				}
				a.sessions[key] = id
			}
			session = id
		}
		var before, after any
		if r.HasStates {
			before, after = encodeState(r.Before), encodeState(r.After)
		}
		ms := r.Time.UnixMilli()
		last, ok := a.last[r.DeckID]
		if !ok {
			var m sql.NullInt64
			if err := a.tx.QueryRowContext(ctx, "SELECT max(time_ms) FROM reviews WHERE deck_id = ?", r.DeckID).Scan(&m); err != nil {
				return false, err
			}
			last = m.Int64
			if !m.Valid {
				last = math.MinInt64
			}
		}
		a.decks[r.DeckID] = a.decks[r.DeckID] || ms < last
		a.last[r.DeckID] = max(last, ms)
		args := append(reviewArgs(&r.Review, session, before, after), e.Device, e.Seq)
		if _, err := a.insert.ExecContext(ctx, args...); err != nil {
			return false, err
		}
		if r.Kind != "quiz" {
			if _, err := a.dirty.ExecContext(ctx, r.DeckID, r.CardID); err != nil {
				return false, err
			}
		}
		return true, nil
	case e.Session != nil:
		s := e.Session
		var id int64
		err := a.session.QueryRowContext(ctx, e.Device, e.Seq).Scan(&id)
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		dj, err := json.Marshal(s.Decks)
		if err != nil {
			return false, err
		}
		// The same session under another global id (a database that took
		// a new device id writes its sessions again): its reviews go to
		// the one already here.
		err = a.tx.QueryRowContext(ctx, `SELECT id FROM sessions WHERE start_ms = ? AND end_ms IS ? AND mode = ? AND decks = ?
			AND answered = ? AND correct = ?`, s.Start.UnixMilli(), msOf(s.End), s.Mode, string(dj), s.Answered, s.Correct).Scan(&id)
		if err == nil {
			a.sessions[[2]any{e.Device, e.Seq}] = sql.NullInt64{Int64: id, Valid: true}
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		_, err = a.ses.ExecContext(ctx, s.Start.UnixMilli(), msOf(s.End), s.Mode, string(dj), s.Answered, s.Correct, e.Device, e.Seq)
		return err == nil, err
	case e.Setting != nil:
		p := e.Setting
		var t int64
		var origin sql.NullString
		var seq sql.NullInt64
		err := a.tx.QueryRowContext(ctx, "SELECT time_ms, origin, seq FROM settings_meta WHERE key = ?", p.Key).Scan(&t, &origin, &seq)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		if err == nil {
			ms := p.Time.UnixMilli()
			if origin.String == e.Device && seq.Int64 == e.Seq {
				return false, nil // this very entry
			}
			newer := ms > t || (ms == t && (e.Device > origin.String || (e.Device == origin.String && e.Seq > seq.Int64)))
			if !newer {
				return false, nil
			}
		}
		var old sql.NullString
		if err := a.tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", p.Key).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", p.Key, p.Value); err != nil {
			return false, err
		}
		if _, err := a.tx.ExecContext(ctx, `INSERT INTO settings_meta (key, time_ms, origin, seq) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET time_ms = excluded.time_ms, origin = excluded.origin, seq = excluded.seq`,
			p.Key, p.Time.UnixMilli(), e.Device, e.Seq); err != nil {
			return false, err
		}
		if !old.Valid || old.String != p.Value {
			a.settings = true
		}
		return true, nil
	}
	return false, errors.New("no content")
}

// ErrDeviceClash is the error of ApplySync for an entry in this device's
// own files that is not the entry this database gave that global id:
// another database writes as this device (a copied data directory).
var ErrDeviceClash = errors.New("another database writes as this device")

// DeviceClashError is ErrDeviceClash for one entry.
type DeviceClashError struct {
	Seq  int64  // the entry's sequence number
	Kind string // what the database has under it: "review" or "session"
}

func (e *DeviceClashError) Error() string {
	return fmt.Sprintf("%v (its entry %d is another %s in this database)", ErrDeviceClash, e.Seq, e.Kind)
}

// Is makes errors.Is(err, ErrDeviceClash) hold.
func (e *DeviceClashError) Is(target error) bool { return target == ErrDeviceClash }

// checkOwn checks that an entry read back from this device's files is the
// one the database has under its global id, if any.
func (a *applier) checkOwn(e *SyncEntry) error {
	ctx := a.ctx
	var deck, card, kind string
	var ms int64
	var rating int
	err := a.tx.QueryRowContext(ctx, "SELECT deck_id, card_id, time_ms, rating FROM reviews WHERE origin = ? AND seq = ?",
		e.Device, e.Seq).Scan(&deck, &card, &ms, &rating)
	switch {
	case err == nil:
		kind = "review"
	case errors.Is(err, sql.ErrNoRows):
		err = a.tx.QueryRowContext(ctx, "SELECT start_ms FROM sessions WHERE origin = ? AND seq = ?", e.Device, e.Seq).Scan(&ms)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // not known here (a restored backup lost it): it is added
		}
		if err != nil {
			return err
		}
		kind = "session"
	default:
		return err
	}
	same := false
	switch {
	case e.Review != nil:
		r := e.Review
		same = kind == "review" && deck == r.DeckID && card == r.CardID && ms == r.Time.UnixMilli() && rating == int(r.Rating)
	case e.Session != nil:
		same = kind == "session" && ms == e.Session.Start.UnixMilli()
	}
	if !same {
		return &DeviceClashError{Seq: e.Seq, Kind: kind}
	}
	return nil
}

// NewDevice gives this database a new device id, and takes the global ids
// from the entries it made, so that the next sync writes them again under
// the new id (the others know them already, and add nothing). It returns
// the new id. It is the way out of ErrDeviceClash: the entries the other
// database wrote under the old id are then read as another device's.
func (db *DB) NewDevice(ctx context.Context) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	dev := hex.EncodeToString(b[:])
	err := db.bulkTx(ctx, "", func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, "SELECT device FROM sync_self").Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, "INSERT INTO sync_self (one, device, next_seq) VALUES (1, ?, 1)", dev)
			return err
		}
		if err != nil {
			return err
		}
		for _, q := range []string{
			"UPDATE reviews SET origin = NULL, seq = NULL WHERE origin = ?1",
			"UPDATE sessions SET origin = NULL, seq = NULL WHERE origin = ?1",
			"UPDATE settings_meta SET origin = NULL, seq = NULL WHERE origin = ?1",
			"UPDATE sync_self SET device = ?2, next_seq = 1",
		} {
			if _, err := tx.ExecContext(ctx, q, old, dev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", db.wrap(err, "")
	}
	return dev, nil
}

// SchedulerFor returns the scheduler of a deck's cards. Rebuild and
// ReplayDirty call it outside their write transactions, so that it may
// use the database (to read the decks, say).
type SchedulerFor func(deckID string) (scoring.Scheduler, error)

// Rebuild derives every card's state again from the review log in time
// order (ties broken by global id, then local id), quiz reviews aside, and
// replaces them all (no card is left to ReplayDirty); it returns how many
// cards have a state.
func (db *DB) Rebuild(ctx context.Context, sched SchedulerFor) (int, error) {
	states := map[[2]string]scoring.State{}
	err := db.Reviews(ctx, func(r *Review) error {
		if !r.Kind.MovesDue() {
			return nil
		}
		s, err := sched(r.DeckID)
		if err != nil {
			return err
		}
		key := [2]string{r.DeckID, r.CardID}
		states[key] = s.Review(r.Key(), states[key], r.Rating, r.Time)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := db.ReplaceStates(ctx, states); err != nil {
		return 0, err
	}
	if _, err := db.sql.ExecContext(ctx, "DELETE FROM sync_dirty"); err != nil {
		return 0, db.wrap(err, "")
	}
	return len(states), nil
}

// ReplayDirty derives again the state of every card that ApplySync
// marked, from its whole log in time order (ties broken by global id),
// and returns how many. When a setting changed, every card is rebuilt.
func (db *DB) ReplayDirty(ctx context.Context, sched SchedulerFor) (int, error) {
	var all bool
	if err := db.sql.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sync_dirty WHERE deck_id = '*')").Scan(&all); err != nil {
		return 0, db.wrap(err, "")
	}
	if all {
		return db.Rebuild(ctx, sched)
	}
	// The cards, and their schedulers, before the transaction: building a
	// scheduler may read the decks, which may write the deck cache.
	rows, err := db.sql.QueryContext(ctx, "SELECT deck_id, card_id FROM sync_dirty")
	if err != nil {
		return 0, db.wrap(err, "")
	}
	var keys [][2]string
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return 0, db.wrap(err, "")
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, db.wrap(err, "")
	}
	if len(keys) == 0 {
		return 0, nil
	}
	scheds := map[string]scoring.Scheduler{}
	for _, k := range keys {
		if _, ok := scheds[k[0]]; !ok {
			s, err := sched(k[0])
			if err != nil {
				return 0, err
			}
			scheds[k[0]] = s
		}
	}
	n := 0
	err = db.bulkTx(ctx, "", func(tx *sql.Tx) error {
		n = 0
		log, err := tx.PrepareContext(ctx, `SELECT rating, time_ms FROM reviews WHERE deck_id = ? AND card_id = ? AND kind <> 'quiz'
			ORDER BY time_ms, origin, seq, id`)
		if err != nil {
			return err
		}
		defer log.Close()
		for _, k := range keys {
			s := scheds[k[0]]
			rows, err := log.QueryContext(ctx, k[0], k[1])
			if err != nil {
				return err
			}
			var st scoring.State
			seen := false
			for rows.Next() {
				var rating int
				var t int64
				if err := rows.Scan(&rating, &t); err != nil {
					rows.Close()
					return err
				}
				st = s.Review(k[0]+"/"+k[1], st, scoring.Rating(rating), time.UnixMilli(t).UTC())
				seen = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if seen {
				if err := putState(ctx, tx, k[0], k[1], st); err != nil {
					return err
				}
				n++
			}
		}
		// (only the cards replayed: a sync running meanwhile may have
		// marked others)
		del, err := tx.PrepareContext(ctx, "DELETE FROM sync_dirty WHERE deck_id = ? AND card_id = ?")
		if err != nil {
			return err
		}
		defer del.Close()
		for _, k := range keys {
			if _, err := del.ExecContext(ctx, k[0], k[1]); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// SyncDeviceStatus is what was exchanged with one device.
type SyncDeviceStatus struct {
	Device              string
	Self                bool
	Read, Added         int
	Written             int
	LastEntry, LastSync time.Time
}

// SyncStatus returns the devices seen, this one first, then by device id.
func (db *DB) SyncStatus(ctx context.Context) ([]SyncDeviceStatus, error) {
	self, _, err := db.selfDevice(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT device, n_read, n_added, n_written, last_entry_ms, last_sync_ms FROM sync_devices
		ORDER BY device <> ?, device`, self)
	if err != nil {
		return nil, db.wrap(err, "")
	}
	defer rows.Close()
	var out []SyncDeviceStatus
	for rows.Next() {
		var d SyncDeviceStatus
		var le, ls sql.NullInt64
		if err := rows.Scan(&d.Device, &d.Read, &d.Added, &d.Written, &le, &ls); err != nil {
			return nil, db.wrap(err, "")
		}
		d.Self = d.Device == self
		d.LastEntry, d.LastSync = timeOf(le), timeOf(ls)
		out = append(out, d)
	}
	return out, db.wrap(rows.Err(), "")
}

// selfDevice returns the device id, and false when none was made yet.
func (db *DB) selfDevice(ctx context.Context) (string, bool, error) {
	var dev string
	err := db.sql.QueryRowContext(ctx, "SELECT device FROM sync_self").Scan(&dev)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, db.wrap(err, "")
	}
	return dev, true, nil
}

// Unsynced returns how many entries made here have no global id yet
// (reviews of a running session among them).
func (db *DB) Unsynced(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM reviews WHERE origin IS NULL)
		+ (SELECT count(*) FROM settings_meta WHERE origin IS NULL AND key <> 'sync' AND key NOT LIKE 'local.%')`).Scan(&n)
	return n, db.wrap(err, "")
}

// NoteSync records that this device synced at now, and read the files of
// devices (this one included) at that time.
func (db *DB) NoteSync(ctx context.Context, devices []string, now time.Time) error {
	return db.writeTx(ctx, "", func(tx *sql.Tx) error {
		for _, d := range devices {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_devices (device, last_sync_ms) VALUES (?1, ?2)
				ON CONFLICT (device) DO UPDATE SET last_sync_ms = excluded.last_sync_ms`, d, now.UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
}
