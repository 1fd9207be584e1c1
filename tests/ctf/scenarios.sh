#!/bin/sh
# Every scenario written to CTF (through sink.ctf.fs) and read back by
# `schedhang report` yields the golden report of its text form, input header
# aside; the perf naming maps to the same normalized events.
. "$top_srcdir/tests/ctf/ctf-lib.sh"
make_tmpdir

# JSON: the findings, schedulers and quality parts are identical
for name in spsc-race healthy-load; do
	make_ctf "$name" "$TMPD/$name"
	"$SCHEDHANG" report --format json "$TMPD/$name" >"$TMPD/out" 2>"$TMPD/err"
	status=$?
	[ "$status" = "$(golden_exit "report-$name-json")" ] || fail "$name: exit $status"
	[ ! -s "$TMPD/err" ] || fail "$name: stderr: $(cat "$TMPD/err")"
	golden_stdout "report-$name-json" | strip_json >"$TMPD/want"
	strip_json <"$TMPD/out" | diff -u "$TMPD/want" - || fail "$name: JSON report differs"
	grep -q '"format": "CTF"' "$TMPD/out" || fail "$name: input format not CTF"
done

# Text, every plain scenario case (lost events included: discarded-events round trip)
for case in "$GOLDEN"/cases/report-*.golden; do
	name=$(sed -n 's|^args: report tests/golden/traces/\(.*\)\.txt$|\1|p' "$case")
	[ -n "$name" ] || continue
	[ -d "$TMPD/$name" ] || make_ctf "$name" "$TMPD/$name"
	"$SCHEDHANG" report --input-format ctf "$TMPD/$name" >"$TMPD/out" 2>&1
	status=$?
	[ "$status" = "$(golden_exit "report-$name")" ] || fail "$name: exit $status"
	golden_stdout "report-$name" | strip_text >"$TMPD/want"
	strip_text <"$TMPD/out" | diff -u "$TMPD/want" - || fail "$name: text report differs"
	n=$((${n:-0} + 1))
done
[ "${n:-0}" -ge 10 ] || fail "only ${n:-0} scenario cases found"

# perf naming ("schedhang:schedhang_push", "sched:sched_switch", perf_tid in the
# payload, no comm): the same normalized events as the text form
for name in spsc-race-lost-events synthetic-stock616-kthread-race; do
	[ -f "$GOLDEN/traces/$name.txt" ] || continue
	make_ctf "$name" "$TMPD/perf-$name" perf
	"$SH_EVENTS" -q "$GOLDEN/traces/$name.txt" | sed 's/ comm=[^ ]*//' >"$TMPD/want"
	"$SH_EVENTS" -q "$TMPD/perf-$name" | sed 's/ comm=[^ ]*//' | diff -u "$TMPD/want" - ||
		fail "perf naming, $name: normalized events differ"
done
"$SH_EVENTS" "$TMPD/perf-spsc-race-lost-events" | grep -q '^# lost cpu 0: 1234$' ||
	fail "perf naming: lost events per CPU"
echo "ok: $n scenarios"
