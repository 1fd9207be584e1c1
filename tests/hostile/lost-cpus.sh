#!/bin/sh
# Lost-event markers on huge CPU numbers: the JSON report lists only the CPUs
# with markers (lost_events.per_cpu is sparse), stays small, and memory does
# not grow with the CPU number; CPUs above 1048575 count as unknown (null).
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
push='app-100 [000] .....     1.000000: schedhang_push: sched=0xffff8881052a0000 entity=0xffff888104c8a800 ectx=79 seqno=1 first=1 cnt_before=0 cnt_after=1'

json() {	# NAME: report $TMPD/NAME.txt as JSON into $TMPD/NAME.json, check size and status
	"$SCHEDHANG" report --format json "$TMPD/$1.txt" >"$TMPD/$1.json" 2>"$TMPD/$1.err"
	rc=$?
	[ $rc = 0 ] || fail "$1: exit $rc: $(cat "$TMPD/$1.err")"
	size=$(wc -c <"$TMPD/$1.json")
	[ "$size" -lt 16384 ] || fail "$1: JSON report of $size bytes"
}

# the lost_events object, on one line
lost() {
	python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["input"]["lost_events"], separators=(",", ":")))' <"$TMPD/$1.json" ||
		fail "$1: not JSON"
}

printf '%s\nCPU:65534 [LOST 120 EVENTS]\n%s\n' "$push" "$push" >"$TMPD/cpu65534.txt"
json cpu65534
[ "$(lost cpu65534)" = '{"per_cpu":[{"cpu":65534,"lost":120,"markers":1,"markers_unknown_count":0}],"total":120,"markers":1,"markers_unknown_count":0}' ] ||
	fail "cpu65534: $(lost cpu65534)"
[ ! -s "$TMPD/cpu65534.err" ] || fail "cpu65534: stderr: $(cat "$TMPD/cpu65534.err")"

# INT_MAX and just above the limit: counted on an unknown CPU, warned once
printf '%s\nCPU:2147483647 [LOST 7 EVENTS]\nCPU:1048576 [LOST EVENTS]\nCPU:3 [LOST 2 EVENTS]\n%s\n' \
	"$push" "$push" >"$TMPD/huge.txt"
json huge
[ "$(lost huge)" = '{"per_cpu":[{"cpu":null,"lost":7,"markers":2,"markers_unknown_count":1},{"cpu":3,"lost":2,"markers":1,"markers_unknown_count":0}],"total":9,"markers":3,"markers_unknown_count":1}' ] ||
	fail "huge: $(lost huge)"
[ "$(cat "$TMPD/huge.err")" = "schedhang report: warning: '$TMPD/huge.txt': CPU numbers above 1048575 are taken as unknown (first: 2147483647)" ] ||
	fail "huge: stderr: $(cat "$TMPD/huge.err")"
"$SCHEDHANG" report "$TMPD/huge.txt" 2>/dev/null | grep -q '^  lost events 9 (unknown CPU: 7, CPU 3: 2), plus 1 gaps of unknown size$' ||
	fail "huge: text report: $("$SCHEDHANG" report "$TMPD/huge.txt" 2>&1 | grep 'lost events')"

# 20000 distinct CPUs, highest first: one entry each, in CPU order (the
# store is sparse and sorted once, not per marker)
python3 -c '
import sys
print(sys.argv[1])
for c in range(1048575, 1048575 - 20000, -1):
    print("CPU:%d [LOST 1 EVENTS]" % c)
print(sys.argv[1])' "$push" >"$TMPD/many.txt"
"$SCHEDHANG" report --format json "$TMPD/many.txt" >"$TMPD/many.json" 2>"$TMPD/many.err" ||
	fail "many: exit $?: $(cat "$TMPD/many.err")"
python3 -c '
import json, sys
l = json.load(sys.stdin)["input"]["lost_events"]
cpus = [e["cpu"] for e in l["per_cpu"]]
assert cpus == list(range(1048575 - 19999, 1048576)), cpus[:5]
assert l["total"] == 20000 and l["markers"] == 20000, l["total"]' <"$TMPD/many.json" ||
	fail "many: per_cpu not one sorted entry per CPU"

# 100 CPUs in order, then 3 out of order (inserted, not sorted again): every
# CPU once, in order, the repeated CPU 4 counted twice
python3 -c '
import sys
print(sys.argv[1])
for c in list(range(0, 200, 2)) + [5, 199, 1, 4]:
    print("CPU:%d [LOST 1 EVENTS]" % c)' "$push" >"$TMPD/few.txt"
"$SCHEDHANG" report --format json "$TMPD/few.txt" >"$TMPD/few.json" 2>"$TMPD/few.err" ||
	fail "few: exit $?: $(cat "$TMPD/few.err")"
python3 -c '
import json, sys
l = json.load(sys.stdin)["input"]["lost_events"]["per_cpu"]
want = sorted(list(range(0, 200, 2)) + [5, 199, 1])
assert [e["cpu"] for e in l] == want, [e["cpu"] for e in l][:10]
assert [e["lost"] for e in l if e["cpu"] == 4] == [2]' <"$TMPD/few.json" ||
	fail "few: per_cpu not one sorted entry per CPU"
echo ok
