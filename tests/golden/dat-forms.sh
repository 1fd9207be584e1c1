#!/bin/sh
# The schedhang scenarios as trace.dat: each text scenario is rebuilt as a
# v6 file (tests/tools/mkdat, from the contract's format files) and must give
# the same JSON report as its text form. Task names are not in the rebuilt
# files (no cmdlines), so they and the input header are left out of the
# comparison; lost-event lines cannot be written, so that scenario is skipped.
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null 2>&1 || skip "needs jq"
make_tmpdir
MKDAT=$top_builddir/tests/tools/mkdat
[ -x "$MKDAT" ] || fail "mkdat not built: $MKDAT"

for f in "$top_srcdir"/tracepoints/formats/schedhang/*.format; do
	ev=$(basename "$f" .format)
	mkdir -p "$TMPD/formats/schedhang/$ev"
	cp "$f" "$TMPD/formats/schedhang/$ev/format"
done

# /sys/kernel/tracing/trace lines -> "TS_NS CPU PID schedhang:EVENT k=v ..."
to_events() {
	awk '/^#/ || !/\]/ { next }
	{
		for (i = 1; i <= NF; i++) if ($i ~ /^\[[0-9]+\]$/) break
		task = $(i - 1); pid = task; sub(/.*-/, "", pid)
		cpu = substr($i, 2, length($i) - 2) + 0
		for (j = i + 1; j <= NF; j++) if ($j ~ /^[0-9]+\.[0-9]+:$/) break
		split(substr($j, 1, length($j) - 1), t, ".")
		ev = $(j + 1); sub(/:$/, "", ev)
		line = sprintf("%d%09d %d %d schedhang:%s", t[1], t[2] * 1000, cpu, pid, ev)
		for (k = j + 2; k <= NF; k++) line = line " " $k
		print line
	}' "$1"
}

strip() {	# the parts both forms must agree on
	jq -S 'del(.input) | del(.findings[].evidence[].comm)' "$1"
}

n=0
for txt in "$top_srcdir"/tests/golden/traces/*.txt; do
	name=$(basename "$txt" .txt)
	# kprobes612-*: stock and kprobe events, not the contract's (their
	# trace.dat form is tests/golden/kprobes-dat.sh)
	case $name in synthetic-*|kprobes612-*|*lost-events*) continue ;; esac
	to_events "$txt" >"$TMPD/$name.ev"
	"$MKDAT" "$TMPD/formats" "$TMPD/$name.ev" "$TMPD/$name.dat" 2>"$TMPD/err" ||
		fail "$name: mkdat failed: $(cat "$TMPD/err")"
	"$SCHEDHANG" report --format json "$txt" >"$TMPD/text.json"
	st=$?
	"$SCHEDHANG" report --format json "$TMPD/$name.dat" >"$TMPD/dat.json"
	sd=$?
	[ $st = $sd ] || fail "$name: exit $st for text, $sd for trace.dat"
	strip "$TMPD/text.json" >"$TMPD/a"
	strip "$TMPD/dat.json" >"$TMPD/b"
	diff -u "$TMPD/a" "$TMPD/b" >"$TMPD/diff" || { head -40 "$TMPD/diff"; fail "$name: the trace.dat form reports otherwise"; }
	jq -r '.input.format' "$TMPD/dat.json" | grep -q "trace.dat v6" || fail "$name: not read as trace.dat"
	echo "ok: $name ($(jq '.findings | length' "$TMPD/dat.json") findings)"
	n=$((n + 1))
done
[ $n -ge 10 ] || fail "expected at least 10 scenarios, compared $n"
