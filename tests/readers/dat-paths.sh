#!/bin/sh
# The trace.dat reader reads pages in place (src/read/dat-pages.c: v6, v7
# plain or zstd-compressed) and falls back to libtracecmd; it may read ahead
# in a thread. Every way must give the same events and summary, and these
# files must take the in-place way (else the speed is silently gone).
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
SH_EVENTS=$top_builddir/tests/tools/sh-events

# the samples are v7+zstd: their v6 and plain v7 copies (trace-cmd convert) too
copies=
if command -v trace-cmd >/dev/null 2>&1; then
	for f in "$top_srcdir"/samples/traces/*.dat; do
		for v in 6 7; do
			out=$TMPD/v$v-$(basename "$f")
			trace-cmd convert -i "$f" -o "$out" --file-version $v --compression none \
				>/dev/null 2>&1 && copies="$copies $out"
		done
	done
	[ -n "$copies" ] || fail "trace-cmd convert made no copy of the samples"
fi

n=0
for f in "$top_srcdir"/samples/traces/*.dat "$top_srcdir"/tests/fuzz/corpus/dat/record-v*.dat $copies; do
	name=$(basename "$f")
	want=pages
	"$SH_EVENTS" -r "$f" > "$TMPD/default" 2>&1 || fail "$name: sh-events failed: $(tail -1 "$TMPD/default")"
	got=$(sed -n '1s/^# reader: //p' "$TMPD/default")
	[ "$got" = "$want" ] || fail "$name: read by '$got', expected '$want'"
	# libtracecmd opens a view of a file with compressed pages (their chunks left out)
	opened=file
	head -c 64 "$f" | LC_ALL=C grep -qa zstd && opened=view
	grep -qx "# libtracecmd opened: $opened" "$TMPD/default" ||
		fail "$name: libtracecmd did not open the $opened: $(sed -n 2p "$TMPD/default")"
	SCHEDHANG_DAT_LIBTRACECMD=1 "$SH_EVENTS" -r "$f" > "$TMPD/lib" 2>&1 ||
		fail "$name: sh-events through libtracecmd failed"
	sed -n '1,2p' "$TMPD/lib" | tr '\n' ' ' |
		grep -qx '# reader: libtracecmd # libtracecmd opened: file ' ||
		fail "$name: SCHEDHANG_DAT_LIBTRACECMD=1 did not select libtracecmd on the file"
	diff -u "$TMPD/lib" "$TMPD/default" | sed '/^[-+]# reader:/d; /^[-+]# libtracecmd opened:/d' |
		grep -q '^[-+][^-+]' &&
		fail "$name: the two readers disagree: $(diff "$TMPD/lib" "$TMPD/default" | head -5)"
	# the thread hands events over decoded, or raw records decoded in the
	# caller's thread, or (alternate) both in turn, a piece a batch
	for way in "" events raw alternate; do
		SCHEDHANG_READ_AHEAD=$way "$SH_EVENTS" -r -a "$f" > "$TMPD/ahead" 2>&1 ||
			fail "$name: sh-events -a failed (${way:-probe})"
		kind=$(sed -n 's/^# ahead: //p' "$TMPD/ahead")
		[ "$kind" = raw ] || fail "$name: read ahead as '$kind', expected 'raw'"
		sed -i '/^# ahead: /d' "$TMPD/ahead"
		cmp -s "$TMPD/default" "$TMPD/ahead" || fail "$name: reading ahead (${way:-probe})" \
			"changed the output: $(diff "$TMPD/default" "$TMPD/ahead" | head -5)"
	done
	[ "$(grep -vc '^#' "$TMPD/default")" -gt 0 ] || fail "$name: no events"
	n=$((n + 1))
done
[ $n -ge 5 ] || fail "only $n trace.dat files found"

# reading ahead: text input too, errors in order after the events before them
for f in "$top_srcdir"/samples/traces/*.txt; do
	"$SH_EVENTS" "$f" > "$TMPD/sync" 2>&1
	"$SH_EVENTS" -a "$f" > "$TMPD/ahead" 2>&1
	cmp -s "$TMPD/sync" "$TMPD/ahead" || fail "$(basename "$f"): reading ahead changed the output"
done
same_outcome() {	# FILE LABEL [SH-EVENTS OPTION]: every way of reading ahead as without
	"$SH_EVENTS" $3 "$1" > "$TMPD/sync" 2>&1; rs=$?
	for way in "" events raw alternate; do
		SCHEDHANG_READ_AHEAD=$way "$SH_EVENTS" $3 -a "$1" > "$TMPD/ahead" 2>&1; ra=$?
		[ $rs = $ra ] && cmp -s "$TMPD/sync" "$TMPD/ahead" ||
			fail "$2: reading ahead (${way:-probe}) changed the outcome ($rs vs $ra):" \
				"$(diff "$TMPD/sync" "$TMPD/ahead" | head -5)"
	done
}
head -c 20000 "$top_srcdir/samples/traces/buggy-lost-wakeup.dat" > "$TMPD/cut.dat"
same_outcome "$TMPD/cut.dat" "truncated file"
# a lost-events marker, then a corrupt page; the decoder's warning (which the
# caller's thread may log) before the reader's error (its thread's)
python3 "$top_srcdir/tests/hostile/datgen.py" "$TMPD" nopid-missed || fail "datgen.py failed"
for f in "$top_srcdir/tests/fuzz/corpus/dat/regress-lsize4-missed.dat" "$TMPD/nopid-missed.dat"; do
	same_outcome "$f" "$(basename "$f")"
	grep -q '^# lost markers: 1 ' "$TMPD/sync" && grep -q "cannot read .*corrupt" "$TMPD/sync" ||
		fail "$(basename "$f"): no marker or no error: $(grep '^[#s]' "$TMPD/sync" | head -3)"
	command -v trace-cmd >/dev/null 2>&1 || continue
	trace-cmd convert -i "$f" -o "$TMPD/z.dat" --file-version 7 --compression zstd \
		>/dev/null 2>&1 || fail "trace-cmd convert of $(basename "$f") failed"
	same_outcome "$TMPD/z.dat" "$(basename "$f"), v7+zstd"
done
same_outcome "$TMPD/nopid-missed.dat" "nopid-missed.dat, messages" -q
[ "$(grep -c '^sh-events: ' "$TMPD/sync")" = 2 ] || fail "nopid-missed.dat: $(cat "$TMPD/sync")"

# the view's first records decide: a DATE option shifts libtracecmd's
# timestamps, so the pages are read through it, from the file (the view
# holds the first chunks alone); with empty pages first, the view holds the
# chunks up to the first event
python3 "$top_srcdir/tests/hostile/datgen.py" "$TMPD" date-offset empty-first-pages ||
	fail "datgen.py failed"
if command -v trace-cmd >/dev/null 2>&1; then
	for g in date-offset empty-first-pages; do
		trace-cmd convert -i "$TMPD/$g.dat" -o "$TMPD/$g-zstd.dat" --file-version 7 \
			--compression zstd >/dev/null 2>&1 || fail "trace-cmd convert of $g failed"
	done
	for g in date-offset:libtracecmd:file empty-first-pages:pages:view; do
		name=${g%%:*} reader=${g#*:} zopened=${reader#*:} reader=${reader%%:*}
		for f in "$TMPD/$name.dat" "$TMPD/$name-zstd.dat"; do
			opened=file
			case $f in *-zstd.dat) opened=$zopened ;; esac
			"$SH_EVENTS" -r "$f" > "$TMPD/default" 2>&1 || fail "$(basename "$f"): sh-events failed"
			SCHEDHANG_DAT_LIBTRACECMD=1 "$SH_EVENTS" "$f" > "$TMPD/lib" 2>&1 ||
				fail "$(basename "$f"): sh-events through libtracecmd failed"
			sed -n '1,2p' "$TMPD/default" | tr '\n' ' ' |
				grep -qx "# reader: $reader # libtracecmd opened: $opened " ||
				fail "$(basename "$f"): expected $reader from the $opened:" \
					"$(sed -n '1,2p' "$TMPD/default" | tr '\n' ' ')"
			sed -i '1,2d' "$TMPD/default"
			cmp -s "$TMPD/lib" "$TMPD/default" ||
				fail "$(basename "$f"): read otherwise than by libtracecmd alone:" \
					"$(diff "$TMPD/lib" "$TMPD/default" | head -5)"
			[ "$(grep -vc '^#' "$TMPD/default")" -ge 200 ] || fail "$(basename "$f"): too few events"
		done
	done
fi
echo "ok: $n trace.dat files read the same in place, through libtracecmd and read ahead"
