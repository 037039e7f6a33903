package logsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ontap/ontap/scoring"
	"github.com/ontap/ontap/scoring/schedule"
	"github.com/ontap/ontap/scoring/store"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// machine is one device's database, studied through the store as a
// session does.
type machine struct {
	t     *testing.T
	db    *store.DB
	sched scoring.Scheduler
	probs []string
}

func newMachine(t *testing.T) *machine {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "ontap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := schedule.NewFSRS(schedule.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return &machine{t: t, db: db, sched: s}
}

// answer is one answer of a session: a card of deck "d" and its rating.
type answer struct {
	card   string
	rating scoring.Rating
}

// study records a session at start with the answers a second apart.
func (m *machine) study(start time.Time, answers ...answer) {
	m.t.Helper()
	ctx := context.Background()
	s := &store.Session{Start: start, Mode: "study", Decks: []string{"d"}}
	if err := m.db.StartSession(ctx, s); err != nil {
		m.t.Fatal(err)
	}
	at := start
	for _, a := range answers {
		at = at.Add(time.Second)
		before, _, err := m.db.State(ctx, "d", a.card)
		if err != nil {
			m.t.Fatal(err)
		}
		after := m.sched.Review("d/"+a.card, before, a.rating, at)
		kind := map[scoring.Phase]string{scoring.New: "learn", scoring.Learning: "learn", scoring.Review: "review", scoring.Relearning: "relearn"}[before.Phase]
		r := &store.Review{SessionID: s.ID, DeckID: "d", CardID: a.card, Time: at, Rating: a.rating,
			Correct: a.rating > scoring.Again, Kind: store.Kind(kind), Before: before, After: after, Answer: "answer " + a.card}
		if err := m.db.Record(ctx, r); err != nil {
			m.t.Fatal(err)
		}
	}
	if err := m.db.FinishSession(ctx, s.ID, at.Add(time.Second)); err != nil {
		m.t.Fatal(err)
	}
}

// sync syncs through dir at now and returns the result.
func (m *machine) sync(dir string, now time.Time) *Result {
	m.t.Helper()
	res, err := Sync(context.Background(), m.db, Options{Dir: dir, Now: func() time.Time { return now },
		Scheduler: func(string) (scoring.Scheduler, error) { return m.sched, nil },
		Problem:   func(p string) { m.probs = append(m.probs, p) }})
	if err != nil {
		m.t.Fatalf("sync: %v", err)
	}
	return res
}

// snapshot is what a learner sees of a machine: the log (without local
// ids), the sessions, the card states and the settings.
type snapshot struct {
	Reviews  []string
	Sessions []string
	States   map[string]scoring.State
	Settings map[string]string
}

func (m *machine) snapshot() snapshot {
	m.t.Helper()
	ctx := context.Background()
	var s snapshot
	sessions := map[int64]string{}
	ss, err := m.db.Sessions(ctx, "", 0)
	if err != nil {
		m.t.Fatal(err)
	}
	for _, x := range ss {
		k := fmt.Sprintf("%s %s %s %v %d/%d", x.Start.Format(time.RFC3339Nano), x.End.Format(time.RFC3339Nano), x.Mode, x.Decks, x.Correct, x.Answered)
		sessions[x.ID] = k
		s.Sessions = append(s.Sessions, k)
	}
	sort.Strings(s.Sessions)
	err = m.db.Reviews(ctx, func(r *store.Review) error {
		// (not the states before and after: each machine recorded those
		// from what it knew then)
		s.Reviews = append(s.Reviews, fmt.Sprintf("%s %s %d %s %v %s [%s]", r.Key(), r.Time.Format(time.RFC3339Nano), r.Rating,
			r.Answer, r.Correct, r.Kind, sessions[r.SessionID]))
		return nil
	})
	if err != nil {
		m.t.Fatal(err)
	}
	if s.States, err = m.db.States(ctx, "d"); err != nil {
		m.t.Fatal(err)
	}
	if s.Settings, err = m.db.Settings(ctx); err != nil {
		m.t.Fatal(err)
	}
	return s
}

func sameSnapshot(t *testing.T, what string, a, b snapshot) {
	t.Helper()
	switch {
	case !reflect.DeepEqual(a.Reviews, b.Reviews):
		t.Errorf("%s differ in their reviews:\n%s\n%s", what, strings.Join(a.Reviews, "\n"), strings.Join(b.Reviews, "\n"))
	case !reflect.DeepEqual(a.Sessions, b.Sessions):
		t.Errorf("%s differ in their sessions:\n%q\n%q", what, a.Sessions, b.Sessions)
	case !reflect.DeepEqual(a.States, b.States):
		for k, v := range a.States {
			if b.States[k] != v {
				t.Errorf("%s differ in the state of %s:\n%+v\n%+v", what, k, v, b.States[k])
			}
		}
		if len(a.States) != len(b.States) {
			t.Errorf("%s: %d and %d states", what, len(a.States), len(b.States))
		}
	case !reflect.DeepEqual(a.Settings, b.Settings):
		t.Errorf("%s differ in their settings: %q, %q", what, a.Settings, b.Settings)
	}
}

// offline is the study of two machines, apart, on the same cards.
func offline(a, b *machine) {
	a.study(t0, answer{"c1", scoring.Good}, answer{"c2", scoring.Again}, answer{"c3", scoring.Good})
	b.study(t0.Add(30*time.Minute), answer{"c1", scoring.Again}, answer{"c2", scoring.Good}, answer{"c4", scoring.Easy})
	a.study(t0.Add(time.Hour), answer{"c1", scoring.Good}, answer{"c2", scoring.Good})
	b.study(t0.Add(90*time.Minute), answer{"c3", scoring.Hard}, answer{"c4", scoring.Good})
}

func TestTwoMachinesConvergeInEitherOrder(t *testing.T) {
	for _, aFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("aFirst=%v", aFirst), func(t *testing.T) {
			dir := t.TempDir()
			a, b := newMachine(t), newMachine(t)
			offline(a, b)
			now := t0.Add(2 * time.Hour)
			first, second := a, b
			if !aFirst {
				first, second = b, a
			}
			first.sync(dir, now)
			second.sync(dir, now.Add(time.Minute))
			first.sync(dir, now.Add(2*time.Minute))
			sa, sb := a.snapshot(), b.snapshot()
			sameSnapshot(t, "the machines", sa, sb)
			if len(sa.Reviews) != 10 || len(sa.Sessions) != 4 {
				t.Errorf("%d reviews and %d sessions after the sync, want 10 and 4", len(sa.Reviews), len(sa.Sessions))
			}
			// Syncing again adds and writes nothing, on either side.
			for _, m := range []*machine{a, b} {
				if r := m.sync(dir, now.Add(3*time.Minute)); r.Added != 0 || r.Written != 0 || r.Read != 0 {
					t.Errorf("second sync: %+v, want nothing read, added or written", r)
				}
			}
			sameSnapshot(t, "after syncing twice", sa, a.snapshot())
			if len(a.probs)+len(b.probs) > 0 {
				t.Errorf("problems: %q %q", a.probs, b.probs)
			}
		})
	}
}

// TestUnionIsOneMachine: two machines that synced hold what one machine
// that had every answer holds.
func TestUnionIsOneMachine(t *testing.T) {
	dir := t.TempDir()
	a, b, one := newMachine(t), newMachine(t), newMachine(t)
	offline(a, b)
	offline(one, one)
	a.sync(dir, t0.Add(2*time.Hour))
	b.sync(dir, t0.Add(2*time.Hour))
	a.sync(dir, t0.Add(2*time.Hour))
	u, o := a.snapshot(), one.snapshot()
	sameSnapshot(t, "the synced machine and the single one", u, o)
}

func TestThreeMachinesAnyOrder(t *testing.T) {
	orders := [][]int{{0, 1, 2, 0, 1}, {2, 1, 0, 2, 1}, {1, 0, 2, 1, 0}}
	var want snapshot
	for i, order := range orders {
		dir := t.TempDir()
		ms := []*machine{newMachine(t), newMachine(t), newMachine(t)}
		offline(ms[0], ms[1])
		ms[2].study(t0.Add(10*time.Minute), answer{"c1", scoring.Hard}, answer{"c5", scoring.Good})
		for k, j := range order {
			ms[j].sync(dir, t0.Add(3*time.Hour+time.Duration(k)*time.Minute))
		}
		s := ms[0].snapshot()
		for j := 1; j < 3; j++ {
			sameSnapshot(t, fmt.Sprintf("order %v: machines 0 and %d", order, j), s, ms[j].snapshot())
		}
		if i == 0 {
			want = s
		} else {
			sameSnapshot(t, fmt.Sprintf("order %v and %v", orders[0], order), want, s)
		}
	}
}

// TestTiesInTime: two machines answer the same card in the same
// millisecond; both replay the two answers in the same order.
func TestTiesInTime(t *testing.T) {
	dir := t.TempDir()
	a, b := newMachine(t), newMachine(t)
	a.study(t0, answer{"c1", scoring.Good})
	b.study(t0, answer{"c1", scoring.Again})
	a.sync(dir, t0.Add(time.Hour))
	b.sync(dir, t0.Add(time.Hour))
	a.sync(dir, t0.Add(time.Hour))
	sameSnapshot(t, "the machines", a.snapshot(), b.snapshot())
}

// TestSettingsLastWriterWins: the later change of a setting wins on every
// machine, and every card is derived again with it.
func TestSettingsLastWriterWins(t *testing.T) {
	dir := t.TempDir()
	a, b := newMachine(t), newMachine(t)
	ctx := context.Background()
	offline(a, b)
	if err := a.db.SetSettingAt(ctx, "params", "a", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetSettingAt(ctx, "params", "b", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := a.db.SetSettingAt(ctx, "sync", "/a/folder", t0); err != nil {
		t.Fatal(err)
	}
	b.sync(dir, t0.Add(3*time.Hour))
	a.sync(dir, t0.Add(3*time.Hour))
	b.sync(dir, t0.Add(3*time.Hour))
	for _, m := range []*machine{a, b} {
		v, _, err := m.db.Setting(ctx, "params")
		if err != nil || v != "b" {
			t.Errorf("params = %q, %v; want the later value b", v, err)
		}
	}
	if _, ok, _ := b.db.Setting(ctx, "sync"); ok {
		t.Error("the sync folder, a setting of one machine, was synced")
	}
}

// deviceFile returns the one log file of m's device under dir.
func deviceFile(t *testing.T, m *machine, dir string) string {
	t.Helper()
	dev, err := m.db.SyncDevice(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, dev, "*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("files of %s: %v, want one", dev, files)
	}
	return files[0]
}

func TestFaults(t *testing.T) {
	dir := t.TempDir()
	a, b := newMachine(t), newMachine(t)
	offline(a, a)
	a.sync(dir, t0.Add(2*time.Hour))
	path := deviceFile(t, a, dir)
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(full, []byte("\n"))
	lines = lines[:len(lines)-1]

	// A copy made mid-write: the last line is cut. Nothing of it is read
	// until it is complete.
	cut := len(full) - len(lines[len(lines)-1])/2
	if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	r := b.sync(dir, t0.Add(3*time.Hour))
	if r.Read != len(lines)-1 {
		t.Errorf("read %d entries from a file cut in its last line, want %d", r.Read, len(lines)-1)
	}
	if err := os.WriteFile(path, full, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := b.sync(dir, t0.Add(3*time.Hour)); r.Read != 1 || r.Added != 1 {
		t.Errorf("once complete, read %d entries (%d new), want the last one", r.Read, r.Added)
	}
	if len(b.probs) != 0 {
		t.Errorf("problems for a line being written: %q", b.probs)
	}
	sameSnapshot(t, "after the cut copy", a.snapshot(), b.snapshot())

	// A damaged line is reported with its file and line, and skipped.
	c := newMachine(t)
	damaged := bytes.Clone(full)
	i := bytes.Index(damaged, []byte(`"rating":`))
	damaged[i+len(`"rating":`)] = '4'
	if err := os.WriteFile(path, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	line := bytes.Count(damaged[:i], []byte("\n")) + 1
	r = c.sync(dir, t0.Add(4*time.Hour))
	if want := fmt.Sprintf("%s:%d: checksum mismatch", path, line); len(c.probs) != 1 || !strings.HasPrefix(c.probs[0], want) {
		t.Errorf("problems %q, want one beginning %q", c.probs, want)
	}
	if r.Read != len(lines)-1 {
		t.Errorf("read %d entries, want all but the damaged one (%d)", r.Read, len(lines)-1)
	}

	// A file that changed below what was read is read again from the start.
	c.probs = nil
	if err := os.WriteFile(path, full, 0o644); err != nil {
		t.Fatal(err)
	}
	r = c.sync(dir, t0.Add(5*time.Hour))
	if len(c.probs) != 1 || !strings.Contains(c.probs[0], "changed below what was read") || r.Added != 1 {
		t.Errorf("after the repair: problems %q, %d added; want it read again and the lost entry added", c.probs, r.Added)
	}
	sameSnapshot(t, "after the repair", a.snapshot(), c.snapshot())

	// A file that shrank is read again from the start, adding nothing.
	c.probs = nil
	if err := os.WriteFile(path, full[:len(lines[0])], 0o644); err != nil {
		t.Fatal(err)
	}
	if r := c.sync(dir, t0.Add(6*time.Hour)); r.Added != 0 || r.Read != 1 || len(c.probs) != 1 {
		t.Errorf("a shrunk file: %+v, problems %q; want its one line read again, nothing added", r, c.probs)
	}
}

func TestFolderErrors(t *testing.T) {
	m := newMachine(t)
	m.study(t0, answer{"c1", scoring.Good})
	sched := func(string) (scoring.Scheduler, error) { return m.sched, nil }
	missing := filepath.Join(t.TempDir(), "gone")
	_, err := Sync(context.Background(), m.db, Options{Dir: missing, Scheduler: sched})
	var fe *FolderError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v, want a FolderError saying it does not exist", err)
	}
	// A folder where this device's folder cannot be made: what the other
	// devices wrote is read all the same.
	dir := t.TempDir()
	other := newMachine(t)
	other.study(t0.Add(time.Minute), answer{"c2", scoring.Good})
	other.sync(dir, t0.Add(time.Hour))
	dev, _ := m.db.SyncDevice(context.Background())
	if err := os.WriteFile(filepath.Join(dir, dev), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Sync(context.Background(), m.db, Options{Dir: dir, Scheduler: sched, Now: func() time.Time { return t0.Add(time.Hour) }})
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "cannot write to sync folder") {
		t.Errorf("unwritable folder: %v, want a FolderError", err)
	}
	if res == nil || res.Added != 2 {
		t.Errorf("unwritable folder: %+v, want the other device's 2 entries read", res)
	}
	if n, _ := m.db.Unsynced(context.Background()); n != 0 {
		// given ids, waiting in the database for the next write
		t.Logf("unsynced %d", n)
	}
	os.Remove(filepath.Join(dir, dev))
	if r := m.sync(dir, t0.Add(2*time.Hour)); r.Written != 2 {
		t.Errorf("once writable: wrote %d entries, want the session and its answer", r.Written)
	}
}

// TestCutWrite: a sync killed while it wrote leaves a cut last line in
// its own file; the next sync drops it and writes the lost entries once.
func TestCutWrite(t *testing.T) {
	dir := t.TempDir()
	a := newMachine(t)
	a.study(t0, answer{"c1", scoring.Good}, answer{"c2", scoring.Good})
	a.sync(dir, t0.Add(time.Hour))
	path := deviceFile(t, a, dir)
	full, _ := os.ReadFile(path)
	cut := bytes.LastIndexByte(full[:len(full)-1], '\n') + 10
	if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	a.study(t0.Add(2*time.Hour), answer{"c3", scoring.Good})
	r := a.sync(dir, t0.Add(3*time.Hour))
	if r.Written != 3 { // the cut entry, the new session and its answer
		t.Errorf("wrote %d entries, want 3", r.Written)
	}
	b := newMachine(t)
	b.sync(dir, t0.Add(4*time.Hour))
	if len(b.probs) != 0 {
		t.Errorf("problems reading the repaired file: %q", b.probs)
	}
	sameSnapshot(t, "after the cut write", a.snapshot(), b.snapshot())
	got, _ := os.ReadFile(path)
	if n := bytes.Count(got, []byte("\n")); n != 5 {
		t.Errorf("%d lines in the file, want 5 (each entry once)", n)
	}
}

// TestRestoreBringsBackOwnEntries: a database restored from an old backup
// finds its later entries in its own files, and numbers new ones after them.
func TestRestoreBringsBackOwnEntries(t *testing.T) {
	dir := t.TempDir()
	a := newMachine(t)
	a.study(t0, answer{"c1", scoring.Good})
	a.sync(dir, t0.Add(time.Hour))
	backup, err := a.db.Backup(t.TempDir(), t0)
	if err != nil {
		t.Fatal(err)
	}
	a.study(t0.Add(2*time.Hour), answer{"c2", scoring.Good})
	a.sync(dir, t0.Add(3*time.Hour))
	want := a.snapshot()
	a.db.Close()
	if err := store.Restore(a.db.Path(), backup); err != nil {
		t.Fatal(err)
	}
	if a.db, err = store.Open(a.db.Path()); err != nil {
		t.Fatal(err)
	}
	// Forget where the files were read to, as an old backup would.
	r := a.sync(dir, t0.Add(4*time.Hour))
	if r.Written != 0 {
		t.Errorf("the restored database wrote %d entries, want none (its files have them)", r.Written)
	}
	sameSnapshot(t, "after the restore", want, a.snapshot())
	a.study(t0.Add(5*time.Hour), answer{"c3", scoring.Good})
	a.sync(dir, t0.Add(6*time.Hour))
	b := newMachine(t)
	b.sync(dir, t0.Add(7*time.Hour))
	sameSnapshot(t, "a fresh machine and the restored one", a.snapshot(), b.snapshot())
}

// TestUntrustedFiles: the other devices' files are read only when they are
// regular files within MaxFile; the rest is reported or left alone.
func TestUntrustedFiles(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "0123456789abcdef")
	if err := os.MkdirAll(dev, 0o755); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dev, "2026-01.jsonl")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFile+1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dev, "2026-02.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "Not-A-Device"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := newMachine(t)
	r := m.sync(dir, t0)
	if want := big + ": larger than 256 MiB; skipped"; len(m.probs) != 1 || m.probs[0] != want {
		t.Errorf("problems %q, want only %q", m.probs, want)
	}
	if r.Read != 0 || r.Devices != 1 {
		t.Errorf("%+v: want one device seen, nothing read", r)
	}
}

// TestRunningSessionWaits: the answers of a session still running are not
// written (:undo may take the last one back) until it finishes, or until
// it is 12 hours old (its process died).
func TestRunningSessionWaits(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		finish  bool
		after   time.Duration
		written int
	}{
		{"running", false, time.Hour, 0},
		{"finished", true, time.Hour, 2},
		{"abandoned", false, 13 * time.Hour, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t)
			s := &store.Session{Start: t0, Mode: "study", Decks: []string{"d"}}
			if err := m.db.StartSession(ctx, s); err != nil {
				t.Fatal(err)
			}
			after := m.sched.Review("d/c1", scoring.State{}, scoring.Good, t0)
			if err := m.db.Record(ctx, &store.Review{SessionID: s.ID, DeckID: "d", CardID: "c1", Time: t0, Rating: scoring.Good,
				Correct: true, Kind: "learn", After: after}); err != nil {
				t.Fatal(err)
			}
			if c.finish {
				if err := m.db.FinishSession(ctx, s.ID, t0.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			if r := m.sync(t.TempDir(), t0.Add(c.after)); r.Written != c.written {
				t.Errorf("wrote %d entries, want %d", r.Written, c.written)
			}
		})
	}
}

// TestCopiedDataDirectory: a database copied to a second machine writes
// as the same device. Once the two wrote different entries under the same
// ids (each in its own clone of the folder, one file winning over the
// other), the sync stops with a clear error; NewDevice (--new-device) on
// one of them lets both go on, nothing lost or doubled.
func TestCopiedDataDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := newMachine(t)
	a.study(t0, answer{"c1", scoring.Good})
	a.sync(dir, t0.Add(time.Hour))
	backup, err := a.db.Backup(t.TempDir(), t0)
	if err != nil {
		t.Fatal(err)
	}
	b := newMachine(t)
	b.db.Close()
	if err := store.Restore(b.db.Path(), backup); err != nil {
		t.Fatal(err)
	}
	if b.db, err = store.Open(b.db.Path()); err != nil {
		t.Fatal(err)
	}
	own := deviceFile(t, a, dir)
	clone := filepath.Join(t.TempDir(), "clone")
	if err := os.MkdirAll(filepath.Join(clone, filepath.Base(filepath.Dir(own))), 0o755); err != nil {
		t.Fatal(err)
	}
	cloned := filepath.Join(clone, filepath.Base(filepath.Dir(own)), filepath.Base(own))
	if err := os.WriteFile(cloned, mustRead(t, own), 0o644); err != nil {
		t.Fatal(err)
	}
	a.study(t0.Add(2*time.Hour), answer{"c2", scoring.Good})
	b.study(t0.Add(3*time.Hour), answer{"c3", scoring.Again}, answer{"c1", scoring.Hard})
	a.sync(dir, t0.Add(4*time.Hour))
	b.sync(clone, t0.Add(4*time.Hour))
	if err := os.WriteFile(own, mustRead(t, cloned), 0o644); err != nil { // b's file wins
		t.Fatal(err)
	}
	sched := func(string) (scoring.Scheduler, error) { return a.sched, nil }
	_, err = Sync(ctx, a.db, Options{Dir: dir, Now: func() time.Time { return t0.Add(5 * time.Hour) }, Scheduler: sched})
	if !errors.Is(err, store.ErrDeviceClash) || !strings.Contains(err.Error(), own+": another database writes as this device") ||
		!strings.Contains(err.Error(), "ontap sync --new-device") {
		t.Fatalf("sync after the clash: %v, want ErrDeviceClash naming the file and the way out", err)
	}
	if _, err := a.db.NewDevice(ctx); err != nil {
		t.Fatal(err)
	}
	a.sync(dir, t0.Add(6*time.Hour))
	b.sync(dir, t0.Add(7*time.Hour))
	a.sync(dir, t0.Add(8*time.Hour))
	sa := a.snapshot()
	sameSnapshot(t, "the two machines", sa, b.snapshot())
	if len(sa.Reviews) != 4 || len(sa.Sessions) != 3 {
		t.Errorf("%d reviews and %d sessions, want 4 and 3 (each once)", len(sa.Reviews), len(sa.Sessions))
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
