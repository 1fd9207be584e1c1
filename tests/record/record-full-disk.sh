#!/bin/sh
# A full disk gives a clear error, exit 3, no partial file, and leaves no
# instance and no uprobe behind.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

mkdir "$TMPD/small"
mount -t tmpfs -o size=256k shrec-full "$TMPD/small" 2>/dev/null || skip "cannot mount a tmpfs"
trap 'umount "$TMPD/small"; cleanup_tracefs' EXIT
status=0
"$SCHEDHANG" record -B "$INST" --uprobes "$PROBE_TARGET" --uprobe-group "$GROUP" \
	-e sched:sched_switch -o "$TMPD/small/t.dat" -- "$PROBE_TARGET" 20000 \
	2>"$TMPD/err" || status=$?
cat "$TMPD/err"
[ $status = 3 ] || fail "exit status $status, want 3"
grep -q "No space left on device" "$TMPD/err" || fail "no clear error"
assert_clean
[ -z "$(ls "$TMPD/small")" ] || fail "files left on the full disk: $(ls "$TMPD/small")"
