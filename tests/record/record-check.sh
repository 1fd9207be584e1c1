#!/bin/sh
# record --check prints, per hang class, what report can tell from the events
# this kernel would record (proven / suspected / not seen), and the same one
# line `record` prints when it starts. On a kernel without gpu_scheduler and
# schedhang events (a VM without a GPU driver) every class is "not seen" and
# the line is a warning; with them, it names the schema found.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/record/lib.sh"

status=0
"$SCHEDHANG" record --check >"$TMPD/out" 2>"$TMPD/err" || status=$?
cat "$TMPD/out" "$TMPD/err"
[ $status = 0 ] || fail "--check: exit $status"
sed -n '/^hang classes report can tell/,$p' "$TMPD/out" | tail -n +2 >"$TMPD/table"
[ "$(wc -l <"$TMPD/table")" = 10 ] || fail "want 10 hang classes in the table"
for cls in SPSC_RACE MISSING_KICK SCHED_PAUSED WQ_STARVATION JOB_TIMEOUT \
	DEP_NEVER_SIGNALED CREDIT_STARVATION FREE_WORK_STALL ENTITY_KILLED INVARIANT; do
	grep -qE "^  $cls +(proven|suspected|not seen) +[a-z]" "$TMPD/table" ||
		fail "no row for $cls"
done
[ "$(grep -c 'schema ' "$TMPD/err")" = 1 ] || fail "want one schema line on stderr"

has() { [ -e "$TRACEFS/events/$1/format" ]; }
if ! has schedhang/schedhang_sched_info && ! has gpu_scheduler/drm_sched_job &&
   ! has gpu_scheduler/drm_sched_job_queue; then
	[ "$(grep -c ' not seen ' "$TMPD/table")" = 10 ] || fail "every class must be not seen here"
	grep -q '^hang classes report can tell from these events (schema none):$' "$TMPD/out" ||
		fail "schema none not said"
	grep -qx "schedhang record: warning: schema none (.*): no gpu_scheduler or schedhang events, so no hang class can be seen" \
		"$TMPD/err" || fail "no one-line warning"
	# the same warning when recording starts (and only it, off a terminal)
	"$SCHEDHANG" record -B "$INST" -o "$TMPD/t.dat" --duration 0.2 2>"$TMPD/rec" ||
		fail "record failed: $(cat "$TMPD/rec")"
	cat "$TMPD/rec"
	grep -q "warning: schema none" "$TMPD/rec" || fail "record did not warn"
	! grep -q "Ctrl-C" "$TMPD/rec" || fail "Ctrl-C hint off a terminal"
	assert_clean
else
	grep -Eq "^schedhang record: schema (stock|schedhang) \(.*\): .* will be " "$TMPD/err" ||
		fail "no schema line"
fi

# on a terminal, record says what it records, where, and how to stop
if command -v script >/dev/null 2>&1; then
	script -qec "'$SCHEDHANG' record -B '$INST' -o '$TMPD/tty.dat' --no-default-events \
		-e sched:sched_switch --duration 0.2" /dev/null >"$TMPD/tty" 2>&1 ||
		fail "record on a terminal failed: $(cat "$TMPD/tty")"
	cat "$TMPD/tty"
	grep -q "^schedhang record: recording 1 event (sched) into '$TMPD/tty.dat' for 0.2 s; Ctrl-C to stop" \
		"$TMPD/tty" || fail "no 'Ctrl-C to stop' line on a terminal"
	assert_clean
fi

# --uprobes bring the schedhang events: nothing is blind any more. A relative
# BINARY is resolved before the uprobes are made (the kernel wants a full path).
(cd "$TMPD" && "$SCHEDHANG" record -B "$INST" -o u.dat --no-default-events \
	--uprobe-group "$GROUP" --uprobes ./probe-target -- ./probe-target 1) 2>"$TMPD/rec" ||
	fail "record --uprobes ./probe-target failed: $(cat "$TMPD/rec")"
cat "$TMPD/rec"
grep -q "recorded [1-9]" "$TMPD/rec" || fail "relative --uprobes recorded nothing"

# options that do not apply to a mode are usage errors, not ignored
usage_error() {
	status=0
	"$SCHEDHANG" record "$@" >"$TMPD/out" 2>"$TMPD/err" || status=$?
	[ $status = 2 ] || fail "record $*: exit $status, want 2"
	[ "$(wc -l <"$TMPD/err")" = 2 ] && grep -q "^see 'schedhang record --help'$" "$TMPD/err" ||
		fail "record $*: want one line and the hint: $(cat "$TMPD/err")"
	[ ! -s "$TMPD/out" ] || fail "record $*: wrote to stdout"
}
usage_error --check -o "$TMPD/x.dat"
grep -q "option '--output' does not apply to --check" "$TMPD/err" || fail "unclear -o error"
usage_error --check --duration 3
usage_error --check -B foo
usage_error --check -b 1024
usage_error --check -C global
usage_error --check --stop-on-stall 100
usage_error --check --uprobes "$PROBE_TARGET"
usage_error --check -- true
usage_error --uprobe-group "$GROUP" -- true
[ ! -e "$TMPD/x.dat" ] || fail "wrote x.dat"
grep -q "schema schedhang (schedhang-uprobe): .* will be proven; WQ_STARVATION, FREE_WORK_STALL suspected$" \
	"$TMPD/rec" || fail "uprobes: no schedhang schema line"
assert_clean
