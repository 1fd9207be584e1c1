#!/bin/sh
# End to end: record the probe target in the contract's group, and
# schedhang report analyzes every event of the file.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"
GROUP=schedhang
lock_uprobes
grep -q "^p:schedhang/" "$TRACEFS/uprobe_events" &&
	skip "uprobe names in group schedhang are taken (another recorder owns them)"

"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	-o "$TMPD/r.dat" -- "$PROBE_TARGET" 3 2>"$TMPD/err" || { cat "$TMPD/err"; fail "record failed"; }
cat "$TMPD/err"
assert_clean
"$SCHEDHANG" report --format json -i "$TMPD/r.dat" >"$TMPD/json"
status=$?
[ $status -le 1 ] || fail "report exited $status"
grep -q '"format": "trace.dat v6"' "$TMPD/json" || fail "report does not see a v6 file"
grep -q '"input_events": 5,' "$TMPD/json" || fail "report does not see the 5 events"
grep -q '"unknown_events": 0,' "$TMPD/json" || fail "report does not know the events"
grep -q '"clock": "mono"' "$TMPD/json" || fail "report does not see the trace clock"
