#!/bin/sh
# An existing instance is refused (-B), and without root recording fails with
# one error line and exit 3.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

mkdir "$TRACEFS/instances/$INST" || fail "cannot create instance $INST"
status=0
"$SCHEDHANG" record -B "$INST" -o "$TMPD/t.dat" -- true 2>"$TMPD/err" || status=$?
rmdir "$TRACEFS/instances/$INST"
cat "$TMPD/err"
[ $status = 3 ] || fail "existing instance: exit $status, want 3"
grep -q "instance '$INST' already exists" "$TMPD/err" || fail "no clear error"
[ ! -e "$TMPD/t.dat" ] || fail "wrote a file"

# --uprobes refuses non-x86-64 binaries and binaries without probes, clearly,
# before touching tracefs.
cp "$PROBE_TARGET" "$TMPD/arm64-target"
printf '\267\000' | dd of="$TMPD/arm64-target" bs=1 seek=18 conv=notrunc 2>/dev/null
for bin in "$TMPD/arm64-target" /bin/true; do
	status=0
	"$SCHEDHANG" record -B "$INST" --uprobes "$bin" -o "$TMPD/t.dat" -- true \
		2>"$TMPD/err" || status=$?
	cat "$TMPD/err"
	[ $status = 3 ] || fail "--uprobes $bin: exit $status, want 3"
	[ "$(wc -l <"$TMPD/err")" = 1 ] || fail "--uprobes $bin: want one error line"
	assert_clean
done
grep -q "has no schedhang_probe_\* function" "$TMPD/err" || fail "no-probe error unclear"
"$SCHEDHANG" record --uprobes "$TMPD/arm64-target" -- true 2>&1 | grep -q "is not x86-64" ||
	fail "non-x86-64 error unclear"

# An instance left by a recorder that died (SIGKILL) is known by its pid file
# and reused with a warning.
mkdir "$TRACEFS/instances/$INST" || fail "cannot create instance $INST"
mkdir -p /run/schedhang
sh -c 'echo $$' >"/run/schedhang/instance-$INST.pid"	# a pid that has exited
status=0
"$SCHEDHANG" record -B "$INST" --no-default-events -e sched:sched_switch \
	-o "$TMPD/stale.dat" -- true 2>"$TMPD/err" || status=$?
cat "$TMPD/err"
[ $status = 0 ] || fail "stale instance: exit $status, want 0"
grep -q "removing tracefs instance '$INST' left by a dead schedhang" "$TMPD/err" ||
	fail "stale instance: no warning"
assert_clean
[ ! -e "/run/schedhang/instance-$INST.pid" ] || fail "pid file left behind"

command -v setpriv >/dev/null || skip "needs setpriv for the non-root case"
chmod 755 "$TMPD"
status=0
setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$SCHEDHANG" record -o "$TMPD/n.dat" -- true >"$TMPD/out" 2>"$TMPD/err" || status=$?
cat "$TMPD/err"
[ $status = 3 ] || fail "non-root: exit $status, want 3"
[ "$(wc -l <"$TMPD/err")" = 1 ] || fail "non-root: want one error line"
grep -q "needs root" "$TMPD/err" || fail "non-root: error does not say what is needed"
