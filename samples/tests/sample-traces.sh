#!/bin/sh
# The committed sample traces: small, readable, and agreeing with their truth
. "$top_srcdir/samples/tests/lib.sh"
command -v trace-cmd > /dev/null || skip "needs trace-cmd"
make_tmpdir
dir=$top_srcdir/samples/traces
n=0
for dat in "$dir"/*.dat; do
	[ -e "$dat" ] || fail "no sample traces in $dir"
	base=${dat%.dat}
	name=$(basename "$base")
	[ "$(wc -c < "$dat")" -lt 1048576 ] || fail "$name.dat is 1 MiB or more"
	check_truth "$base.truth.json"
	trace-cmd report -i "$dat" > "$TMPD/r.txt" 2>/dev/null || fail "$name: trace-cmd report failed"
	jq -r '.stalls[] | "sched=\(.sched) entity=\(.entity) ectx=\(.ectx) seqno=\(.seqno) first=0 "' \
		"$base.truth.json" > "$TMPD/want"
	while read -r want; do
		grep -q "schedhang_push: .* $want" "$TMPD/r.txt" || fail "$name: no push '$want'"
	done < "$TMPD/want"
	[ "$(grep -c ' schedhang_done: ' "$TMPD/r.txt")" = "$(jq .jobs_done "$base.truth.json")" ] ||
		fail "$name: done events differ from the truth's jobs_done"
	n=$((n + 1))
done
[ $n -ge 3 ] || fail "expected at least 3 recorded samples, found $n"
for f in "$dir"/synthetic-*.txt; do
	[ -e "$f" ] || fail "no synthetic traces in $dir"
	grep -q 'gpu_scheduler\|drm_sched_job\|drm_run_job' "$f" || fail "$f: no scheduler events"
done
echo "PASS"
