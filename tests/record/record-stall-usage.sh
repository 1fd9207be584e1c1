#!/bin/sh
# --stop-on-stall usage errors (no tracing needed): exit 2 and one clear line.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
for args in "--stop-on-stall 0" "--stop-on-stall ms" "--check --stop-on-stall 5" "--stop-on-stall"; do
	status=0
	# shellcheck disable=SC2086
	"$SCHEDHANG" record $args 2>"$TMPD/err" >/dev/null || status=$?
	cat "$TMPD/err"
	[ $status = 2 ] || fail "record $args: exit $status, want 2"
	grep -q -- "--stop-on-stall" "$TMPD/err" || fail "record $args: the error does not name the option"
done
exit 0
