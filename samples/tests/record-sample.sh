#!/bin/sh
# record-sample: uprobes on the reproducer, recorded by trace-cmd; the events
# in the trace agree with the reproducer's own truth, for buggy runs (several
# seeds) and a fixed run under the same load (needs root + tracefs)
. "$top_srcdir/samples/tests/lib.sh"
require_tracing
command -v trace-cmd > /dev/null || skip "needs trace-cmd"
make_tmpdir
chk=$top_srcdir/samples/tests/check-truth.py

# record NAME VARIANT SEED [STALL_MS]: record one run, check it against its truth
record() {
	st=0
	SPSC_RACE=$SPSC_RACE "$top_srcdir/samples/record-sample" -g "shsamples$$" \
		-o "$TMPD/$1.dat" -t "$TMPD/$1.json" -- --variant "$2" --window-delay 200 \
		--jobs 200 --stall-ms "${4:-20}" --kick --deps --seed "$3" > "$TMPD/out" 2>&1 || st=$?
	grep -q 'stay defined by someone else' "$TMPD/out" &&
		skip "another recorder held our event names for 5 minutes"
	check_truth "$TMPD/$1.json"
	trace-cmd report -N -i "$TMPD/$1.dat" > "$TMPD/$1.txt" 2>/dev/null || fail "$1: trace-cmd report failed"
	for ev in sched_info push pop kick worker_begin worker done dep state; do
		grep -q " schedhang_$ev: " "$TMPD/$1.txt" || fail "$1: no schedhang_$ev event"
	done
	# one push event per pushed job, one done per completed job
	pushed=$(jq '[.scheds[].entities[].pushed] | add' "$TMPD/$1.json")
	got=$(grep -c ' schedhang_push: ' "$TMPD/$1.txt")
	[ "$got" = "$pushed" ] || fail "$1: $got push events, $pushed pushed"
	[ "$(grep -c ' schedhang_done: ' "$TMPD/$1.txt")" = "$(jq .jobs_done "$TMPD/$1.json")" ] ||
		fail "$1: done events != jobs_done"
	# the stranded jobs' pushes are in the trace with first=0, as in the truth
	jq -r '.stalls[] | "sched=\(.sched) entity=\(.entity) ectx=\(.ectx) seqno=\(.seqno) first=0 "' \
		"$TMPD/$1.json" > "$TMPD/want"
	while read -r want; do
		grep -q "schedhang_push: .* $want" "$TMPD/$1.txt" || fail "$1: no push event '$want'"
	done < "$TMPD/want"
	# the contract's rule applied to the trace finds exactly the truth's stalls
	trace-cmd report -N -t -i "$TMPD/$1.dat" 2>/dev/null | python3 "$chk" "$TMPD/$1.json" > "$TMPD/chk" ||
		fail "$1: trace and truth disagree: $(cat "$TMPD/chk")"
	# and schedhang report finds exactly them
	report_matches_truth "$TMPD/$1.dat" "$TMPD/$1.json"
}

for seed in 5 6; do
	record buggy-$seed buggy $seed
	[ $st = 1 ] || fail "buggy seed $seed: exit $st, expected 1 (stalls): $(cat "$TMPD/out")"
	jq -e '(.stalls | length) > 0 and all(.stalls[]; .rescue_reason == "MANUAL")' \
		"$TMPD/buggy-$seed.json" > /dev/null || fail "buggy seed $seed: $(cat "$TMPD/buggy-$seed.json")"
done
# The fixed push strands nothing: a longer stall threshold keeps a busy host's
# 20-30 ms scheduling delays from counting as stalls of the fixed run.
record fixed fixed 5 500
[ $st = 0 ] || fail "fixed: exit $st, expected 0: $(cat "$TMPD/out")"
jq -e '.stalls == [] and .jobs_done == 200' "$TMPD/fixed.json" > /dev/null || fail "fixed: stalls"

# nothing left behind
grep -q "shsamples$$/" /sys/kernel/tracing/uprobe_events && fail "uprobe events left behind"
for d in /sys/kernel/tracing/instances/samples-record-*; do
	[ -e "$d" ] || continue
	pid=${d##*-}
	kill -0 "$pid" 2>/dev/null || fail "instance left behind: $d"
done
echo "PASS"
