#!/bin/sh
# spsc-race, no tracing: the fixed and locked queues never stall, neither on
# a million jobs nor under the load that makes the buggy one stall
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
t=$TMPD/million.json
st=0
timeout 120 "$SPSC_RACE" --variant fixed --jobs 1000000 --stall-ms 100 --truth "$t" \
	> "$TMPD/out" 2>&1 || st=$?
[ $st = 0 ] || fail "fixed, 1M jobs: exit $st: $(cat "$TMPD/out")"
check_truth "$t"
jq -e '.jobs_done == 1000000 and .stalls == []' "$t" > /dev/null || fail "fixed: $(cat "$t")"
for variant in fixed locked; do
	for seed in 1 2 3; do
		t=$TMPD/$variant-$seed.json
		st=0
		timeout 60 "$SPSC_RACE" --variant $variant --schedulers 2 --entities 2 \
			--jobs 4000 --window-delay 200 --stall-ms 50 --stop-on-stall \
			--seed $seed --truth "$t" > "$TMPD/out" 2>&1 || st=$?
		[ $st = 0 ] || fail "$variant seed $seed: exit $st: $(cat "$TMPD/out")"
		check_truth "$t"
		jq -e '.jobs_done == 4000 and .stalls == []' "$t" > /dev/null ||
			fail "$variant seed $seed: $(cat "$t")"
	done
done
# dependency waits longer than --stall-ms are no lost wakeups
t=$TMPD/deps.json
st=0
timeout 60 "$SPSC_RACE" --variant fixed --schedulers 2 --jobs 40 --job-us 100000 --cross-deps \
	--stall-ms 30 --truth "$t" > "$TMPD/out" 2>&1 || st=$?
[ $st = 0 ] || fail "fixed, cross deps: exit $st: $(cat "$TMPD/out")"
jq -e '.jobs_done == 40 and .stalls == []' "$t" > /dev/null || fail "fixed, cross deps: $(cat "$t")"
echo "PASS"
