#!/bin/sh
# Record the spsc-race reproducer for real with `schedhang record --uprobes`
# (millions of events) into the bench cache, and print the job rate untraced
# and recorded (the recording overhead on the reproducer's job rate).
# Needs root and tracefs; run from a build tree that built the samples:
#   sh /path/to/src/bench/record-reproducer.sh [JOBS] [SEED]
# The trace is $SH_BENCH_DIR/spsc-race-JOBS-sSEED.dat (default dir
# /var/tmp/schedhang-bench); the reproducer's pacing is seeded, the kernel's
# interleaving is not, so two recordings differ in detail.
set -e
JOBS=${1:-300000}
SEED=${2:-1}
build=$(pwd)
SH=$build/schedhang
BIN=$build/samples/spsc-race/spsc-race
DIR=${SH_BENCH_DIR:-/var/tmp/schedhang-bench}
[ "$(id -u)" = 0 ] && [ -d /sys/kernel/tracing/events ] ||
	{ echo "record-reproducer: needs root and tracefs" >&2; exit 77; }
[ -x "$SH" ] && [ -x "$BIN" ] ||
	{ echo "record-reproducer: build schedhang and samples/spsc-race/spsc-race here first" >&2; exit 3; }
mkdir -p "$DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a private copy: the uprobes are placed on this file only
cp "$BIN" "$tmp/spsc-race"
ARGS="--variant buggy --schedulers 2 --entities 4 --jobs $JOBS --kick --seed $SEED --quiet"
OUT=$DIR/spsc-race-$JOBS-s$SEED.dat
now() { date +%s.%N; }
t0=$(now)
"$tmp/spsc-race" $ARGS || [ $? = 1 ]
t1=$(now)
# the reproducer exits 1 when it saw (and kicked) stalls
"$SH" record -B "bench_rr_$$" --uprobe-group "benchrr$$" --no-default-events \
	--uprobes "$tmp/spsc-race" -o "$OUT" -- "$tmp/spsc-race" $ARGS 2>"$tmp/err" || [ $? = 1 ]
t2=$(now)
cat "$tmp/err" >&2
EV=$(if [ -x "$build/bench/tracecmd-iter" ]; then "$build/bench/tracecmd-iter" "$OUT"; else echo 0; fi)
awk -v n="$JOBS" -v a="$t0" -v b="$t1" -v c="$t2" -v ev="$EV" -v f="$OUT" 'BEGIN {
	printf "%s: %d events\n", f, ev
	printf "job rate untraced: %.0f jobs/s  recorded: %.0f jobs/s  (%.1fx slower, %.2f us/event)\n",
		n / (b - a), n / (c - b), (c - b) / (b - a), ev ? ((c - b) - (b - a)) * 1e6 / ev : 0 }'
