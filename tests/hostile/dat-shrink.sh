#!/bin/sh
# A trace.dat cut short while schedhang reads it (issue 24 item 2): its pages
# came from a mapping of the file, and reading a mapped page past the new end
# killed schedhang with SIGBUS. Each run truncates a 64 MB file after a
# delay; whatever it was doing then, schedhang gives a report or one "cannot
# read" line, never a signal or a sanitizer report. Pages are now read with
# pread(). Not covered: a file read through libtracecmd (timestamps it
# adjusts, SCHEDHANG_DAT_LIBTRACECMD=1) is mapped by libtracecmd itself.
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
command -v truncate >/dev/null || skip "needs truncate(1)"
make_tmpdir
python3 "$top_srcdir/tests/hostile/datgen.py" "$TMPD" big || fail "datgen.py failed"
n=0 cut=0
for delay in 0.05 0.3 0.45 0.6 0.75 0.9; do
	for how in pages; do
		dat_way $how
		cp "$TMPD/big.dat" "$TMPD/shrink.dat"
		timeout 60 "$SCHEDHANG" report "$TMPD/shrink.dat" \
			> "$TMPD/out" 2> "$TMPD/err" &
		pid=$!
		sleep $delay
		truncate -s 8192 "$TMPD/shrink.dat"
		wait $pid
		rc=$?
		n=$((n + 1))
		name="after $delay s ($how)"
		grep -q 'Sanitizer\|runtime error' "$TMPD/err" && fail "$name: $(head -c 2000 "$TMPD/err")"
		case $rc in
		0|1)	;;
		3)	cut=$((cut + 1))
			refused_clearly "$TMPD/shrink.dat" "$TMPD/err" ||
				fail "$name: exit 3 with: $(cat "$TMPD/err")" ;;
		124)	fail "$name: still running after 60 s" ;;
		*)	fail "$name: exit $rc (a signal?): $(head -c 2000 "$TMPD/err")" ;;
		esac
		echo "$name: exit $rc $(cut -d: -f3- "$TMPD/err")"
	done
done
echo "$n runs, $cut ended with the file's shrinking reported"
