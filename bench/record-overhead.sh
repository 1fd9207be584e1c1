#!/bin/sh
# Recording overhead of schedhang record --uprobes on a probe-heavy program:
# wall time of tests/tools/probe-target N untraced and recorded, and the cost
# per recorded event. Needs root; run from a built tree:
#   sh bench/record-overhead.sh [N]
set -e
N=${1:-1000000}
# the build tree: SH_BUILD, else the source tree (an in-tree build)
top=${SH_BUILD:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$top/tests/tools/probe-target" "$tmp/pt"
now() { date +%s.%N; }
t0=$(now); "$tmp/pt" "$N"; t1=$(now)
"$top/schedhang" record -B "bench_$$" --uprobe-group "bench$$" --no-default-events \
	--uprobes "$tmp/pt" -o "$tmp/b.dat" -- "$tmp/pt" "$N" 2>"$tmp/err"
t2=$(now)
cat "$tmp/err"
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v size="$(stat -c %s "$tmp/b.dat")" 'BEGIN {
	printf "untraced: %.3f s  recorded: %.3f s  overhead: %.2f us/event  file: %.1f B/event\n",
		b - a, c - b, ((c - b) - (b - a)) * 1e6 / n, size / n }'
