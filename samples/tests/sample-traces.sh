#!/bin/sh
# The committed sample traces: small, readable, and agreeing with their truth
. "$top_srcdir/samples/tests/lib.sh"
command -v trace-cmd > /dev/null || skip "needs trace-cmd"
make_tmpdir
dir=$top_srcdir/samples/traces
chk=$top_srcdir/samples/tests/check-truth.py
n=0
# the recordings of the reproducer, each with its truth (the kernel-6.12-*
# recordings have none: tests/report/kernel-samples.sh checks them; the
# synthetic-* ones are checked by stock-classes.sh)
for dat in "$dir"/*.dat; do
	[ -e "$dat" ] || fail "no sample traces in $dir"
	base=${dat%.dat}
	# (a --kprobes recording adds the probes' events to about 1 MB of kallsyms
	# and formats: those may take up to 2 MiB)
	case $(basename "$base") in kernel-*-kprobes) [ "$(wc -c < "$dat")" -lt 2097152 ] ||
		fail "$(basename "$dat") is 2 MiB or more"; continue ;; esac
	case $(basename "$base") in kernel-*|synthetic-*) [ "$(wc -c < "$dat")" -lt 1048576 ] ||
		fail "$(basename "$dat") is 1 MiB or more"; continue ;; esac
	name=$(basename "$base")
	[ "$(wc -c < "$dat")" -lt 1048576 ] || fail "$name.dat is 1 MiB or more"
	check_truth "$base.truth.json"
	trace-cmd report -N -i "$dat" > "$TMPD/r.txt" 2>/dev/null || fail "$name: trace-cmd report failed"
	jq -r '.stalls[] | "sched=\(.sched) entity=\(.entity) ectx=\(.ectx) seqno=\(.seqno) first=0 "' \
		"$base.truth.json" > "$TMPD/want"
	while read -r want; do
		grep -q "schedhang_push: .* $want" "$TMPD/r.txt" || fail "$name: no push '$want'"
	done < "$TMPD/want"
	[ "$(grep -c ' schedhang_done: ' "$TMPD/r.txt")" = "$(jq .jobs_done "$base.truth.json")" ] ||
		fail "$name: done events differ from the truth's jobs_done"
	[ "$(grep -c ' schedhang_push: ' "$TMPD/r.txt")" = \
	  "$(jq '[.scheds[].entities[].pushed] | add' "$base.truth.json")" ] ||
		fail "$name: push events differ from the truth's pushed counts"
	trace-cmd report -N -t -i "$dat" 2>/dev/null | python3 "$chk" "$base.truth.json" > "$TMPD/chk" ||
		fail "$name: trace and truth disagree: $(cat "$TMPD/chk")"
	n=$((n + 1))
done
[ $n -ge 3 ] || fail "expected at least 3 recorded samples, found $n"
# the tracefs text copy against its own truth
for txt in "$dir"/*-tracefs.txt; do
	python3 "$chk" "${txt%.txt}.truth.json" < "$txt" > "$TMPD/chk" ||
		fail "$(basename "$txt"): trace and truth disagree: $(cat "$TMPD/chk")"
done
# the checker can fail: a trace without stalls against a truth with some
trace-cmd report -N -t -i "$dir/fixed-no-stall.dat" 2>/dev/null |
	python3 "$chk" "$dir/buggy-lost-wakeup.truth.json" > /dev/null &&
	fail "check-truth.py accepts a stall-free trace for a truth with stalls"
for f in "$dir"/synthetic-stock*.txt; do
	[ -e "$f" ] || fail "no synthetic traces in $dir"
	grep -q 'gpu_scheduler\|drm_sched_job\|drm_run_job' "$f" || fail "$f: no scheduler events"
done
echo "PASS"
