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
go build -o "$DIR/bin/ontap" ./cmd/ontap
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

# measure NAME COLD CMD...: RUNS runs; COLD=1 changes every deck file first.
measure() {
	local name=$1 cold=$2
	shift 2
	local ts=() ms=()
	for i in $(seq "$RUNS"); do
		if [ "$cold" = 1 ]; then
			for f in "$DIR"/coll/decks/*.toml; do printf '# changed %s\n' "$i$RANDOM" >>"$f"; done
		fi
		local t0 t1
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$DIR/time.txt" "$@" </dev/null >/dev/null 2>"$DIR/err.txt" || {
			echo "bench.sh: $name failed:" >&2
			cat "$DIR/err.txt" >&2
			return 1
		}
		t1=$(date +%s%N)
		read -r m <"$DIR/time.txt"
		ts+=("$(((t1 - t0) / 1000))")
		ms+=("$m")
	done
	local mt mm
	mt=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	mm=$(printf '%s\n' "${ms[@]}" | sort -n | tail -1)
	printf '| %-32s | %-4s | %9.1f ms | %6.1f MB |\n' "$name" "$([ "$cold" = 1 ] && echo cold || echo warm)" \
		"$(echo "scale=1; $mt / 1000" | bc)" "$(echo "scale=1; $mm / 1024" | bc)"
}

# measure_first NAME COLD CMD...: as measure, timing CMD to the first line
# of its output (the first question), with the peak memory until then.
measure_first() {
	local name=$1 cold=$2
	shift 2
	local ts=() ms=()
	for i in $(seq "$RUNS"); do
		if [ "$cold" = 1 ]; then
			for f in "$DIR"/coll/decks/*.toml; do printf '# changed %s\n' "$i$RANDOM" >>"$f"; done
		fi
		local t m
		read -r t m < <("$DIR/bin/firstline" "$@")
		ts+=("$t")
		ms+=("$m")
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
measure "go program that does nothing" 0 "$DIR/bin/noop"
measure_first "go program writing one line" 0 "$DIR/bin/noop-line"
measure "ontap --version" 0 $ONTAP --version
for cold in 1 0; do
	if [ "$cold" = 0 ]; then
		# Warm: the deck cache holds every file, and their modification
		# times are older than the cache's 2 s window for racy writes.
		sleep 3
		$ONTAP deck list >/dev/null
	fi
	measure_first "study --porcelain (1st question)" $cold $ONTAP study --porcelain
	measure "study --porcelain (whole, no answer)" $cold $ONTAP study --porcelain
	measure "deck list" $cold $ONTAP deck list
	measure "stats --json" $cold $ONTAP stats --json
	measure "history --json" $cold $ONTAP history --json
done
