#!/bin/sh
# --stop-on-stall on the samples/ reproducer: the buggy queue with a widened
# push window loses a wakeup; its own watchdog would only kick after 5 s, but
# the flight recorder stops at 200 ms, names the stall, and schedhang report
# finds the SPSC_RACE in the window it kept.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"
[ -x "$top_builddir/samples/spsc-race/spsc-race" ] || skip "samples/spsc-race is not built"
lock_uprobes
cp "$top_builddir/samples/spsc-race/spsc-race" "$TMPD/spsc-race" || exit 99
PROBE_TARGET="$TMPD/spsc-race"

timeout 120 "$SCHEDHANG" record -B "$INST" --no-default-events --uprobe-group "$GROUP" \
	--uprobes "$PROBE_TARGET" --stop-on-stall 200 -o "$TMPD/t.dat" \
	-- "$PROBE_TARGET" --variant buggy --jobs 2000000 --window-delay 200 \
	--stall-ms 5000 --kick --seed 1 --quiet 2>"$TMPD/err"
status=$?
cat "$TMPD/err"
assert_clean
[ $status -eq 1 ] || fail "record --stop-on-stall exited $status, not 1 (stopped on a stall)"
grep -q '^schedhang record: stopped: \(SPSC_RACE\|MISSING_KICK\) (lost wakeup' "$TMPD/err" ||
	fail "no trigger line naming a lost wakeup"
"$SCHEDHANG" report -i "$TMPD/t.dat" >"$TMPD/report"
status=$?
[ $status -eq 1 ] || { cat "$TMPD/report"; fail "report exited $status, not 1 (findings)"; }
grep -q '^\[1\] SPSC_RACE' "$TMPD/report" || { cat "$TMPD/report"; fail "report does not find the SPSC_RACE first"; }
exit 0
