#!/bin/sh
# Recording without a command stops on SIGINT and still writes a valid file;
# a second SIGINT during cleanup does not spoil it.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

"$SCHEDHANG" record -B "$INST" --no-default-events -e 'sched:sched_sw*' \
	-o "$TMPD/s.dat" 2>"$TMPD/err" &
pid=$!
# wait until the instance exists and records, then interrupt twice
i=0
while [ ! -d "$TRACEFS/instances/$INST" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -INT $pid
kill -INT $pid 2>/dev/null
wait $pid || { cat "$TMPD/err"; fail "record exited $?"; }
cat "$TMPD/err"
assert_clean
n=$(recorded_count "$TMPD/err")
m=$(report_count "$TMPD/s.dat")
[ -n "$n" ] && [ "$n" = "$m" ] || fail "recorded $n, trace-cmd report shows $m"

# The recorded command killed mid-run: recording stops and the file is valid.
"$SCHEDHANG" record -B "$INST" --no-default-events -e sched:sched_switch \
	-o "$TMPD/k.dat" -- sh -c 'sleep 0.2; kill -9 $$' 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "record exited $? when its command was killed"; }
cat "$TMPD/err"
grep -q "killed by signal 9" "$TMPD/err" || fail "the command's death is not reported"
assert_clean
n=$(recorded_count "$TMPD/err")
m=$(report_count "$TMPD/k.dat")
[ -n "$n" ] && [ "$n" = "$m" ] || fail "killed command: recorded $n, trace-cmd report shows $m"
