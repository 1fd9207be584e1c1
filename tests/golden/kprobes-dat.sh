#!/bin/sh
# The --kprobes scenarios as trace.dat: each is rebuilt as a v6 file
# (tests/tools/mkdat, from the 6.12 stock formats and the kprobe formats of
# tracepoints/formats/kprobes, which start with __probe_ip or __probe_func
# and __probe_ret_ip) and must give the same JSON report as its text form.
# Task names are not compared (the text form has them, the file's cmdlines
# are not written), nor is the input header.
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null 2>&1 || skip "needs jq"
command -v python3 >/dev/null 2>&1 || skip "needs python3 for the generator"
make_tmpdir
MKDAT=$top_builddir/tests/tools/mkdat
GEN=$top_srcdir/tests/golden/traces/gen-kprobes
FMT=$top_srcdir/tracepoints/formats
[ -x "$MKDAT" ] || fail "mkdat not built: $MKDAT"

add() {	# add SYSTEM DIR: DIR/*.format as TMPD/formats/SYSTEM/EVENT/format
	for f in "$2"/*.format; do
		ev=$(basename "$f" .format)
		mkdir -p "$TMPD/formats/$1/$ev"
		cp "$f" "$TMPD/formats/$1/$ev/format"
	done
}
add gpu_scheduler "$FMT/stock/gpu_scheduler/v6.16"
add workqueue "$FMT/stock/workqueue"
add schedhang_kp "$FMT/kprobes"
"$GEN" --kallsyms race >"$TMPD/formats/kallsyms" || fail "gen-kprobes --kallsyms failed"

strip() {
	jq -S 'del(.input) | del(.findings[].evidence[].comm)' "$1"
}

for mode in race first0 healthy; do
	txt=$top_srcdir/tests/golden/traces/kprobes612-$mode.txt
	"$GEN" $mode | cmp -s - "$txt" || fail "$mode: $txt differs from what gen-kprobes writes"
	"$GEN" --events $mode >"$TMPD/$mode.ev" || fail "$mode: gen-kprobes --events failed"
	"$MKDAT" "$TMPD/formats" "$TMPD/$mode.ev" "$TMPD/$mode.dat" 2>"$TMPD/err" ||
		fail "$mode: mkdat failed: $(cat "$TMPD/err")"
	st=0 sd=0
	"$SCHEDHANG" report --format json "$txt" >"$TMPD/text.json" || st=$?
	"$SCHEDHANG" report --format json "$TMPD/$mode.dat" >"$TMPD/dat.json" || sd=$?
	[ $st = $sd ] || fail "$mode: exit $st for text, $sd for trace.dat"
	jq -e '.input.format | test("trace.dat v6")' "$TMPD/dat.json" >/dev/null ||
		fail "$mode: not read as trace.dat"
	jq -e '.input.schemas | index("schedhang-kprobes")' "$TMPD/dat.json" >/dev/null ||
		fail "$mode: the kprobe events were not recognized: $(jq -c .input.schemas "$TMPD/dat.json")"
	strip "$TMPD/text.json" >"$TMPD/a"
	strip "$TMPD/dat.json" >"$TMPD/b"
	diff -u "$TMPD/a" "$TMPD/b" >"$TMPD/diff" ||
		{ head -40 "$TMPD/diff"; fail "$mode: the trace.dat form reports otherwise"; }
	echo "ok: $mode: $(jq -r '[.findings[] | "\(.class) \(.confidence) \(.confidence_reason)"] | join(", ")' "$TMPD/dat.json")"
done
