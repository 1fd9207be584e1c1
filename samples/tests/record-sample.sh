#!/bin/sh
# record-sample: uprobes on the reproducer, recorded by trace-cmd; the events
# in the trace agree with the reproducer's own truth (needs root + tracefs)
. "$top_srcdir/samples/tests/lib.sh"
require_tracing
command -v trace-cmd > /dev/null || skip "needs trace-cmd"
make_tmpdir
st=0
SPSC_RACE=$SPSC_RACE "$top_srcdir/samples/record-sample" -g "shsamples$$" -o "$TMPD/b.dat" -t "$TMPD/b.json" -- \
	--variant buggy --window-delay 200 --jobs 200 --stall-ms 20 --kick --deps --seed 5 \
	> "$TMPD/out" 2>&1 || st=$?
grep -q 'stay defined by someone else' "$TMPD/out" &&
	skip "another recorder held our event names for 5 minutes"
[ $st = 1 ] || fail "record-sample exited $st, expected 1: $(cat "$TMPD/out")"
check_truth "$TMPD/b.json"
trace-cmd report -i "$TMPD/b.dat" > "$TMPD/b.txt" 2>/dev/null || fail "trace-cmd report failed"
for ev in sched_info push pop kick worker_begin worker done dep state; do
	grep -q " schedhang_$ev: " "$TMPD/b.txt" || fail "no schedhang_$ev event in the trace"
done
# one push event per pushed job, one done per completed job
pushed=$(jq '[.scheds[].entities[].pushed] | add' "$TMPD/b.json")
got=$(grep -c ' schedhang_push: ' "$TMPD/b.txt")
[ "$got" = "$pushed" ] ||
	fail "$got push events, $pushed pushed: $(trace-cmd report --stat -i "$TMPD/b.dat" 2>&1 | grep -i 'overrun\|dropped\|lost'; cat "$TMPD/out")"
[ "$(grep -c ' schedhang_done: ' "$TMPD/b.txt")" = "$(jq .jobs_done "$TMPD/b.json")" ] ||
	fail "done events != jobs_done"
# the stranded job's push is in the trace with first=0, its values as in the truth
jq -r '.stalls[] | "sched=\(.sched) entity=\(.entity) ectx=\(.ectx) seqno=\(.seqno) first=0 "' \
	"$TMPD/b.json" > "$TMPD/want"
[ -s "$TMPD/want" ] || fail "no stall in the truth"
while read -r want; do
	grep -q "schedhang_push: .* $want" "$TMPD/b.txt" || fail "no push event '$want'"
done < "$TMPD/want"
trace-cmd report -t -i "$TMPD/b.dat" 2>/dev/null |
	python3 "$top_srcdir/samples/tests/check-truth.py" "$TMPD/b.json" > "$TMPD/chk" ||
	fail "trace and truth disagree: $(cat "$TMPD/chk")"
# the events left no trace behind
grep -qF "$(readlink -f "$SPSC_RACE")" /sys/kernel/tracing/uprobe_events &&
	fail "uprobes on the reproducer left behind"
for d in /sys/kernel/tracing/instances/samples-record-*; do
	[ -e "$d" ] || continue
	fail "instance left behind: $d"
done
echo "PASS"
