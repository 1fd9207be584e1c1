#!/bin/sh
# --uprobes: the probe ABI's functions become events with the right fields,
# unknown probes are warned about, and every uprobe is removed afterwards.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

"$SCHEDHANG" record -B "$INST" --no-default-events --uprobes "$PROBE_TARGET" \
	--uprobe-group "$GROUP" -o "$TMPD/u.dat" -- "$PROBE_TARGET" 3 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "record failed"; }
cat "$TMPD/err"
assert_clean
grep -q "unknown probe function 'schedhang_probe_bogus'" "$TMPD/err" || fail "no warning"
trace-cmd report -N -i "$TMPD/u.dat" 2>/dev/null | sed -n 's/.*: \(schedhang_[a-z_]*\): *([0-9a-f]*) /\1 /p' \
	>"$TMPD/got"
cat >"$TMPD/want" <<'END'
schedhang_sched_info sched=0xffff888100001000 name="ring0" credit_limit=64 timeout_ms=500 work_run=0xffff888100001100 work_free=0xffff888100001200
schedhang_push sched=0xffff888100001000 entity=0xffff888100002000 ectx=77 seqno=1 first=1 cnt_before=0 cnt_after=1
schedhang_push sched=0xffff888100001000 entity=0xffff888100002000 ectx=77 seqno=2 first=0 cnt_before=1 cnt_after=2
schedhang_push sched=0xffff888100001000 entity=0xffff888100002000 ectx=77 seqno=3 first=0 cnt_before=2 cnt_after=3
schedhang_done sched=0xffff888100001000 ectx=77 seqno=3 result=-5
END
diff -u "$TMPD/want" "$TMPD/got" || fail "uprobe events differ"
[ "$(recorded_count "$TMPD/err")" = 5 ] || fail "expected 5 recorded events"
