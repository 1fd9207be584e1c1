#!/bin/sh
# make check-valgrind: run the CLI on every sample trace (text, JSON, the
# recorded trace.dat seeds, an error path) under valgrind's memcheck with
# full leak checking. Needs a build without --enable-sanitizers.
#   top_srcdir=... SCHEDHANG=... tests/valgrind/run.sh
set -u
: "${top_srcdir:?}" "${SCHEDHANG:?}"
command -v valgrind >/dev/null || { echo "check-valgrind: valgrind is not installed" >&2; exit 2; }
# schedhang exits 1 when it reports findings: valgrind's own errors use 99
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=99 --suppressions=$top_srcdir/tests/valgrind/libs.supp"
cd "$top_srcdir" || exit 2
n=0 bad=0
check() {	# ARGS...
	n=$((n + 1))
	$VG "$SCHEDHANG" "$@" > /dev/null 2> "${TMPDIR:-/tmp}/sh-vg.$$"
	rc=$?
	if [ $rc -gt 3 ]; then
		bad=$((bad + 1))
		echo "FAIL (exit $rc): schedhang $*"
		cat "${TMPDIR:-/tmp}/sh-vg.$$"
	fi
}
for t in tests/golden/traces/*.txt tests/hostile/inputs/*.txt; do
	check report "$t"
done
for t in tests/golden/traces/spsc-race.txt tests/golden/traces/synthetic-stock617-race.txt; do
	check report --format json "$t"
done
for t in tests/fuzz/corpus/dat/*.dat; do
	check report "$t"
done
check report tests/golden/traces
check report --bogus
check help report
rm -f "${TMPDIR:-/tmp}/sh-vg.$$"
echo "check-valgrind: $n runs, $bad with memcheck errors or leaks"
[ $bad = 0 ]
