package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Kinds of failure that callers may want to tell apart with errors.Is.
var (
	// ErrLocked: another process held the database for longer than the busy timeout.
	ErrLocked = errors.New("database is locked")
	// ErrDiskFull: SQLite could not grow the database or its journal.
	ErrDiskFull = errors.New("disk full")
	// ErrNotDatabase: the file is not an ontap database, or it is corrupt.
	ErrNotDatabase = errors.New("not an ontap database")
	// ErrNewerSchema: the database was written by a newer ontap.
	ErrNewerSchema = errors.New("database schema is newer than this ontap")
	// ErrUnwritable: the database or its directory cannot be created or written.
	ErrUnwritable = errors.New("database cannot be written")
	// ErrNotFound: a session that does not exist was named.
	ErrNotFound = errors.New("not found")
)

// Error is a failure of the store, with a message for the learner that names
// the file and says what to do. Kind is one of the Err* values above (or nil)
// and Err the underlying cause; errors.Is matches both.
type Error struct {
	Path string // the database or backup file concerned
	Kind error  // ErrLocked, ErrDiskFull, ... or nil
	Msg  string // the whole message, starting with Path
	Err  error  // the cause, may be nil
}

// Error returns the message for the learner.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// sqliteCode returns the primary SQLite result code in err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// backupHint names the backup to restore for the database at path, or the
// backups directory when there is none yet.
func backupHint(path string) string {
	dir := filepath.Join(filepath.Dir(path), "backups")
	if list, err := Backups(dir); err == nil && len(list) > 0 {
		return fmt.Sprintf("restore a backup (newest: %s, with `ontap progress restore`)", list[0])
	}
	return "restore a backup from " + dir
}

// emptyBesideBackups is the error for an empty database file (0 bytes)
// beside backups: the progress was there once, and starting afresh over it
// would hide that (and age the backups out). Without backups it is nil: a
// new database.
func emptyBesideBackups(path string) error {
	dir := filepath.Join(filepath.Dir(path), "backups")
	list, err := Backups(dir)
	if err != nil || len(list) == 0 {
		return nil
	}
	return &Error{Path: path, Kind: ErrNotDatabase,
		Msg: fmt.Sprintf("%s is empty (0 bytes), but %d backup(s) of it are in %s, the newest %s: "+
			"restore it with `ontap progress restore` (or another with `ontap progress restore BACKUP`), "+
			"or remove %s to start afresh", path, len(list), dir, filepath.Base(list[0]), path)}
}

// notDatabase is the error for a file that SQLite cannot read as a database.
func notDatabase(path, why string, cause error) error {
	return &Error{Path: path, Kind: ErrNotDatabase, Err: cause,
		Msg: fmt.Sprintf("%s: not an ontap database (%s); %s or move the file away", path, why, backupHint(path))}
}

// wrapErr turns an SQLite error met on the database at path into an *Error
// a learner understands. what completes "nothing was saved" for writes ("" for
// reads). Errors that are already *Error, and context errors, pass through.
func wrapErr(path string, busy time.Duration, err error, what string) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) || errors.Is(err, errNoRows) {
		return err
	}
	if errors.Is(err, os.ErrPermission) {
		return unwritable(path, err)
	}
	saved := "nothing was saved"
	if what != "" {
		saved += " " + what
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &Error{Path: path, Kind: ErrLocked, Err: err,
			Msg: fmt.Sprintf("%s: database is locked by another ontap process for more than %s; try again", path, fmtDuration(busy))}
	case sqlite3.SQLITE_FULL:
		return &Error{Path: path, Kind: ErrDiskFull, Err: err,
			Msg: fmt.Sprintf("%s: disk full; free some space and try again; %s", path, saved)}
	case sqlite3.SQLITE_NOTADB:
		return notDatabase(path, "file is not a database", err)
	case sqlite3.SQLITE_CORRUPT:
		return notDatabase(path, "the database file is corrupt", err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return unwritable(path, err)
	case sqlite3.SQLITE_IOERR:
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_IOERR_WRITE {
			// A failed write is most often a full disk (ENOSPC) or a file
			// size limit (EFBIG), which SQLite does not tell apart.
			return &Error{Path: path, Kind: ErrDiskFull, Err: err,
				Msg: fmt.Sprintf("%s: cannot write to the disk (is it full?); free some space and try again; %s", path, saved)}
		}
		return &Error{Path: path, Err: err,
			Msg: fmt.Sprintf("%s: disk I/O error (%v); check the disk, then try again; %s", path, err, saved)}
	}
	return &Error{Path: path, Err: err, Msg: fmt.Sprintf("%s: %v", path, err)}
}

// unwritable is the error for a database that cannot be created or written.
func unwritable(path string, cause error) error {
	return &Error{Path: path, Kind: ErrUnwritable, Err: cause,
		Msg: fmt.Sprintf("%s: cannot open the database for writing (%v); check that %s exists and is writable (or choose another --data-dir)",
			path, cause, filepath.Dir(path))}
}

// fmtDuration prints d as "5s" or "250ms".
func fmtDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", int64(d/time.Second))
	}
	return d.String()
}
