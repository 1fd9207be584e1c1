#!/bin/sh
# Hand-built trace.dat files, each valid but for one field (datgen.py; issue
# 24): common fields outside the record, absurd CPU counts, CPUs sharing
# pages, huge event ids, a record longer than its page. Read both ways (pages
# in place, and through libtracecmd): each gives a report (exit 0/1) or one
# "cannot read" line (exit 3), with nothing else on stderr, in under 20 s
# and 200 MB (ASan's own share included), with no sanitizer report.
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
make_tmpdir
python3 "$top_srcdir/tests/hostile/datgen.py" "$TMPD" || fail "datgen.py failed"
n=0
for f in "$TMPD"/*.dat; do
	for how in pages libtracecmd; do
		n=$((n + 1))
		dat_way $how
		timeout 20 /usr/bin/time -f '%M' -o "$TMPD/rss" \
			"$SCHEDHANG" report "$f" > "$TMPD/out" 2> "$TMPD/err"
		rc=$?
		name="$(basename "$f") ($how)"
		grep -q 'Sanitizer\|runtime error' "$TMPD/err" && fail "$name: $(head -c 2000 "$TMPD/err")"
		case $rc in
		0|1)	[ -s "$TMPD/err" ] && fail "$name: a report with noise on stderr: $(cat "$TMPD/err")" ;;
		3)	refused_clearly "$f" "$TMPD/err" || fail "$name: exit 3 with: $(cat "$TMPD/err")" ;;
		124)	fail "$name: still running after 20 s" ;;
		*)	fail "$name: exit $rc: $(head -c 2000 "$TMPD/err")" ;;
		esac
		rss=$(tail -n 1 "$TMPD/rss")
		[ "$rss" -lt 204800 ] || fail "$name: peak RSS $rss KB"
		echo "$name: exit $rc, $rss KB$( [ $rc = 3 ] && echo ": $(cut -d: -f3- "$TMPD/err")")"
	done
done
# the common fields outside the record: every record unknown, none dropped silently
"$SCHEDHANG" report "$TMPD/common-type-far.dat" 2>&1 >/dev/null |
	grep -q '(found: 3 of types schedhang does not use)' ||
	fail "common-type-far.dat: its 3 records are not counted as unknown"
echo "$n runs"
