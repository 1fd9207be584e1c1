#!/bin/sh
# The uprobe target deleted while it is being recorded: the probes keep
# firing for the running process, recording ends normally, the file is valid
# and complete, and no uprobe or instance is left behind.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

# The target runs once, is deleted, then runs again from the deleted file
# through an open descriptor kept by the shell (/proc/self/fd).
"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	--uprobe-group "$GROUP" -o "$TMPD/d.dat" -- \
	sh -c 'exec 7<"$1"; "$1" 5; rm -f "$1"; sleep 0.1; /proc/self/fd/7 5' sh "$PROBE_TARGET" \
	2>"$TMPD/err" || { cat "$TMPD/err"; fail "record exited $? when its target was deleted"; }
cat "$TMPD/err"
[ ! -e "$PROBE_TARGET" ] || fail "the target was not deleted"
assert_clean
! grep -q "^p:$GROUP/" "$TRACEFS/uprobe_events" || fail "uprobes of $GROUP left behind"
n=$(recorded_count "$TMPD/err")
m=$(report_count "$TMPD/d.dat")
[ -n "$n" ] && [ "$n" = "$m" ] || fail "recorded $n, trace-cmd report shows $m"
pushes=$(trace-cmd report -i "$TMPD/d.dat" 2>/dev/null | grep -c 'schedhang_push:')
[ "$pushes" -ge 2 ] || fail "expected pushes from both runs, got $pushes"
echo "ok: $n events, $pushes pushes across the deletion"
