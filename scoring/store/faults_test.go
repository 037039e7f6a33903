package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, path string) // makes the file at path
		kind  error
		want  string // %s is the path, %d the directory
	}{
		{"newer schema", func(t *testing.T, path string) {
			if _, err := openRaw(t, path).Exec("CREATE TABLE reviews (x); PRAGMA user_version = 99"); err != nil {
				t.Fatal(err)
			}
		}, ErrNewerSchema, fmt.Sprintf("%%s: database schema version 99 is newer than this ontap supports (%d); upgrade ontap", SchemaVersion)},
		{"newer schema in WAL mode", func(t *testing.T, path string) {
			if _, err := openRaw(t, path).Exec(fmt.Sprintf("PRAGMA journal_mode = WAL; CREATE TABLE reviews (x); PRAGMA user_version = %d", SchemaVersion+1)); err != nil {
				t.Fatal(err)
			}
		}, ErrNewerSchema, fmt.Sprintf("%%s: database schema version %d is newer than this ontap supports (%d); upgrade ontap", SchemaVersion+1, SchemaVersion)},
		{"text file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("card_id,review_rating\nsome/card,3\n"), 0o600)
		}, ErrNotDatabase, "%s: not an ontap database (file is not a database); restore a backup from %d/backups or move the file away"},
		{"short file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("SQLite"), 0o600)
		}, ErrNotDatabase, "%s: not an ontap database (file is not a database)"},
		{"sqlite header, garbage body", func(t *testing.T, path string) {
			b := make([]byte, 8192)
			copy(b, "SQLite format 3\x00")
			for i := 16; i < len(b); i++ {
				b[i] = byte(i * 7)
			}
			os.WriteFile(path, b, 0o600)
		}, ErrNotDatabase, "%s: not an ontap database ("},
		{"another program's database", func(t *testing.T, path string) {
			if _, err := openRaw(t, path).Exec("CREATE TABLE moz_places (id)"); err != nil {
				t.Fatal(err)
			}
		}, ErrNotDatabase, "%s: not an ontap database (it holds another program's tables: moz_places)"},
		{"corrupt schema page", func(t *testing.T, path string) {
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
			db.Close()
			b := readFile(t, path)
			for i := 100; i < 4096; i++ { // page 1 after the header: the schema
				b[i] = 0xFF
			}
			os.WriteFile(path, b, 0o600)
		}, ErrNotDatabase, "%s: not an ontap database (the database file is corrupt); restore a backup from %d/backups or move the file away"},
		{"a directory", func(t *testing.T, path string) {
			os.Mkdir(path, 0o700)
		}, ErrNotDatabase, "%s: not an ontap database (a directory, not a regular file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ontap.db")
			tt.setup(t, path)
			var before []byte
			if st, _ := os.Stat(path); st.Mode().IsRegular() {
				before = readFile(t, path)
			}
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			want := strings.NewReplacer("%s", path, "%d", dir).Replace(tt.want)
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error\n got %q\nwant %q...", err, want)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %v is not %v", err, tt.kind)
			}
			if before != nil {
				sameBytes(t, path, before)
			}
			if _, err := os.Stat(filepath.Join(dir, "backups")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused database was backed up")
			}
		})
	}
}

// TestCorruptNamesBackup: the message for a corrupt database names the newest backup.
func TestCorruptNamesBackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "ontap.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
	backup, err := db.Backup(filepath.Join(dir, "backups"), t0)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.WriteFile(path, []byte("overwritten by mistake"), 0o600)
	_, err = Open(path)
	want := fmt.Sprintf("%s: not an ontap database (file is not a database); restore a backup (newest: %s, with `ontap progress restore`) or move the file away", path, backup)
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func TestOpenMissingDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nope")
	path := filepath.Join(dir, "ontap.db")
	_, err := Open(path)
	want := path + ": cannot create the database: directory " + dir + " does not exist"
	if err == nil || err.Error() != want || !errors.Is(err, ErrUnwritable) {
		t.Errorf("error %v, want %q", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("Open created the directory")
	}
}

// TestOpenReadOnlyDir: a data directory that cannot be written gets a clear
// error, for a new database and for an existing one, which is left as it
// was. Root ignores permissions, so as root the check runs in a child
// process with the "nobody" user's id.
func TestOpenReadOnlyDir(t *testing.T) {
	t.Parallel()
	base, err := os.MkdirTemp("", "ontap-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(base, "ro"), 0o700); os.RemoveAll(base) })
	ro := filepath.Join(base, "ro")
	os.Mkdir(ro, 0o755)
	// An existing database, closed cleanly (no -wal or -shm file left).
	existing := filepath.Join(ro, "existing.db")
	db, err := Open(existing)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, existing)
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if msg := checkReadOnly(ro); msg != "" {
			t.Fatal(msg)
		}
	} else {
		// A copy of the test binary that the nobody user can run.
		os.Chmod(base, 0o755)
		bin := filepath.Join(base, "store.test")
		in, err := os.Open(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(out, in)
		in.Close()
		out.Close()
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "ONTAP_STORE_CHILD=readonly", "ONTAP_STORE_DIR="+ro)
		cmd.SysProcAttr = nobody()
		outb, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child as nobody: %v\n%s", err, outb)
		}
	}
	sameBytes(t, existing, before)
}

// checkReadOnly opens a new and an existing database in the read-only
// directory dir and returns what went wrong ("" when both get the right error).
func checkReadOnly(dir string) string {
	for _, name := range []string{"new.db", "existing.db"} {
		path := filepath.Join(dir, name)
		db, err := OpenOptions(path, Options{BusyTimeout: 100 * time.Millisecond})
		if err == nil {
			db.Close()
			return path + ": Open succeeded in a read-only directory"
		}
		want := path + ": cannot open the database for writing ("
		if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "check that "+dir+" exists and is writable") ||
			!errors.Is(err, ErrUnwritable) {
			return fmt.Sprintf("error %q, want %q...", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); err == nil {
		return "new.db was created"
	}
	return ""
}

// childReadOnly runs checkReadOnly in a child process.
func childReadOnly() int {
	if msg := checkReadOnly(os.Getenv("ONTAP_STORE_DIR")); msg != "" {
		fmt.Println(msg)
		return 1
	}
	return 0
}

func TestLocked(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ontap.db")
	db, err := OpenOptions(path, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	sid := startSession(t, db, "study", t0, "d")
	// Another process holds a write transaction.
	other := openRaw(t, path)
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = db.Record(ctx, review(sid, "d", "c", t0, scoring.Good, "learn", 0))
	want := path + ": database is locked by another ontap process for more than 200ms; try again"
	if err == nil || err.Error() != want || !errors.Is(err, ErrLocked) {
		t.Errorf("error %v, want %q", err, want)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("gave up after %s, before the busy timeout", d)
	}
	// Reads still work while the lock is held (WAL).
	if _, err := db.Sessions(ctx, "", 0); err != nil {
		t.Errorf("read while locked: %v", err)
	}
	conn.ExecContext(ctx, "ROLLBACK")
	conn.Close()
	record(t, db, review(sid, "d", "c", t0, scoring.Good, "learn", 0))
	if ss, _ := db.Sessions(ctx, "", 0); ss[0].Answered != 1 {
		t.Errorf("answered %d after a failed and a good Record, want 1", ss[0].Answered)
	}

	// Writers of one process queue on the file's gate.
	db2, err := OpenOptions(path, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if db2.gate != db.gate {
		t.Fatal("two DBs on one file have different gates")
	}
	end, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := db2.Record(short, review(sid, "d", "c", t0, scoring.Good, "learn", 1)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Record while the gate is held: %v, want the context's error", err)
	}
	done := make(chan error)
	go func() { done <- db2.Record(ctx, review(sid, "d", "c", t0, scoring.Good, "learn", 1)) }()
	time.Sleep(400 * time.Millisecond) // longer than the busy timeout: queued writers wait their turn
	end()
	if err := <-done; err != nil {
		t.Errorf("Record after the gate opened: %v", err)
	}
	if ss, _ := db.Sessions(ctx, "", 0); ss[0].Answered != 2 {
		t.Errorf("answered %d, want 2", ss[0].Answered)
	}
}
