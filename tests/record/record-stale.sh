#!/bin/sh
# After `kill -9` of `record --uprobes` (nothing of it can clean up), the next
# record with the same instance and uprobe group removes what the dead one
# left: its instance, its uprobes and its FILE.cpuN temporary files, each
# with a warning, and then records normally (issue 24).
. "$top_srcdir/tests/lib/common.sh"
RECORD_LOCK=-x	# no other test's recorder may clean up our dead one first
. "$top_srcdir/tests/record/lib.sh"
lock_uprobes

"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	--uprobe-group "$GROUP" -o "$TMPD/dead.dat" 2>"$TMPD/err0" &
pid=$!
i=0
until grep -q "^p:$GROUP/" "$TRACEFS/uprobe_events" 2>/dev/null && [ -e "$TMPD/dead.dat.cpu0" ] ||
	[ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null
grep -q "^p:$GROUP/" "$TRACEFS/uprobe_events" || fail "the killed record left no uprobe: nothing to test"
[ -e "$TMPD/dead.dat.cpu0" ] || fail "the killed record left no temporary file: nothing to test"

"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	--uprobe-group "$GROUP" -o "$TMPD/u.dat" -- "$PROBE_TARGET" 3 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "record after a killed one failed"; }
cat "$TMPD/err"
assert_clean
grep -q "removing tracefs instance '$INST' left by a dead schedhang" "$TMPD/err" ||
	fail "no warning about the stale instance"
grep -q "removing .*uprobe.*$GROUP.* left by a dead schedhang" "$TMPD/err" ||
	fail "no warning about the stale uprobes"
grep -q "removing .*dead.dat.cpu.* left by a dead schedhang" "$TMPD/err" ||
	fail "no warning about the stale temporary files"
ls "$TMPD"/dead.dat.cpu* 2>/dev/null && fail "temporary files of the killed record remain"
[ "$(recorded_count "$TMPD/err")" = 5 ] || fail "expected 5 recorded events"
exit 0
