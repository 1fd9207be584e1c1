#!/bin/sh
# Huge text inputs, generated on the fly into a pipe: memory stays bounded
# (MAX_RSS_MB of peak RSS, measured with /usr/bin/time; ASan builds included)
# and nothing hangs.
#   - a 2 MiB line (cut and counted: lines are bounded to 1 MiB)
#   - a 600 KiB comm name (kept)
#   - 64 MiB of NUL bytes without a newline
#   - N identical event lines: 2,000,000 by default, 100,000,000 with
#     SCHEDHANG_SLOW_TESTS=1 (see tests/fuzz/README for the measured run)
. "$top_srcdir/tests/lib/common.sh"
[ -x /usr/bin/time ] || skip "needs /usr/bin/time (package 'time'; ./quickstart installs it)"
make_tmpdir
MAX_RSS_MB=${MAX_RSS_MB:-64}
LINE='         app-100 [001] .....     1.900001: schedhang_kick: sched=0xffff8881052a0000 which=0 reason=0 stopped=0 queued=1'

# run NAME TIMEOUT-S with the report's input on stdin; checks RSS and that
# the status is $want (0; 3 for an input without drm_sched events)
want=0
run() {
	name=$1 limit=$2; shift 2
	timeout "$limit" /usr/bin/time -f '%M' -o "$TMPD/rss" "$SCHEDHANG" report --input-format text \
		/dev/stdin > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	[ $rc = 124 ] && fail "$name: still running after $limit s"
	[ $rc = "$want" ] || fail "$name: exit $rc: $(head -c 2000 "$TMPD/err")"
	rss=$(tail -1 "$TMPD/rss")
	[ $((rss / 1024)) -le "$MAX_RSS_MB" ] || fail "$name: peak RSS $((rss / 1024)) MB > $MAX_RSS_MB MB"
	echo "$name: peak RSS $((rss / 1024)) MB"
}

{ echo "$LINE"; head -c 2097152 /dev/zero | tr '\0' x; echo " [000] 1.0: schedhang_kick: x"; echo "$LINE"; } |
	run "2 MiB line" 60
grep -q "warning: '/dev/stdin': line 2: longer than 1048576 bytes, skipped" "$TMPD/err" ||
	fail "2 MiB line: no warning: $(cat "$TMPD/err")"
grep -q 'events by type: schedhang_kick 2$' "$TMPD/out" || fail "2 MiB line: $(cat "$TMPD/out")"

{ printf '%s-100 [001] .....     1.900001: schedhang_kick: sched=0x1 which=0 reason=0 stopped=0 queued=1\n' \
	"$(head -c 614400 /dev/zero | tr '\0' c)"; } | run "600 KiB comm" 60
grep -q 'events by type: schedhang_kick 1$' "$TMPD/out" || fail "600 KiB comm: $(cat "$TMPD/out")"

want=3
head -c 67108864 /dev/zero | run "64 MiB of NUL" 120
grep -q "'/dev/stdin' has no drm_sched events (found: no events)" "$TMPD/err" ||
	fail "64 MiB of NUL: $(cat "$TMPD/err")"
want=0

if [ "${SCHEDHANG_SLOW_TESTS:-0}" = 1 ]; then n=100000000; limit=3600; else n=2000000; limit=300; fi
yes "$LINE" | head -n "$n" | run "$n lines" "$limit"
grep -q "input events $n," "$TMPD/out" || fail "$n lines: $(grep 'input events' "$TMPD/out")"
