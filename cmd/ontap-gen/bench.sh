#!/usr/bin/env bash
# bench.sh: time whole ontap commands on a generated collection, cold (every
# deck file just changed) and warm, side by side with a Go program that does
# nothing. Prints the median wall time of RUNS runs and the peak memory
# (maximum resident set size, from GNU time; for the first question, from
# /proc until then). "1st question" is the time until `study --porcelain`
# writes its first question (cmd/ontap-gen/firstline); "whole, no answer"
# runs it with no input to its end (first question, summary, exit).
#
#   cmd/ontap-gen/bench.sh [DIR]        # DIR defaults to /tmp/ontap-bench
#
# Goals: the warm first question at most 10 times the Go program writing
# one line and at most 50 ms, the history's end and 3, 10 and 30 days
# after it alike; peak RSS at most 64 MB; stats and history under 300 ms.
#
# Environment: RUNS (default 5); DECKS, CARDS, REVIEWS, SEED for the
# generator (defaults 100, 100000, 1000000, 1). The collection is generated
# once and kept in DIR (delete it to regenerate). Not run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-/tmp/ontap-bench}
RUNS=${RUNS:-5}
DECKS=${DECKS:-100} CARDS=${CARDS:-100000} REVIEWS=${REVIEWS:-1000000} SEED=${SEED:-1}
command -v /usr/bin/time >/dev/null || { echo "bench.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

mkdir -p "$DIR/bin"
# As the README recommends installing it: without cgo, ontap is one static
# program (no dynamic loader, no C library), and starts 3-4 ms sooner. The
# default build (cgo, when a C compiler is there) is measured beside it.
CGO_ENABLED=0 go build -o "$DIR/bin/ontap" ./cmd/ontap
CGO_ENABLED=1 go build -o "$DIR/bin/ontap-cgo" ./cmd/ontap
noop=$(mktemp -d)
printf 'module noop\ngo 1.26\n' >"$noop/go.mod"
printf 'package main\nfunc main() {}\n' >"$noop/main.go"
(cd "$noop" && go build -o "$DIR/bin/noop" .)
printf 'package main\nimport "os"\nfunc main() { os.Stdout.WriteString("{}\\n") }\n' >"$noop/main.go"
(cd "$noop" && go build -o "$DIR/bin/noop-line" .)
go build -o "$DIR/bin/firstline" ./cmd/ontap-gen/firstline
rm -rf "$noop"
if [ ! -d "$DIR/coll" ]; then
	go run ./cmd/ontap-gen --decks "$DECKS" --cards "$CARDS" --reviews "$REVIEWS" --seed "$SEED" --out "$DIR/coll"
fi
export ONTAP_HOME="$DIR/coll/data" ONTAP_NOW=2026-11-23T09:00:00Z NO_COLOR=1 TZ=UTC
ONTAP="$DIR/bin/ontap --decks $DIR/coll/decks"

# once KIND CMD...: one run of CMD, printing its time in ms and its peak
# memory in kB. KIND "whole" times it to its end (GNU time, whose own start
# is counted); "first" to the first line of its output (firstline: the
# first question), with the peak memory until then.
once() {
	local kind=$1
	shift
	if [ "$kind" = first ]; then
		"$DIR/bin/firstline" "$@"
		return
	fi
	local t0 t1 m
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$DIR/time.txt" "$@" </dev/null >/dev/null 2>"$DIR/err.txt" || {
		cat "$DIR/err.txt" >&2
		return 1
	}
	t1=$(date +%s%N)
	read -r m <"$DIR/time.txt"
	echo "$(echo "scale=1; ($t1 - $t0) / 1000000" | bc) $m"
}

# measure NAME COLD KIND CMD...: RUNS runs (COLD=1 changes every deck file
# before each), printing the median time and the highest peak memory.
measure() {
	local name=$1 cold=$2 kind=$3
	shift 3
	local ts=() ms=() out
	for i in $(seq "$RUNS"); do
		if [ "$cold" = 1 ]; then
			for f in "$DIR"/coll/decks/*.toml; do printf '# changed %s\n' "$i$RANDOM" >>"$f"; done
		fi
		out=$(once "$kind" "$@") || { echo "bench.sh: $name failed" >&2; return 1; }
		ts+=("${out% *}")
		ms+=("${out#* }")
	done
	local mt mm
	mt=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	mm=$(printf '%s\n' "${ms[@]}" | sort -n | tail -1)
	printf '| %-32s | %-4s | %9.1f ms | %6.1f MB |\n' "$name" "$([ "$cold" = 1 ] && echo cold || echo warm)" \
		"$mt" "$(echo "scale=1; $mm / 1024" | bc)"
}

# The first start of a new ontap on an older database migrates it (and
# backs it up first); and the first after the deck files changed fills the
# deck cache. Neither is what these figures are about.
$ONTAP deck list >/dev/null 2>&1 || true

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
echo "collection: $(du -sh "$DIR/coll/decks" | cut -f1) of deck TOML, $(du -sh "$DIR/coll/data" | cut -f1) of data; runs: $RUNS (median wall time including GNU time's own start, peak RSS)"
echo
echo "| command                          | when | median      | peak RSS  |"
echo "| -------------------------------- | ---- | ----------- | --------- |"
measure "go program that does nothing" 0 whole "$DIR/bin/noop"
measure "go program writing one line" 0 first "$DIR/bin/noop-line"
measure "ontap --version" 0 whole $ONTAP --version
for cold in 1 0; do
	if [ "$cold" = 0 ]; then
		# Warm: the deck cache holds every file, and their modification
		# times are older than the cache's 2 s window for racy writes.
		# The cold runs wrote hundreds of megabytes (the cache, again and
		# again): they are flushed to disk first, so that their writeback
		# does not share the machine with the warm runs.
		sleep 3
		$ONTAP deck list >/dev/null
		sync
		sleep 10
	fi
	measure "study --porcelain (1st question)" $cold first $ONTAP study --porcelain
	if [ "$cold" = 0 ]; then
		measure "  the same, cgo build" 0 first "$DIR/bin/ontap-cgo" --decks "$DIR/coll/decks" study --porcelain
		# After time away: the backlog grows, the first question must not.
		for days in 3 10 30; do
			(
				export ONTAP_NOW=$(date -u -d "2026-11-23T09:00:00Z + $days days" +%Y-%m-%dT%H:%M:%SZ)
				measure "  the same, $days days later" 0 first $ONTAP study --porcelain
			)
		done
	fi
	measure "study --porcelain (whole, no answer)" $cold whole $ONTAP study --porcelain
	measure "deck list" $cold whole $ONTAP deck list
	measure "stats --json" $cold whole $ONTAP stats --json
	measure "history --json" $cold whole $ONTAP history --json
done
