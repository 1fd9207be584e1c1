#!/bin/sh
# samples/spsc-race/bench --quick: the table prints, one row per placement and
# variant, with numbers (no timing assertions: a smoke test)
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
command -v "${CC:-cc}" > /dev/null || skip "needs a C compiler"
"$top_srcdir/samples/spsc-race/bench" --quick > "$TMPD/out" 2>&1 || fail "bench failed: $(cat "$TMPD/out")"
for v in buggy fixed locked; do
	for p in 1cpu unpinned; do
		grep -Eq "^$p +$v +[0-9]+ \[ *[0-9]+- *[0-9]+\] +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$" "$TMPD/out" ||
			fail "no $p/$v row: $(cat "$TMPD/out")"
	done
done
grep -Eq '^fixed .* 1\.00 ' "$TMPD/out" || grep -Eq ' fixed +[0-9]+ \[.*\] +1\.00 ' "$TMPD/out" ||
	fail "fixed is not its own 1.00 reference"
grep -q '^perf stat' "$TMPD/out" || fail "no perf section"
echo "PASS"
