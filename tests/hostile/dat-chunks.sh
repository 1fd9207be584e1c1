#!/bin/sh
# zstd-compressed trace.dat files whose chunk tables are corrupt: a CPU's
# chunk count (0, 1, one more, 2^32-1), a chunk's compressed or decompressed
# size, its compressed bytes (dat-mutate.py, from two samples whose CPUs hold
# one chunk or several). Read both ways (pages in place, and through
# libtracecmd), each file is refused in one line (exit 3) or gives the
# sample's own report, byte for byte: never a shorter trace taken for the
# whole (libtracecmd ends a CPU at a chunk it cannot read). A corrupt count
# or size of a CPU's first chunk is refused before libtracecmd opens the
# file, which would allocate that size as it is (4 GiB: seconds of work).
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || skip "needs python3 (./quickstart installs it)"
make_tmpdir
n=0 refused=0 same=0
for s in buggy-lost-wakeup kernel-6.12-buggy; do
	mkdir "$TMPD/$s"
	"$SCHEDHANG" report "$top_srcdir/samples/traces/$s.dat" > "$TMPD/$s.out" 2>&1
	echo $? > "$TMPD/$s.rc"
	sed 1d "$TMPD/$s.out" > "$TMPD/$s.ref"	# less the line naming the file
	ONLY=chunk python3 "$top_srcdir/tests/hostile/dat-mutate.py" "$TMPD/$s" \
		"$top_srcdir/samples/traces/$s.dat" || fail "dat-mutate.py failed"
	for f in "$TMPD/$s"/chunk-*.dat; do
		for how in pages libtracecmd; do
			n=$((n + 1))
			dat_way $how
			timeout 20 "$SCHEDHANG" report "$f" > "$TMPD/out" 2> "$TMPD/err"
			rc=$?
			name="$(basename "$f") ($how)"
			grep -q 'Sanitizer\|runtime error' "$TMPD/err" &&
				fail "$name: $(head -c 2000 "$TMPD/err")"
			case $rc in
			3)	refused_clearly "$f" "$TMPD/err" ||
					fail "$name: exit 3 with: $(cat "$TMPD/err")"
				refused=$((refused + 1))
				echo "$name: $(cut -d: -f3- "$TMPD/err")" ;;
			124)	fail "$name: still running after 20 s" ;;
			*)	sed 1d "$TMPD/out" | cmp -s - "$TMPD/$s.ref" && [ -s "$TMPD/$s.ref" ] &&
					[ $rc = "$(cat "$TMPD/$s.rc")" ] && [ ! -s "$TMPD/err" ] ||
					fail "$name: exit $rc and a report that is not the sample's:" \
					     "$(sed 1d "$TMPD/out" | diff "$TMPD/$s.ref" - | head -20)" \
					     "$(head -c 2000 "$TMPD/err")"
				same=$((same + 1))
				echo "$name: the sample's report" ;;
			esac
			case $f in
			*-0-csize0.dat|*-0-csizemax.dat|*-0-usize0.dat|*-0-usizemax.dat|*-count0.dat)
				grep -q -E "corrupt trace\.dat: CPU [0-9]+ (chunk|data) at offset [0-9]+" \
					"$TMPD/err" ||
					fail "$name: not refused from the chunk table: $(cat "$TMPD/err")" ;;
			esac
		done
	done
done
# 4 counts + 5 mutations of up to two chunks, for each CPU of each sample
[ $n -ge 90 ] || fail "only $n readings of corrupt chunk tables"
[ $refused -ge 80 ] || fail "only $refused of $n readings refused"
echo "$n readings: $refused refused, $same the sample's report"
