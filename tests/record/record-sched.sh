#!/bin/sh
# Record sched events around a command; trace-cmd reads the file, counts the
# same events, and shows the per-CPU stats stored in it.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

"$SCHEDHANG" record -B "$INST" -e sched:sched_switch -e sched:sched_wakeup \
	-o "$TMPD/t.dat" -- sleep 0.2 2>"$TMPD/err" || { cat "$TMPD/err"; fail "record failed"; }
cat "$TMPD/err"
assert_clean
n=$(recorded_count "$TMPD/err")
[ -n "$n" ] && [ "$n" -gt 0 ] || fail "no 'recorded N events' line"
grep -q "lost" "$TMPD/err" || fail "no lost-events summary"
m=$(report_count "$TMPD/t.dat")
[ "$n" = "$m" ] || fail "schedhang recorded $n events, trace-cmd report shows $m"
trace-cmd report -i "$TMPD/t.dat" 2>/dev/null | grep -q ' sched_switch: ' || fail "no sched_switch"
trace-cmd dump --summary -i "$TMPD/t.dat" 2>&1 | grep -q "version.*6" ||
	trace-cmd report -i "$TMPD/t.dat" 2>&1 | head -1 | grep -q "cpus=" || fail "not a v6 file"
trace-cmd report --stat -i "$TMPD/t.dat" >"$TMPD/stat" 2>&1
for c in $(seq 0 $(($(nproc --all) - 1))); do
	grep -q "^CPU: $c\$" "$TMPD/stat" || fail "no stats of CPU $c in --stat"
done
grep -q "^overrun: " "$TMPD/stat" || fail "no overrun in --stat"
echo "ok: $n events"
