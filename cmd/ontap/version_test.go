package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"a tagged module", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}},
			"v1.2.0 (go1.26.8)"},
		{"a checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "041b5c9aa3c4d5e6f708192a3b4c5d6e7f8091a2", "vcs.time", "2026-12-04T01:10:00Z", "vcs.modified", "false")},
			"devel (commit 041b5c9aa3c4, 2026-12-04T01:10:00Z, go1.26.8)"},
		{"a checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", "abc", "vcs.modified", "true")},
			"devel (commit abc, modified)"},
		{"a pseudo-version, which names its commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204014316-3b2ef65d04b1"},
			Settings: settings("vcs.revision", "3b2ef65d04b1aaaa", "vcs.time", "2026-12-04T01:43:16Z")},
			"v0.0.0-20261204014316-3b2ef65d04b1 (2026-12-04T01:43:16Z)"},
		{"go run: no version at all", &debug.BuildInfo{Main: debug.Module{}}, "devel"},
	} {
		if got := versionOf(tc.bi, true); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := versionOf(nil, false); got != "unknown (built without module information)" {
		t.Errorf("no build info: %q", got)
	}
}
