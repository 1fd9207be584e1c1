#!/bin/sh
# --stop-on-stall: the flight recorder stops on the June 2025 lost wakeup of
# the stall target long before the target would end, says what triggered it,
# and schedhang report finds the SPSC_RACE in the window it wrote; a healthy
# run of the same target is recorded to its end.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"
lock_uprobes
cp "$top_builddir/tests/record/stall-target" "$TMPD/stall-target" || exit 99
# the uprobes are on this private copy: clean them up like the probe target's
PROBE_TARGET="$TMPD/stall-target"

# race: the target sleeps 30 s with the job stranded; record must not wait for it
"$SCHEDHANG" record -B "$INST" --no-default-events --uprobe-group "$GROUP" \
	--uprobes "$PROBE_TARGET" --stop-on-stall 200 -o "$TMPD/t.dat" \
	-- "$PROBE_TARGET" race 30 "$TMPD/race-ended" 2>"$TMPD/err"
status=$?
cat "$TMPD/err"
assert_clean
[ $status -eq 1 ] || fail "record --stop-on-stall exited $status, not 1 (stopped on a stall)"
grep -q '^schedhang record: stopped: SPSC_RACE (.*) on scheduler 0xffff888100001000 (ring0), job 77:22 open for .* ms since ' "$TMPD/err" ||
	fail "no trigger line naming the SPSC_RACE stall"
grep -q 'flight recorder kept the last window, discarded 0 older events by design' "$TMPD/err" ||
	fail "the end line does not account for the window"
# documented: the command is terminated (SIGTERM) as at any other end of recording
[ ! -e "$TMPD/race-ended" ] || fail "record waited for the command instead of stopping"
"$SCHEDHANG" report -i "$TMPD/t.dat" >"$TMPD/report"
status=$?
cat "$TMPD/report"
[ $status -eq 1 ] || fail "report of the window exited $status, not 1 (findings)"
grep -q 'SPSC_RACE' "$TMPD/report" || fail "report does not find the SPSC_RACE in the window"
trace-cmd report -i "$TMPD/t.dat" --stat 2>/dev/null | grep -q 'flight recorder discarded' ||
	fail "the file's CPU stats do not say what the window discarded"

# healthy: recorded until the command ends (exit 0), nothing triggered
"$SCHEDHANG" record -B "$INST" --no-default-events --uprobe-group "$GROUP" \
	--uprobes "$PROBE_TARGET" --stop-on-stall 200 -o "$TMPD/h.dat" \
	-- "$PROBE_TARGET" healthy 1 "$TMPD/healthy-ended" 2>"$TMPD/err"
status=$?
cat "$TMPD/err"
assert_clean
[ $status -eq 0 ] || fail "healthy record --stop-on-stall exited $status"
! grep -q 'stopped:' "$TMPD/err" || fail "a healthy run triggered the flight recorder"
[ -e "$TMPD/healthy-ended" ] || fail "the healthy run was stopped before its end"
grep -q 'recorded 141 events' "$TMPD/err" || fail "the healthy run was not recorded to its end"

# window: far more events than a 256 KB window holds; the oldest pages are
# discarded and said so, and the file holds exactly what is counted as recorded
PROBE_TARGET="$TMPD/probe-target"
"$SCHEDHANG" record -B "$INST" --no-default-events --uprobe-group "$GROUP" \
	--uprobes "$PROBE_TARGET" --stop-on-stall 100000 -b 256 -o "$TMPD/w.dat" \
	-- "$PROBE_TARGET" 40000 2>"$TMPD/err"
status=$?
cat "$TMPD/err"
assert_clean
[ $status -eq 0 ] || fail "windowed record exited $status"
gone=$(sed -n 's/.*discarded \([0-9]*\) older events by design.*/\1/p' "$TMPD/err")
[ -n "$gone" ] && [ "$gone" -gt 0 ] || fail "40000 events in a 256 KB window discarded nothing"
n=$(recorded_count "$TMPD/err")
[ "$(report_count "$TMPD/w.dat")" = "$n" ] ||
	fail "trace-cmd sees $(report_count "$TMPD/w.dat") events, record counted $n"
[ "$n" -lt 40000 ] || fail "the window kept all $n events"
exit 0
