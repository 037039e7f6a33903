package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is what `ontap version` and `ontap --version` print after
// "ontap version ": the module's version from the build, then the
// commit and its time when the build recorded them (go build in a git
// checkout does; go run and go test do not), and "modified" for a build
// of a work tree with changes. A build outside a module version (go
// build in a checkout) is "devel".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	return versionOf(bi, ok)
}

// versionOf is version for the build info bi (ok false: none).
func versionOf(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "unknown (built without module information)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var extra []string
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && !strings.HasSuffix(v, "-"+rev) { // a pseudo-version names its commit already
		extra = append(extra, "commit "+rev)
	}
	if when != "" {
		extra = append(extra, when)
	}
	if modified {
		extra = append(extra, "modified")
	}
	if bi.GoVersion != "" {
		extra = append(extra, bi.GoVersion)
	}
	if len(extra) > 0 {
		v += " (" + strings.Join(extra, ", ") + ")"
	}
	return v
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print ontap's version, commit and build time",
		GroupID: "help",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "ontap version %s\n", version())
			return err
		},
	}
}
