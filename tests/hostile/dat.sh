#!/bin/sh
# trace.dat files truncated at every section boundary and v6 files with
# corrupt page headers (built at test time from the recorded seeds in
# tests/fuzz/corpus/dat by dat-mutate.py): each one gives either a report
# (exit 0/1) or exactly one "cannot read" line, the last, after warnings of
# the file's own formats if any (exit 3); never a crash, a sanitizer report or
# a hang (10 s each).
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
make_tmpdir
# every page of every CPU with SCHEDHANG_SLOW_TESTS=1; the first pages otherwise
ALL=${SCHEDHANG_SLOW_TESTS:-0} python3 "$top_srcdir/tests/hostile/dat-mutate.py" "$TMPD" \
	"$top_srcdir/tests/fuzz/corpus/dat/record-v6.dat" \
	"$top_srcdir/tests/fuzz/corpus/dat/record-v7-zstd.dat" || fail "dat-mutate.py failed"
n=0 refused=0 fields=0
for f in "$TMPD"/*.dat; do
	n=$((n + 1))
	timeout 10 "$SCHEDHANG" report "$f" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	case $rc in
	0|1) ;;
	3)	refused=$((refused + 1))
		refused_clearly "$f" "$TMPD/err" ||
			fail "$(basename "$f"): exit 3 with: $(cat "$TMPD/err")"
		[ -s "$TMPD/out" ] && fail "$(basename "$f"): exit 3 but wrote a report" ;;
	124)	fail "$(basename "$f"): still running after 10 s" ;;
	*)	fail "$(basename "$f"): exit $rc: $(head -c 2000 "$TMPD/err")" ;;
	esac
	grep -q 'Sanitizer\|runtime error' "$TMPD/err" && fail "$(basename "$f"): $(head -c 2000 "$TMPD/err")"
	case $(basename "$f") in field-*)	# the renamed field is said, then the page
		[ $rc = 3 ] && grep -q "warning: '$f': workqueue:workqueue_execute_start events without field 'function' are ignored" "$TMPD/err" ||
			fail "$(basename "$f"): exit $rc with: $(cat "$TMPD/err")"
		fields=$((fields + 1)) ;;
	esac
	rm -f "$f"
done
[ "$n" -gt 80 ] || fail "only $n mutated files"
[ "$fields" = 1 ] || fail "$fields files with a renamed field, not 1"
echo "$n mutated trace.dat files: $refused refused with one line, $((n - refused)) reported"
