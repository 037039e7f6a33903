// Package store keeps a learner's progress in one SQLite database: the
// append-only review log, the per-card scheduler state derived from it, the
// study sessions and the settings.
//
// The database uses WAL, a busy timeout and transactions that begin
// IMMEDIATE, so that several ontap processes (two study sessions and a stats
// command, say) can use it at once without losing a review. Every answer is
// committed in its own transaction. The schema is created and upgraded by the
// numbered SQL files in migrations/, tracked with PRAGMA user_version; a
// database written by a newer ontap is refused and left untouched.
//
// Times are stored as Unix milliseconds, so they come back truncated to the
// millisecond, in UTC.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/ontap/ontap/decks/safefile"
)

var errNoRows = sql.ErrNoRows

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the embedded migrations in order, checking that they are
// numbered 1, 2, 3... without gaps.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)
	var ms []migration
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migrations/%s: name must be NNNN_words.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations/%s: expected number %04d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrations are the embedded migrations; migrationsErr is set instead when
// they are misnamed (a build defect, caught by the tests), and Open fails.
var migrations, migrationsErr = loadMigrations()

// SchemaVersion is the schema version this code writes (the number of the
// last migration).
var SchemaVersion = len(migrations)

// DefaultBusyTimeout is how long a write waits for another process's
// transaction to finish before giving up with ErrLocked.
const DefaultBusyTimeout = 5 * time.Second

// Options tune Open. The zero value gives the defaults.
type Options struct {
	// BusyTimeout is how long to wait for a lock held by another process
	// (DefaultBusyTimeout when 0).
	BusyTimeout time.Duration
	// Now is the clock used to name the backup taken before a migration
	// (time.Now when nil).
	Now func() time.Time
}

// DB is an open progress database. It is safe for concurrent use.
type DB struct {
	sql  *sql.DB
	path string
	busy time.Duration
	now  func() time.Time
	gate chan struct{} // shared by every DB of this process on the same file

	commits       atomic.Int64   // write transactions since the last checkpoint
	checkpointing atomic.Bool    // a background checkpoint is running
	background    sync.WaitGroup // the background checkpoint, for Close
	ckpt          checkpointPolicy
	ckptMu        sync.Mutex  // guards ckptTimer and closed
	ckptTimer     *time.Timer // runs idleCheckpoint after a pause in the writes
	closed        bool        // Close has begun: no new background checkpoint

	stmtMu   sync.Mutex
	stmts    map[string]*sql.Stmt // prepared statements by their SQL (prepare)
	prepared atomic.Int64         // how many were prepared, for the tests
}

// checkpointPolicy tells when the log (the WAL) is checkpointed into the
// database, in the background: after a pause in the writes once a few
// transactions have been committed, or after many transactions even
// without one.
type checkpointPolicy struct {
	every int64         // transactions after which a pause starts a checkpoint
	pause time.Duration // how long without a commit is a pause
	max   int64         // transactions after which a checkpoint starts at once
}

// defaultCheckpoints is the policy of Open.
//
// A checkpoint writes the pages of the log into the database and syncs it.
// While that sync runs, an answer's own commit (a sync of the log) waits
// for the disk: with a checkpoint every 60 answers, the few answers that
// came during one took 8-16 ms instead of 1.5, and they were the p99 of
// BenchmarkRecordLatency. A learner pauses between answers, and the
// checkpoint runs in that pause. After a complete checkpoint the next
// answer writes the log from its start again, overwriting the file rather
// than growing it (and syncing its header once more: every 16 answers, not
// every answer, which made the answers slower). Without any pause (a
// script, say) the log grows to about 1,000 answers of 16-30 pages before a
// checkpoint runs anyway.
var defaultCheckpoints = checkpointPolicy{every: 16, pause: 10 * time.Millisecond, max: 1000}

// afterCommit schedules a checkpoint of the log in the background (PASSIVE:
// it never blocks a writer, and writers never wait for it), so that no
// answer pays for one in its own commit.
func (db *DB) afterCommit() {
	n := db.commits.Add(1)
	switch {
	case n >= db.ckpt.max:
		db.startCheckpoint()
	case n >= db.ckpt.every:
		db.ckptMu.Lock()
		if !db.closed {
			if db.ckptTimer == nil {
				db.ckptTimer = time.AfterFunc(db.ckpt.pause, db.startCheckpoint)
			} else {
				db.ckptTimer.Reset(db.ckpt.pause) // each commit puts the pause off
			}
		}
		db.ckptMu.Unlock()
	}
}

// startCheckpoint starts a PASSIVE checkpoint in the background, unless
// one is running or the DB is closing.
func (db *DB) startCheckpoint() {
	db.ckptMu.Lock()
	defer db.ckptMu.Unlock()
	if db.closed || !db.checkpointing.CompareAndSwap(false, true) {
		return
	}
	db.background.Add(1)
	go func() {
		defer db.background.Done()
		defer db.checkpointing.Store(false)
		n := db.commits.Load()
		if _, err := db.sql.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)"); err == nil {
			db.commits.Add(-n) // the transactions committed meanwhile are still to checkpoint
		}
	}()
}

// gates holds one write gate per database file (by absolute path).
var gates sync.Map

// beginWrite waits for this process's turn to write the database and
// returns the function that ends it. SQLite's busy handler polls, so that a
// writer can starve while others keep taking the lock; the gate queues the
// writers of one process in order, leaving SQLite's lock (and its busy
// timeout) to arbitrate between processes. Only ctx ends the wait: every
// writer holding the gate is itself bounded by the busy timeout.
func (db *DB) beginWrite(ctx context.Context) (func(), error) {
	select {
	case db.gate <- struct{}{}:
		return func() { <-db.gate }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// writeTx runs fn in an IMMEDIATE transaction, in this process's turn, and
// commits it if fn succeeds. what completes "nothing was saved" in errors.
func (db *DB) writeTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, what, writeSmall, fn)
}

// bulkTx is writeTx for a transaction that writes many pages (filling the
// deck cache, a migration, an import), on a connection with SQLite's
// default page cache for its length (see bulkConn).
func (db *DB) bulkTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, what, writeBulk, fn)
}

// insertTx is bulkTx for a transaction of many small inserts, with its
// temporary files in memory (see bulkConn).
func (db *DB) insertTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, what, writeInserts, fn)
}

// How a write transaction's connection is set (write).
const (
	writeSmall   = iota // as every connection is
	writeBulk           // bulkConn
	writeInserts        // bulkConn for inserts
)

// Page caches of a connection, in KiB (negative, as PRAGMA cache_size takes
// them).
const (
	smallCache = -256  // every connection's (OpenOptions)
	bulkCache  = -2000 // SQLite's default, for transactions that write much
)

// bulkConn returns a connection set for a transaction that writes much,
// and a function that sets it back and releases it. It has the page cache
// of bulkCache: with the small one, the dirty pages of a large transaction
// are written to the log before its commit, and a start that parsed every
// deck file took 20-30% longer.
//
// With inserts (a transaction of many small statements, as importing and
// syncing reviews are), its temporary files are kept in memory too
// (temp_store): each INSERT into reviews runs triggers, so SQLite keeps a
// statement journal, which past 64 KiB goes to a file written a page at a
// time. Importing an Anki package of 100,000 reviews (BenchmarkAnkiImport)
// took 16.4 CPU-seconds with it on disk, 8.5 in memory; syncing 100,000
// entries (BenchmarkSync100k) 15.9 s, 10.2. Not for one large statement:
// the journal of progress rebuild's DELETE of every card state is the
// size of the table (115 MB of memory instead of 70 for a million reviews).
func (db *DB) bulkConn(ctx context.Context, inserts bool) (*sql.Conn, func(), error) {
	c, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	set := []string{fmt.Sprintf("PRAGMA cache_size = %d", bulkCache)}
	if inserts {
		set = append(set, "PRAGMA temp_store = MEMORY")
	}
	for _, q := range set {
		if _, err := c.ExecContext(ctx, q); err != nil {
			c.Close()
			return nil, nil, err
		}
	}
	return c, func() {
		ctx := context.WithoutCancel(ctx)
		_, _ = c.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", smallCache))
		_, _ = c.ExecContext(ctx, "PRAGMA temp_store = DEFAULT")
		c.Close()
	}, nil
}

// write is writeTx, bulkTx and insertTx, by mode.
func (db *DB) write(ctx context.Context, what string, mode int, fn func(tx *sql.Tx) error) error {
	end, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer end()
	begin := db.sql.BeginTx
	if mode != writeSmall {
		c, done, err := db.bulkConn(ctx, mode == writeInserts)
		if err != nil {
			return db.wrap(err, what)
		}
		defer done()
		begin = c.BeginTx
	}
	tx, err := begin(ctx, nil)
	if err != nil {
		return db.wrap(err, what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return db.wrap(err, what)
	}
	if err := tx.Commit(); err != nil {
		return db.wrap(err, what)
	}
	db.afterCommit()
	return nil
}

// Open opens the progress database at path, creating it if it does not exist
// (its directory must exist), and brings its schema up to date, taking a
// backup in <dir>/backups first when an existing database needs migrating.
// A database from a newer ontap, or a file that is not an ontap database, is
// refused with an *Error and left untouched.
func Open(path string) (*DB, error) { return OpenOptions(path, Options{}) }

// OpenOptions is Open with options.
func OpenOptions(path string, opt Options) (*DB, error) {
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if migrationsErr != nil {
		return nil, fmt.Errorf("store: bad embedded migrations: %w", migrationsErr)
	}
	if err := precheck(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	// No automatic checkpoint inside a commit: it made every 62nd answer
	// take 15 ms instead of 1.5. The log is checkpointed in the background
	// instead (see afterCommit), and when the last connection closes.
	q.Add("_pragma", "wal_autocheckpoint(0)")
	// A small page cache (256 KiB; SQLite's default is 2 MB): a start reads
	// a few hundred pages once each, and on these machines a page of memory
	// a process touches for the first time costs about 12 µs, more than
	// reading the page again. Side by side, the first question took 51-54
	// ms instead of 63, stats 0.17 s instead of 0.20. Transactions that
	// write many pages have the default one (bulkConn).
	q.Add("_pragma", fmt.Sprintf("cache_size(%d)", smallCache))
	q.Set("_txlock", "immediate")
	// No journal_mode here: switching to WAL writes the file header, and a
	// database that is refused must be left as it was. It is set once below.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, wrapErr(path, opt.BusyTimeout, err, "")
	}
	key, err := filepath.Abs(path)
	if err != nil {
		key = path
	}
	gate, _ := gates.LoadOrStore(key, make(chan struct{}, 1))
	db := &DB{sql: sdb, path: path, busy: opt.BusyTimeout, now: opt.Now, gate: gate.(chan struct{}), ckpt: defaultCheckpoints}
	if err := db.init(); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// precheck refuses a missing directory, and a file that is not SQLite at
// all, before SQLite touches anything.
func precheck(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &Error{Path: path, Kind: ErrUnwritable, Err: err,
				Msg: fmt.Sprintf("%s: cannot create the database: directory %s does not exist", path, dir)}
		}
		return unwritable(path, err)
	}
	if !st.IsDir() {
		return &Error{Path: path, Kind: ErrUnwritable,
			Msg: fmt.Sprintf("%s: cannot create the database: %s is not a directory", path, dir)}
	}
	f, err := safefile.Open(context.Background(), path, math.MaxInt64)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if nr := (*safefile.NotRegularError)(nil); errors.As(err, &nr) {
		why := "not a regular file"
		if nr.Kind != "" {
			why = nr.Kind + ", not a regular file"
		}
		return notDatabase(path, why, nil)
	}
	if err != nil {
		return unwritable(path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF) {
		return emptyBesideBackups(path) // else an empty file is an empty database
	}
	if err != nil && err != io.ErrUnexpectedEOF {
		return &Error{Path: path, Err: err, Msg: fmt.Sprintf("%s: cannot read the database: %v", path, err)}
	}
	// A header shorter than the magic string is a database another process
	// is creating (its first page not yet whole): SQLite, under its locks,
	// tells that from a truncated file.
	if !bytes.HasPrefix([]byte("SQLite format 3\x00"), head[:n]) {
		return notDatabase(path, "file is not a database", nil)
	}
	return nil
}

// ourTables are the tables the schema creates; a database with any other
// table and no version is another program's.
var ourTables = map[string]bool{"sessions": true, "reviews": true, "card_states": true, "settings": true}

// init checks the version, switches to WAL and migrates.
func (db *DB) init() error {
	ctx := context.Background()
	var version int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return db.wrap(err, "")
	}
	if version > SchemaVersion {
		return &Error{Path: db.path, Kind: ErrNewerSchema,
			Msg: fmt.Sprintf("%s: database schema version %d is newer than this ontap supports (%d); upgrade ontap",
				db.path, version, SchemaVersion)}
	}
	if version == 0 {
		rows, err := db.sql.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
		if err != nil {
			return db.wrap(err, "")
		}
		var foreign []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return db.wrap(err, "")
			}
			if !ourTables[name] {
				foreign = append(foreign, name)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return db.wrap(err, "")
		}
		if len(foreign) > 0 {
			return notDatabase(db.path, fmt.Sprintf("it holds another program's tables: %s", strings.Join(foreign, ", ")), nil)
		}
	}
	if err := db.setWAL(ctx); err != nil {
		return err
	}
	if version == SchemaVersion {
		return nil
	}
	if version > 0 {
		// Existing data: keep a consistent copy before changing the schema.
		if _, err := db.Backup(filepath.Join(filepath.Dir(db.path), "backups"), db.now()); err != nil {
			return fmt.Errorf("%s: not migrating the database to schema version %d: the backup failed: %w", db.path, SchemaVersion, err)
		}
	}
	return db.migrate(ctx)
}

// setWAL switches the database to WAL (a persistent setting), retrying while
// another process holds a lock, up to the busy timeout.
func (db *DB) setWAL(ctx context.Context) error {
	deadline := time.Now().Add(db.busy)
	for {
		var mode string
		err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		if err == nil && strings.EqualFold(mode, "wal") {
			return nil
		}
		if err == nil {
			err = db.sql.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
			if err == nil && strings.EqualFold(mode, "wal") {
				return nil
			}
			if err == nil {
				return &Error{Path: db.path, Msg: fmt.Sprintf("%s: cannot switch the database to WAL mode (still %q)", db.path, mode)}
			}
		}
		if !errors.Is(db.wrap(err, ""), ErrLocked) || time.Now().After(deadline) {
			return db.wrap(err, "")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// migrate applies the missing migrations in one IMMEDIATE transaction. The
// version is read again inside it: another process may have just migrated.
func (db *DB) migrate(ctx context.Context) error {
	return db.bulkTx(ctx, "", func(tx *sql.Tx) error { return db.migrateTx(ctx, tx) })
}

// migrateTx applies the missing migrations in tx.
func (db *DB) migrateTx(ctx context.Context, tx *sql.Tx) error {
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return db.wrap(err, "")
	}
	if version > SchemaVersion {
		return &Error{Path: db.path, Kind: ErrNewerSchema,
			Msg: fmt.Sprintf("%s: database schema version %d is newer than this ontap supports (%d); upgrade ontap",
				db.path, version, SchemaVersion)}
	}
	for _, m := range migrations[version:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("%s: migration %s failed, the database was left as it was: %w", db.path, m.name, db.wrap(err, ""))
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
	return err
}

// wrap turns err into a learner's message naming the database.
func (db *DB) wrap(err error, what string) error { return wrapErr(db.path, db.busy, err, what) }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database; the last connection checkpoints the WAL.
func (db *DB) Close() error {
	db.ckptMu.Lock()
	db.closed = true
	if db.ckptTimer != nil {
		db.ckptTimer.Stop()
	}
	db.ckptMu.Unlock()
	db.background.Wait()
	db.closeStatements()
	if err := db.sql.Close(); err != nil {
		return db.wrap(err, "")
	}
	return nil
}

// Check runs PRAGMA integrity_check and reports any problem found.
func (db *DB) Check(ctx context.Context) error {
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return db.wrap(err, "")
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return db.wrap(err, "")
		}
		problems = append(problems, s)
	}
	if err := rows.Err(); err != nil {
		return db.wrap(err, "")
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	return notDatabase(db.path, "integrity check failed: "+strings.Join(problems, "; "), nil)
}
