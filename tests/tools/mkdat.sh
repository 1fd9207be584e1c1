#!/bin/sh
# mkdat builds v6 files that trace-cmd reads back exactly: the fixture's
# events (a time extend included), and enough events to fill many pages.
. "$top_srcdir/tests/lib/common.sh"
command -v trace-cmd >/dev/null || skip "needs trace-cmd to read the files back"
make_tmpdir
MKDAT="$top_builddir/tests/tools/mkdat"
FIX="$top_srcdir/tests/tools/mkdat-fixture"

"$MKDAT" "$FIX/formats" "$FIX/events.txt" "$TMPD/f.dat" || fail "mkdat failed"
trace-cmd report -t -i "$TMPD/f.dat" >"$TMPD/got" 2>"$TMPD/err"
diff -u "$FIX/expected.txt" "$TMPD/got" || fail "trace-cmd reads another trace"

# 5000 pushes over two CPUs: about 40 pages, every seqno once
awk 'BEGIN { for (i = 1; i <= 5000; i++)
	printf "%d %d 91 schedhang:schedhang_push sched=0x1 entity=0x2 ectx=7 seqno=%d first=0 cnt_before=0 cnt_after=0\n",
		1000 + i * 10, i % 2, i }' >"$TMPD/many.txt"
"$MKDAT" "$FIX/formats" "$TMPD/many.txt" "$TMPD/m.dat" || fail "mkdat failed on many events"
trace-cmd report -i "$TMPD/m.dat" 2>/dev/null | sed -n 's/.* seqno=\([0-9]*\) .*/\1/p' |
	sort -n | uniq >"$TMPD/seqnos"
[ "$(wc -l <"$TMPD/seqnos")" = 5000 ] || fail "want 5000 distinct events, got $(wc -l <"$TMPD/seqnos")"
[ "$(tail -1 "$TMPD/seqnos")" = 5000 ] || fail "last seqno is not 5000"

# errors: unknown event, time going back
echo "1 0 1 nosuch:event" >"$TMPD/bad.txt"
! "$MKDAT" "$FIX/formats" "$TMPD/bad.txt" "$TMPD/b.dat" 2>"$TMPD/err" || fail "accepted an unknown event"
grep -q "line 1: no format for 'nosuch:event'" "$TMPD/err" || fail "unclear error: $(cat "$TMPD/err")"
printf '%s\n' "9 0 1 sched:sched_wakeup pid=1" "5 0 1 sched:sched_wakeup pid=1" >"$TMPD/back.txt"
! "$MKDAT" "$FIX/formats" "$TMPD/back.txt" "$TMPD/b.dat" 2>/dev/null || fail "accepted time going back"
echo ok
