#!/bin/sh
# Hostile folders and special files (issue 24): a CTF folder with symbolic
# links to itself, an unreadable folder, tracefs's live pipes, file names
# with control bytes, and (SCHEDHANG_SLOW_TESTS=1) a valid CTF trace with
# 50,000 event classes that babeltrace2 takes ~20 s to set up. Each gives a
# report or one clear line (exit 3), in bounded time.
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
make_tmpdir

# one "cannot read 'PATH': WHY" line, exit 3, within SECS: expect_refusal SECS PATH WHY
expect_refusal() {
	timeout "$1" "$SCHEDHANG" report "$2" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	[ $rc = 124 ] && fail "'$2': still running after $1 s"
	[ $rc = 3 ] || fail "'$2': exit $rc: $(head -c 1000 "$TMPD/err")"
	[ "$(wc -l < "$TMPD/err")" = 1 ] || fail "'$2': not one line: $(cat "$TMPD/err")"
	grep -qF "$3" "$TMPD/err" || fail "'$2': unclear: $(cat "$TMPD/err")"
	echo "$(cat "$TMPD/err")"
}

# 30 links to the folder itself: the walk went 6 levels deep, 30^6 folders
mkdir "$TMPD/loop"
for i in $(seq 1 30); do ln -s . "$TMPD/loop/l$i"; done
expect_refusal 10 "$TMPD/loop" "a directory without a CTF 'metadata' file"

# the same loops around a real trace: found once, read
python3 "$top_srcdir/tests/hostile/ctfgen.py" "$TMPD/loop/trace" 3 || fail "ctfgen.py failed"
for i in $(seq 1 10); do ln -s .. "$TMPD/loop/trace/up$i"; done
# (its 3 events are none of drm_sched's: exit 3, and the line counts them)
expect_refusal 30 "$TMPD/loop" "has no drm_sched events (found: 3 of types schedhang does not use)"

# an unreadable folder: says so (root reads everything: as nobody)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir -p "$TMPD/locked/inside" && chmod 711 "$TMPD" && chmod 000 "$TMPD/locked"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SCHEDHANG" report "$TMPD/locked" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	chmod 755 "$TMPD/locked"
	[ $rc = 3 ] && grep -q "cannot read '$TMPD/locked': Permission denied" "$TMPD/err" ||
		fail "unreadable folder: exit $rc: $(cat "$TMPD/err")"
	cat "$TMPD/err"
else
	echo "unreadable folder: skipped (needs root and setpriv to drop to nobody)"
fi

# tracefs's live pipes: format detection blocked forever on them
for p in /sys/kernel/tracing/trace_pipe /sys/kernel/tracing/per_cpu/cpu0/trace_pipe_raw; do
	if [ -r "$p" ] && [ "$(id -u)" = 0 ]; then
		expect_refusal 10 "$p" "a live tracefs pipe"
	else
		echo "$p: skipped (needs root and tracefs)"
	fi
done

# control bytes in a file name come out as \xNN, in one line
name=$(printf '%s/a\033[31mb\nc' "$TMPD")
"$SCHEDHANG" report "$name" > "$TMPD/out" 2> "$TMPD/err"
[ $? = 3 ] || fail "control bytes: exit not 3"
[ "$(wc -l < "$TMPD/err")" = 1 ] || fail "control bytes: not one line: $(cat -v "$TMPD/err")"
grep -q "a\\\\x1b\[31mb\\\\x0ac': " "$TMPD/err" || fail "control bytes: $(cat -v "$TMPD/err")"
! grep -q "$(printf '\033')" "$TMPD/err" || fail "control bytes: ESC reached stderr"
cat "$TMPD/err"

if [ "${SCHEDHANG_SLOW_TESTS:-0}" = 1 ]; then
	python3 "$top_srcdir/tests/hostile/ctfgen.py" "$TMPD/classes" 50000 || fail "ctfgen.py failed"
	expect_refusal 300 "$TMPD/classes" "has no drm_sched events (found: 3 of types schedhang does not use)"
	echo "50,000 event classes: read"
fi
exit 0
