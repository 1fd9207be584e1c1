#!/bin/sh
# Replay every fuzz target's seed corpus (tests/fuzz/corpus/TARGET/) through
# the target under the normal build: a crash or a sanitizer report fails.
. "$top_srcdir/tests/lib/common.sh"
for t in dat text ctf analysis; do
	dir=$top_srcdir/tests/fuzz/corpus/$t
	[ -d "$dir" ] || fail "no corpus for $t at $dir"
	n=$(find "$dir" -type f | wc -l)
	[ "$n" -gt 0 ] || fail "empty corpus for $t"
	if [ $t = ctf ]; then
		# babeltrace2 leaks on its error paths; see the suppressions file
		out=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" \
			LSAN_OPTIONS="suppressions=$top_srcdir/tests/fuzz/lsan-ctf.supp" \
			"$top_builddir/tests/fuzz/replay-$t" "$dir") || fail "replay-$t: status $?"
	else
		out=$("$top_builddir/tests/fuzz/replay-$t" "$dir") || fail "replay-$t: status $?"
	fi
	case $out in
	*"replayed $n inputs") echo "$out" ;;
	*) fail "replay-$t: expected $n inputs, got: $out" ;;
	esac
done
