#!/bin/sh
# spsc-race, no tracing: the buggy queue with a widened push window loses a
# wakeup within seconds; the watchdog says so and the truth lists the stall
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
for seed in 1 2 3; do
	t=$TMPD/stop-$seed.json
	st=0
	timeout 60 "$SPSC_RACE" --variant buggy --schedulers 2 --entities 2 --jobs 200000 \
		--window-delay 200 --stall-ms 50 --stop-on-stall --seed $seed --truth "$t" \
		> "$TMPD/out" 2>&1 || st=$?
	[ $st = 1 ] || fail "seed $seed: exit $st, expected 1 (stall): $(cat "$TMPD/out")"
	grep -q '^watchdog: stall sched=0x' "$TMPD/out" || fail "seed $seed: watchdog silent"
	check_truth "$t"
	jq -e '.variant == "buggy" and .on_stall == "stop" and
		any(.stalls[]; .watchdog and (.rescued | not) and .rescue_reason == null)' "$t" \
		> /dev/null || fail "seed $seed: no unrescued stall in $t"
	# every stalled entity is one of the run's entities, with its ectx
	jq -e '[.scheds[].entities[] | {entity, ectx}] as $e |
		all(.stalls[]; {entity, ectx} as $s | $e | index([$s]) != null)' "$t" \
		> /dev/null || fail "seed $seed: stall names an unknown entity/ectx"
done

# --kick: the watchdog rescues every stall with MANUAL and the run finishes
t=$TMPD/kick.json
st=0
timeout 60 "$SPSC_RACE" --variant buggy --jobs 300 --window-delay 200 --stall-ms 20 \
	--kick --seed 4 --truth "$t" > "$TMPD/out" 2>&1 || st=$?
[ $st = 1 ] || fail "kick: exit $st, expected 1: $(cat "$TMPD/out")"
check_truth "$t"
jq -e '.jobs_done == 300 and (.stalls | length) > 0 and
	all(.stalls[]; .rescued and .rescue_reason == "MANUAL" and
		.duration_ns >= 20000000 and .rescue_ns > .start_ns)' "$t" > /dev/null ||
	fail "kick: unexpected truth $(cat "$t")"
grep -q 'rescued=MANUAL' "$TMPD/out" || fail "kick: stalls not printed"
echo "PASS"
