#!/bin/sh
# Non-regular inputs never hang: a FIFO is refused unless a format is
# forced; forced text reads it without blocking (no writer: empty input,
# exit 3); a pipe on stdin is read whole.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
mkfifo "$TMPD/fifo" || skip "cannot create a FIFO"

expect() {	# STATUS MESSAGE ARGS...
	st=$1 msg=$2; shift 2
	timeout 10 "$SCHEDHANG" report "$@" > "$TMPD/out" 2> "$TMPD/err" < /dev/null
	rc=$?
	[ $rc = 124 ] && fail "report $*: hangs"
	[ $rc = "$st" ] || fail "report $*: exit $rc, expected $st: $(cat "$TMPD/err")"
	[ "$(cat "$TMPD/err")" = "schedhang report: $msg" ] ||
		fail "report $*: got '$(cat "$TMPD/err")', expected 'schedhang report: $msg'"
}
expect 3 "cannot read '$TMPD/fifo': not a regular file (use --input-format)" "$TMPD/fifo"
expect 3 "cannot read '$TMPD/fifo': empty input" --input-format text "$TMPD/fifo"
expect 3 "cannot read '/dev/null': empty input" --input-format text /dev/null
rc=0
timeout 10 "$SCHEDHANG" report --input-format dat "$TMPD/fifo" > /dev/null 2> "$TMPD/err" || rc=$?
[ $rc = 3 ] || fail "report --input-format dat FIFO: exit $rc: $(cat "$TMPD/err")"
[ "$(wc -l < "$TMPD/err")" = 1 ] || fail "report --input-format dat FIFO: $(cat "$TMPD/err")"
# a pipe with a writer is read to its end
cat "$top_srcdir/tests/golden/traces/spsc-race.txt" |
	timeout 10 "$SCHEDHANG" report --input-format text /dev/stdin > "$TMPD/out" 2> "$TMPD/err"
rc=$?
[ $rc = 1 ] || fail "spsc-race through a pipe: exit $rc: $(cat "$TMPD/err")"
grep -q '^\[1\] SPSC_RACE (proven' "$TMPD/out" || fail "spsc-race through a pipe: $(head "$TMPD/out")"
echo "FIFO and pipe inputs behave"
