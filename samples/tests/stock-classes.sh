#!/bin/sh
# The synthetic stock-tracepoint samples (samples/gen-synthetic): every form
# of each scenario (Linux <=6.16 and >=6.17 schemas, trace-cmd and tracefs
# text styles, trace.dat) gives exactly the findings of its truth file, as
# class/confidence/reason; the committed files are what the generator
# writes; the trace.dat forms read in trace-cmd as in schedhang.
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null || skip "needs jq"
command -v python3 >/dev/null || skip "needs python3"
make_tmpdir
dir=$top_srcdir/samples/traces
MKDAT=$top_builddir/tests/tools/mkdat
[ -x "$MKDAT" ] || fail "mkdat not built: $MKDAT"

verdicts() {	# TRACE: the sorted class/confidence/reason list
	"$SCHEDHANG" report --format json "$1" > "$TMPD/r.json" 2> "$TMPD/err"
	rc=$?
	case $rc in 0|1) ;; *) fail "$1: exit $rc: $(cat "$TMPD/err")" ;; esac
	[ -s "$TMPD/err" ] && fail "$1: stderr: $(cat "$TMPD/err")"
	jq -c '[.findings[] | "\(.class)/\(.confidence)/\(.confidence_reason)"] | sort' "$TMPD/r.json"
}

n=0
for truth in "$dir"/synthetic-*.truth.json; do
	want=$(jq -c '[.findings[] | "\(.class)/\(.confidence)/\(.confidence_reason)"] | sort' "$truth")
	forms=$(jq -r '.forms[]' "$truth")
	[ "$(echo "$forms" | wc -l)" = 6 ] || fail "$(basename "$truth"): not 6 forms"
	for form in $forms; do
		[ -f "$dir/$form" ] || fail "$form: missing"
		got=$(verdicts "$dir/$form")
		[ "$got" = "$want" ] || fail "$form: $got, expected $want"
		n=$((n + 1))
	done
	echo "ok: $(basename "$truth" .truth.json): $want in 6 forms"
done
[ $n -ge 48 ] || fail "only $n forms checked"

# The text forms are the generator's; the trace.dat forms report the same.
python3 "$top_srcdir/samples/gen-synthetic" --mkdat "$MKDAT" "$TMPD" || fail "gen-synthetic failed"
for f in "$TMPD"/*.txt "$TMPD"/*.truth.json; do
	cmp -s "$f" "$dir/$(basename "$f")" ||
		fail "$(basename "$f") differs from what samples/gen-synthetic writes"
done
for f in "$TMPD"/*.dat; do
	[ "$(verdicts "$f")" = "$(verdicts "$dir/$(basename "$f")")" ] ||
		fail "$(basename "$f"): the regenerated trace.dat reports otherwise"
done

# trace-cmd reads the trace.dat forms, with the function names of %ps
if command -v trace-cmd >/dev/null; then
	trace-cmd report "$dir/synthetic-stock617-timeout.dat" > "$TMPD/tc.txt" 2>/dev/null ||
		fail "trace-cmd cannot read synthetic-stock617-timeout.dat"
	grep -q 'workqueue_execute_start: work struct 0xffff8881052a0568: function drm_sched_job_timedout' \
		"$TMPD/tc.txt" || fail "trace-cmd: no timeout work in $(head -5 "$TMPD/tc.txt")"
fi
echo "$n forms agree with their truth"
