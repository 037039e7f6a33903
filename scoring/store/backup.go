package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
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
	"time"

	"github.com/ontap/ontap/decks/safefile"
)

// KeepBackups is how many backups Backup keeps.
const KeepBackups = 7

// backupName matches the files Backup writes: ontap-YYYYMMDD-HHMMSS.db, with
// -N before .db when several are made in the same second.
var backupName = regexp.MustCompile(`^ontap-(\d{8})-(\d{6})(?:-(\d+))?\.db$`)

// backupFile is one backup found in a directory.
type backupFile struct {
	path  string
	stamp string // YYYYMMDD-HHMMSS
	seq   int
}

// listBackups returns the backups in dir, newest first.
func listBackups(dir string) ([]backupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []backupFile
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		seq := 0
		if m[3] != "" {
			seq, _ = strconv.Atoi(m[3])
		}
		out = append(out, backupFile{path: filepath.Join(dir, e.Name()), stamp: m[1] + "-" + m[2], seq: seq})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].stamp != out[j].stamp {
			return out[i].stamp > out[j].stamp
		}
		return out[i].seq > out[j].seq
	})
	return out, nil
}

// Backups returns the paths of the backups in dir, newest first (none when
// dir does not exist).
func Backups(dir string) ([]string, error) {
	list, err := listBackups(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot list backups: %w", dir, err)
	}
	paths := make([]string, len(list))
	for i, b := range list {
		paths[i] = b.path
	}
	return paths, nil
}

// Backup writes a consistent copy of the database (VACUUM INTO) to
// dir/ontap-YYYYMMDD-HHMMSS.db, named from now as given, creating dir if
// needed, and removes all but the newest KeepBackups backups. The copy is
// written under a temporary name and renamed, so a backup file is always
// whole. It returns the backup's path.
func (db *DB) Backup(dir string, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("%s: cannot create the backup directory: %w", dir, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(dir, ".tmp-"+hex.EncodeToString(rnd[:])+".db")
	if _, err := db.sql.ExecContext(context.Background(), "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backing up %s: %w", db.path, wrapErr(tmp, db.busy, err, "in the backup"))
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backing up %s: %s: %w", db.path, tmp, err)
	}
	stamp := now.Format("20060102-150405")
	var final string
	for seq := 0; ; seq++ {
		name := "ontap-" + stamp + ".db"
		if seq > 0 {
			name = fmt.Sprintf("ontap-%s-%d.db", stamp, seq)
		}
		final = filepath.Join(dir, name)
		// Link fails if final exists, so that a backup never replaces
		// another made in the same second.
		err := os.Link(tmp, final)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			os.Remove(tmp)
			return "", fmt.Errorf("backing up %s: %w", db.path, err)
		}
	}
	os.Remove(tmp)
	syncDir(dir)
	if err := pruneBackups(dir, KeepBackups); err != nil {
		return final, err
	}
	return final, nil
}

// pruneBackups removes all but the newest keep backups in dir, and the
// temporary files of backups interrupted more than an hour ago.
func pruneBackups(dir string, keep int) error {
	if stale, err := filepath.Glob(filepath.Join(dir, ".tmp-*.db")); err == nil {
		for _, p := range stale {
			if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > time.Hour {
				os.Remove(p)
			}
		}
	}
	list, err := listBackups(dir)
	if err != nil {
		return fmt.Errorf("%s: cannot list backups: %w", dir, err)
	}
	for _, b := range list[min(keep, len(list)):] {
		if err := os.Remove(b.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing old backup: %w", err)
		}
	}
	return nil
}

// DailyBackup makes a backup in dir unless one was already made on now's
// date (in now's location), or the database holds no review yet (an empty
// database is not worth a slot that a real backup would lose). It returns the
// backup's path and whether one was made.
func (db *DB) DailyBackup(dir string, now time.Time) (string, bool, error) {
	list, err := listBackups(dir)
	if err != nil {
		return "", false, fmt.Errorf("%s: cannot list backups: %w", dir, err)
	}
	day := now.Format("20060102")
	for _, b := range list {
		if strings.HasPrefix(b.stamp, day+"-") {
			return "", false, nil
		}
	}
	var any bool
	if err := db.sql.QueryRow("SELECT EXISTS (SELECT 1 FROM reviews)").Scan(&any); err != nil {
		return "", false, db.wrap(err, "")
	}
	if !any {
		return "", false, nil
	}
	p, err := db.Backup(dir, now)
	if err != nil {
		return "", false, err
	}
	return p, true, nil
}

// checkBackup opens the file at path read-only, without locks or journal,
// and checks it is a whole ontap database this code can read.
func checkBackup(path string) error {
	if err := precheck(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: cannot read the backup: %w", path, err)
	}
	if st.Size() == 0 {
		return notDatabase(path, "the file is empty", nil)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&immutable=1"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return wrapErr(path, 0, err, "")
	}
	defer sdb.Close()
	var version int
	if err := sdb.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return wrapErr(path, 0, err, "")
	}
	if version == 0 {
		return notDatabase(path, "it has no ontap schema", nil)
	}
	if version > SchemaVersion {
		return &Error{Path: path, Kind: ErrNewerSchema,
			Msg: fmt.Sprintf("%s: database schema version %d is newer than this ontap supports (%d); upgrade ontap", path, version, SchemaVersion)}
	}
	var result string
	if err := sdb.QueryRow("PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return wrapErr(path, 0, err, "")
	}
	if result != "ok" {
		return notDatabase(path, "integrity check failed: "+result, nil)
	}
	return nil
}

// Restore replaces the database at dbPath with the backup at backup, after
// checking that the backup is a whole ontap database (integrity_check ok,
// schema not newer than this code). The backup is copied to a temporary file
// beside dbPath and renamed over it, so dbPath is always either the old or
// the new database; the old one is kept as dbPath + ".before-restore". The
// caller must close every connection to dbPath first, and confirm with the
// learner. An older schema is migrated at the next Open.
func Restore(dbPath, backup string) error {
	if err := checkBackup(backup); err != nil {
		return fmt.Errorf("not restoring %s: %w", backup, err)
	}
	dir := filepath.Dir(dbPath)
	tmp, err := os.CreateTemp(dir, ".restore-*.db")
	if err != nil {
		return unwritable(dbPath, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // after the rename, there is nothing left to remove
	src, err := safefile.Open(context.Background(), backup, math.MaxInt64)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("%s: cannot read the backup: %w", backup, err)
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: restoring %s failed, the database was left as it was: %w", dbPath, backup, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		if err := copyFile(dbPath, dbPath+".before-restore"); err != nil {
			return fmt.Errorf("%s: cannot keep a copy of the current database before restoring: %w", dbPath, err)
		}
	}
	// The WAL and shared-memory files belong to the old database: replayed
	// over the restored one they would corrupt it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: cannot remove %s%s before restoring: %w", dbPath, dbPath, suffix, err)
		}
	}
	if err := os.Rename(tmpName, dbPath); err != nil {
		return fmt.Errorf("%s: restoring %s failed: %w", dbPath, backup, err)
	}
	syncDir(dir)
	return nil
}

// copyFile copies src to dst (replacing it) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir flushes a directory's entries (best effort: not every system
// supports it).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}
