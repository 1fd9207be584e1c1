#!/bin/sh
# record --kprobes on a kernel without kprobe events (CONFIG_KPROBE_EVENTS
# off) fails before touching tracefs: one error line, exit 3, no instance,
# no file; --check says so, and --check --kprobes fails the same way.
# Kernels with kprobes are tested end to end (tracepoints/e2e/run).
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

[ ! -e "$TRACEFS/kprobe_events" ] ||
	skip "this kernel has kprobe events: the failure path cannot be tested here"

status=0
"$SCHEDHANG" record -B "$INST" --kprobes -o "$TMPD/t.dat" -- true 2>"$TMPD/err" || status=$?
cat "$TMPD/err"
[ $status = 3 ] || fail "--kprobes without kprobe events: exit $status, want 3"
[ "$(wc -l <"$TMPD/err")" = 1 ] || fail "want exactly one error line"
grep -q "^schedhang record: cannot record --kprobes: this kernel has no kprobe events" \
	"$TMPD/err" || fail "error does not say what is missing"
[ ! -e "$TMPD/t.dat" ] || fail "wrote a file"
assert_clean

"$SCHEDHANG" record --check >"$TMPD/check" || fail "--check failed"
grep -q "^kprobes: *not available" "$TMPD/check" || fail "--check does not say kprobes are missing"

status=0
"$SCHEDHANG" record --check --kprobes >"$TMPD/check" 2>"$TMPD/err" || status=$?
[ $status = 3 ] || fail "--check --kprobes: exit $status, want 3"
# --check also warns about what the kernel's events let report tell
[ "$(grep -vc ': warning: ' "$TMPD/err")" = 1 ] || fail "--check --kprobes: want exactly one error line"
grep -q "^schedhang record: cannot record --kprobes: " "$TMPD/err" ||
	fail "--check --kprobes: not the --kprobes error: $(cat "$TMPD/err")"
echo "ok: --kprobes refused with exit 3"
