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
	SCHEDHANG_DAT_LIBTRACECMD=1 "$SH_EVENTS" -r "$f" > "$TMPD/lib" 2>&1 ||
		fail "$name: sh-events through libtracecmd failed"
	sed -n '1p' "$TMPD/lib" | grep -qx '# reader: libtracecmd' ||
		fail "$name: SCHEDHANG_DAT_LIBTRACECMD=1 did not select libtracecmd"
	diff -u "$TMPD/lib" "$TMPD/default" | sed '/^[-+]# reader:/d' | grep -q '^[-+][^-+]' &&
		fail "$name: the two readers disagree: $(diff "$TMPD/lib" "$TMPD/default" | head -5)"
	"$SH_EVENTS" -r -a "$f" > "$TMPD/ahead" 2>&1 || fail "$name: sh-events -a failed"
	cmp -s "$TMPD/default" "$TMPD/ahead" ||
		fail "$name: reading ahead changed the output: $(diff "$TMPD/default" "$TMPD/ahead" | head -5)"
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
{ head -c 20000 "$top_srcdir/samples/traces/buggy-lost-wakeup.dat"; } > "$TMPD/cut.dat"
"$SH_EVENTS" "$TMPD/cut.dat" > "$TMPD/sync" 2>&1; rs=$?
"$SH_EVENTS" -a "$TMPD/cut.dat" > "$TMPD/ahead" 2>&1; ra=$?
[ $rs = $ra ] && cmp -s "$TMPD/sync" "$TMPD/ahead" ||
	fail "truncated file: reading ahead changed the outcome ($rs vs $ra)"
echo "ok: $n trace.dat files read the same in place, through libtracecmd and read ahead"
