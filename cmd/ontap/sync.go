package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ontap/ontap/decks/safetext"
	"github.com/ontap/ontap/scoring/logsync"
	"github.com/ontap/ontap/scoring/stats/table"
	"github.com/ontap/ontap/scoring/store"
)

// syncSetting is the setting that names the shared folder of this device;
// study and quiz sync through it at their start and end.
const syncSetting = "sync"

type syncOptions struct {
	app    *App
	dir    string
	save   bool
	forget bool
	status bool
	newDev bool
}

func newSyncCmd(app *App) *cobra.Command {
	o := &syncOptions{app: app}
	cmd := &cobra.Command{
		Use:     "sync [DIR]",
		Short:   "Merge your progress with other machines through a shared folder",
		GroupID: "progress",
		Long: `Sync writes this machine's new answers, sessions and setting changes to files
of its own under DIR (DIR/<device>/YYYY-MM.jsonl, append only), reads the
other machines' files from where it last stopped, and derives again the
state of every card that received answers. Carry DIR with git, Syncthing,
rsync or a USB stick: no two machines write the same file.

--save remembers DIR for this machine: 'ontap sync' then needs no DIR, and
'ontap study' and 'ontap quiz' sync at their start and end. --status shows
the devices seen. A data directory copied to another machine must take a
new device id there (--new-device) before it syncs. See scoring/logsync/SYNC.md.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			}
			return o.run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.save, "save", false, "remember DIR: sync through it by default, and around every session")
	f.BoolVar(&o.forget, "forget", false, "forget the saved folder (study no longer syncs)")
	f.BoolVar(&o.status, "status", false, "show the devices seen, entries read and written, and when")
	f.BoolVar(&o.newDev, "new-device", false, "give this machine a new device id (for a data directory copied from another machine)")
	return cmd
}

func (o *syncOptions) run(ctx context.Context) error {
	app := o.app
	switch {
	case o.status && (o.save || o.forget || o.dir != ""):
		return usagef("--status takes no DIR, --save or --forget")
	case o.forget && (o.save || o.dir != ""):
		return usagef("--forget takes no DIR or --save")
	case o.save && o.dir == "":
		return usagef("--save needs the DIR to remember")
	case o.newDev && (o.status || o.forget || o.save || o.dir != ""):
		return usagef("--new-device takes no DIR or other flag")
	}
	if o.status {
		return o.showStatus(ctx)
	}
	db, err := app.Store(ctx, storeCreate)
	if err != nil {
		return err
	}
	if o.newDev {
		dev, err := db.NewDevice(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(app.IO.Out, "This machine is now device %s; the next sync writes its entries again under it.\n", dev)
		return nil
	}
	if o.forget {
		if err := db.DeleteSetting(ctx, syncSetting); err != nil {
			return err
		}
		fmt.Fprintln(app.IO.Out, "Forgot the sync folder; study no longer syncs.")
		return nil
	}
	dir := o.dir
	if dir == "" {
		saved, ok, err := db.Setting(ctx, syncSetting)
		if err != nil {
			return err
		}
		if !ok {
			return usagef("no sync folder: give DIR (and --save to remember it)")
		}
		dir = saved
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	res, err := app.syncWith(ctx, db, dir)
	if res != nil {
		fmt.Fprintf(app.IO.Out, "Synced with %s.\nRead %s (%d new) from %d other %s, wrote %d; %s rebuilt.\n",
			safetext.Sanitize(dir), table.Plural(res.Read, "entry", "entries"), res.Added, res.Devices, devicesWord(res.Devices),
			res.Written, table.Plural(res.Replayed, "card state", "card states"))
	}
	if err != nil {
		return err
	}
	if o.save {
		if err := db.SetSettingAt(ctx, syncSetting, dir, app.Now()); err != nil {
			return err
		}
		fmt.Fprintf(app.IO.Out, "Saved %s as this machine's sync folder:\nstudy and quiz now sync at their start and end.\n", safetext.Sanitize(dir))
	}
	return nil
}

// syncWith runs one sync through dir, problems reported as warnings.
func (app *App) syncWith(ctx context.Context, db *store.DB, dir string) (*logsync.Result, error) {
	sched, reset, err := app.schedulerFor(ctx)
	if err != nil {
		return nil, err
	}
	return logsync.Sync(ctx, db, logsync.Options{
		Dir: dir, Now: app.Now, Scheduler: sched, SettingsChanged: reset,
		Problem: func(msg string) { fmt.Fprintf(app.IO.ErrOut, "ontap: warning: sync: %s\n", safetext.Sanitize(msg)) },
	})
}

// autoSync syncs through the saved folder, if any, around a study session.
// Nothing it meets stops the session: a missing or read-only folder is a
// warning, and the answers are written at the next sync. An interrupted
// session is still synced (for at most syncTimeout).
func (app *App) autoSync(ctx context.Context, db *store.DB) {
	dir, ok, err := db.Setting(ctx, syncSetting)
	if err != nil || !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), syncTimeout)
	defer cancel()
	res, err := app.syncWith(ctx, db, dir)
	if err != nil {
		fmt.Fprintf(app.IO.ErrOut, "ontap: warning: sync: %s; studying on\n", safetext.Sanitize(err.Error()))
		return
	}
	if res.Added > 0 || res.Written > 0 {
		fmt.Fprintf(app.IO.ErrOut, "ontap: synced with %s: %d new, %d written\n", safetext.Sanitize(dir), res.Added, res.Written)
	}
}

// syncTimeout bounds the sync around a session.
const syncTimeout = 60 * time.Second

func (o *syncOptions) showStatus(ctx context.Context) error {
	app := o.app
	db, err := app.Store(ctx, storeRead)
	if err != nil {
		return err
	}
	if db == nil {
		return fmt.Errorf("no progress in %s yet; nothing synced", app.DataDir)
	}
	dir, saved, err := db.Setting(ctx, syncSetting)
	if err != nil {
		return err
	}
	devs, err := db.SyncStatus(ctx)
	if err != nil {
		return err
	}
	pending, err := db.Unsynced(ctx)
	if err != nil {
		return err
	}
	out := app.IO.Out
	if saved {
		fmt.Fprintf(out, "Sync folder: %s\n", safetext.Sanitize(dir))
	} else {
		fmt.Fprintln(out, "Sync folder: none saved (ontap sync DIR --save)")
	}
	if len(devs) == 0 {
		fmt.Fprintf(out, "Not synced yet; %s to write.\n", table.Plural(pending, "entry", "entries"))
		return nil
	}
	fmt.Fprintf(out, "Not yet written: %s.\n", table.Plural(pending, "entry", "entries"))
	loc := app.Config().Location
	when := func(t time.Time) string {
		if t.IsZero() {
			return "–" // as history shows what has none
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	rows := [][]string{{"DEVICE", "READ", "NEW", "WRITTEN", "LAST ENTRY", "LAST SYNC"}}
	for _, d := range devs {
		name := d.Device
		if d.Self {
			name += " (this)"
		}
		rows = append(rows, []string{name, fmt.Sprint(d.Read), fmt.Sprint(d.Added), fmt.Sprint(d.Written),
			when(d.LastEntry), when(d.LastSync)})
	}
	t := table.Table{Right: []bool{false, true, true, true, false, false}, Rows: rows}
	return t.Write(out, app.IO.Width())
}

// devicesWord is "device" or "devices", by n.
func devicesWord(n int) string {
	if n == 1 {
		return "device"
	}
	return "devices"
}
