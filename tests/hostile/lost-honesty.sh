#!/bin/sh
# Lost-event honesty: events of the known lost-wakeup trace spsc-race.txt
# are replaced, one at a time and in windows of 3 and 10, by a lost-event
# marker; a SPSC_RACE/MISSING_KICK finding whose evidence span holds lost
# events must be absent or degraded, never proven (tests/hostile/lost-honesty.py).
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
make_tmpdir
python3 "$top_srcdir/tests/hostile/lost-honesty.py" "$SCHEDHANG" \
	"$top_srcdir/tests/golden/traces/spsc-race.txt" "$TMPD"
