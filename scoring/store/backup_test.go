package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
)

func TestBackupsKeepSeven(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	record(t, db, review(0, "d", "c", t0, scoring.Good, "learn", 0))
	dir := filepath.Join(t.TempDir(), "backups")
	// Left by a backup interrupted long ago, and by one in progress.
	os.MkdirAll(dir, 0o700)
	stale, fresh := filepath.Join(dir, ".tmp-0123456789ab.db"), filepath.Join(dir, ".tmp-ba9876543210.db")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(fresh, []byte("half"), 0o600)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	var made []string
	for i := range 10 {
		// Two in the same second, to exercise the -N suffix.
		at := t0.Add(time.Duration(i/2*3600) * time.Second)
		p, err := db.Backup(dir, at)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
	}
	got, err := Backups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := len(made) - 1; i >= len(made)-KeepBackups; i-- {
		want = append(want, made[i])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Backups\n got %q\nwant %q", got, want)
	}
	if filepath.Base(made[0]) != "ontap-20260314-092653.db" || filepath.Base(made[1]) != "ontap-20260314-092653-1.db" {
		t.Errorf("backup names %q", made[:2])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != KeepBackups+1 {
		t.Errorf("%d files in %s, want %d backups and the fresh temporary file", len(entries), dir, KeepBackups)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary file kept: %v", err)
	}
	// Each backup is a whole database holding the review.
	for _, p := range got {
		if err := checkBackup(p); err != nil {
			t.Error(err)
		}
		var n int
		if err := openRaw(t, p).QueryRow("SELECT count(*) FROM reviews").Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d reviews, %v", p, n, err)
		}
	}
	if list, err := Backups(filepath.Join(dir, "none")); err != nil || len(list) != 0 {
		t.Errorf("Backups of a missing dir: %v, %v", list, err)
	}
}

func TestDailyBackup(t *testing.T) {
	t.Parallel()
	db := openTemp(t)
	dir := filepath.Join(t.TempDir(), "backups")
	tests := []struct {
		name   string
		at     time.Time
		fill   bool // record a review first
		want   bool
		wantOf int // backups after the call
	}{
		{"empty database: no backup", t0, false, false, 0},
		{"first run of the day", t0, true, true, 1},
		{"same day later", t0.Add(10 * time.Hour), true, false, 1},
		{"next day", t0.Add(24 * time.Hour), false, true, 2},
		{"next day again", t0.Add(25 * time.Hour), false, false, 2},
	}
	for _, tt := range tests {
		if tt.fill {
			record(t, db, review(0, "d", tt.name, tt.at, scoring.Good, "learn", 0))
		}
		p, made, err := db.DailyBackup(dir, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if made != tt.want || (made && !strings.HasPrefix(filepath.Base(p), "ontap-"+tt.at.Format("20060102"))) {
			t.Errorf("%s: made %v %q, want %v", tt.name, made, p, tt.want)
		}
		if list, _ := Backups(dir); len(list) != tt.wantOf {
			t.Errorf("%s: %d backups, want %d", tt.name, len(list), tt.wantOf)
		}
	}
}

func TestRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ontap.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, review(0, "d", "kept", t0, scoring.Good, "learn", 0))
	backup, err := db.Backup(filepath.Join(dir, "backups"), t0)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, review(0, "d", "lost", t0.Add(time.Hour), scoring.Good, "learn", 0))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	current := readFile(t, path)

	// Bad backups are refused and the database is left as it was.
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte("this is not a database at all, not even close to one"), 0o600)
	corrupt := filepath.Join(dir, "corrupt.db")
	b := readFile(t, backup)
	for i := 4096; i < len(b); i++ { // every page after the first
		b[i] = 0xA5
	}
	os.WriteFile(corrupt, b, 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	if _, err := openRaw(t, foreign).Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, want string }{
		{garbage, "not an ontap database (file is not a database)"},
		{corrupt, "not an ontap database"},
		{foreign, "not an ontap database (it has no ontap schema)"},
		{filepath.Join(dir, "missing.db"), "missing.db"},
	} {
		err := Restore(path, tt.file)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
			t.Errorf("Restore(%s) = %v, want %q", filepath.Base(tt.file), err, tt.want)
		}
		sameBytes(t, path, current)
	}

	if err := Restore(path, backup); err != nil {
		t.Fatal(err)
	}
	sameBytes(t, path+".before-restore", current)
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok, _ := db.State(ctx, "d", "kept"); !ok {
		t.Error("restored database lost the backed-up card")
	}
	if _, ok, _ := db.State(ctx, "d", "lost"); ok {
		t.Error("restored database has the card recorded after the backup")
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestRestoreRemovesWAL: a WAL left by the replaced database is not replayed
// over the restored one.
func TestRestoreRemovesWAL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "ontap.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, db, review(0, "d", "a", t0, scoring.Good, "learn", 0))
	backup, err := db.Backup(filepath.Join(dir, "backups"), t0)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.WriteFile(path+"-wal", []byte("stale wal"), 0o600)
	os.WriteFile(path+"-shm", []byte("stale shm"), 0o600)
	if err := Restore(path, backup); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + s); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s%s still there: %v", path, s, err)
		}
	}
}
