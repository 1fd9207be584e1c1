#!/bin/sh
# schedhang report on every committed sample finds exactly the stalls its
# reproducer's watchdog saw (the truth), and nothing on the fixed run.
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
dir=$top_srcdir/samples/traces
n=0
for truth in "$dir"/*.truth.json; do
	base=${truth%.truth.json}
	# the synthetic stock scenarios' truths list findings: stock-classes.sh
	case $(basename "$base") in synthetic-*) continue ;; esac
	trace=$base.dat
	[ -e "$trace" ] || trace=$base.txt
	[ -e "$trace" ] || fail "no trace for $(basename "$truth")"
	STRICT_KICK=1 report_matches_truth "$trace" "$truth"
	echo "ok: $(basename "$trace"): $(jq '.stalls | length' "$truth") stalls"
	n=$((n + 1))
done
[ $n -ge 4 ] || fail "expected at least 4 samples with a truth, found $n"
