#!/bin/sh
# Recordings of the real drm_sched of Linux 6.12 (tracepoints/e2e/run: the
# mock driver under QEMU, recorded by `schedhang record` in the guest), read
# as recorded and as a kernel without the schedhang tracepoints would have
# traced them (--events stock): the verdicts a user of each kernel gets.
#   kernel-6.12-buggy         spsc fix reverted, schedhang + stock events
#   kernel-6.12-fixed-part    the fixed kernel, one second of the stress
#   kernel-6.12-timeout       a job that only completes when the timeout handler runs
#   kernel-6.12-dep           a job waiting on a foreign fence that never signals
#   kernel-6.12-unpatched-*   the same without the schedhang tracepoint patches
#   kernel-6.12-unpatched-*-kprobes  recorded with `schedhang record --kprobes`
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null || skip "needs jq"
make_tmpdir

# verdicts TRACE VIEW EXPECTED: the sorted class/confidence/reason list
verdicts() {
	"$SCHEDHANG" report --events "$2" --format json "$top_srcdir/samples/traces/$1" \
		> "$TMPD/r.json" 2> "$TMPD/err"
	rc=$?
	got=$(jq -c '[.findings[] | "\(.class)/\(.confidence)/\(.confidence_reason)"] | sort' \
		"$TMPD/r.json" 2>/dev/null)
	[ "$got" = "$3" ] || fail "$1 --events $2: $got (exit $rc) $(cat "$TMPD/err"), expected $3"
	echo "ok: $1 --events $2: $got"
}

race4() { printf '["%s","%s","%s","%s"]' "$1" "$1" "$1" "$1"; }

verdicts kernel-6.12-buggy.dat all "$(race4 SPSC_RACE/proven/race-state)"
verdicts kernel-6.12-buggy.dat stock "$(race4 SPSC_RACE/suspected/stock-no-first-flag)"
verdicts kernel-6.12-unpatched-buggy.dat all "$(race4 SPSC_RACE/suspected/stock-no-first-flag)"
# recorded with --kprobes: the exact first flag and the queue state make them proven
verdicts kernel-6.12-unpatched-buggy-kprobes.dat all "$(race4 SPSC_RACE/proven/race-state)"
verdicts kernel-6.12-unpatched-buggy-kprobes.dat stock "$(race4 SPSC_RACE/suspected/stock-no-first-flag)"
verdicts kernel-6.12-unpatched-fixed-kprobes.dat all '[]'
verdicts kernel-6.12-unpatched-fixed-kprobes.dat stock '[]'
verdicts kernel-6.12-fixed-part.dat all '[]'
verdicts kernel-6.12-fixed-part.dat stock '[]'
for view in all stock; do
	verdicts kernel-6.12-timeout.dat $view '["JOB_TIMEOUT/proven/timeout-work-ran"]'
	verdicts kernel-6.12-unpatched-timeout.dat $view '["JOB_TIMEOUT/proven/timeout-work-ran"]'
	verdicts kernel-6.12-dep.dat $view '["DEP_NEVER_SIGNALED/proven/dep-never-signaled"]'
	verdicts kernel-6.12-unpatched-dep.dat $view '["DEP_NEVER_SIGNALED/proven/dep-never-signaled"]'
done

# The timeout names the job that was running when the handler fired, and its recovery.
"$SCHEDHANG" report "$top_srcdir/samples/traces/kernel-6.12-unpatched-timeout.dat" > "$TMPD/t.txt"
grep -q "job id [0-9]* had run [0-9.]* ms when it fired" "$TMPD/t.txt" &&
	grep -q "completed afterwards (recovery)" "$TMPD/t.txt" || fail "timeout: $(cat "$TMPD/t.txt")"
# --events stock on a trace with no stock events is an input error
"$SCHEDHANG" report --events stock "$top_srcdir/samples/traces/fixed-no-stall.dat" > /dev/null 2>&1
[ $? = 3 ] || fail "--events stock without stock events: not exit 3"
