#!/bin/sh
# 2 million uprobe events at the default buffer size: every event is either
# in the file or counted as lost, and the loss matches trace-cmd's --stat.
# record-loss.sh runs it with a tiny buffer, where events are usually lost.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

N=${N:-2000000}
"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	--uprobe-group "$GROUP" -o "$TMPD/l.dat" $BUFFER_OPT -- "$PROBE_TARGET" $N \
	2>"$TMPD/err" || { cat "$TMPD/err"; fail "record failed"; }
cat "$TMPD/err"
assert_clean
n=$(recorded_count "$TMPD/err")
lost=$(sed -n 's/.*recorded [0-9]* events//p' "$TMPD/err" | grep -oE 'lost [0-9]+' |
	awk '{ s += $2 } END { print s + 0 }')
# sched_info + N pushes + done
[ $((n + lost)) = $((N + 2)) ] || fail "recorded $n + lost $lost != $((N + 2))"
statlost=$(trace-cmd report --stat -i "$TMPD/l.dat" 2>/dev/null |
	awk '/^overrun:|^dropped events:/ { s += $NF } END { print s + 0 }')
[ "$statlost" = "$lost" ] || fail "lost $lost, but --stat says $statlost"
m=$(trace-cmd report -i "$TMPD/l.dat" 2>/dev/null | grep -c ' schedhang_')
[ "$m" = "$n" ] || fail "recorded $n, trace-cmd report shows $m"
echo "ok: $n recorded, $lost lost"
