#!/bin/sh
# The CTF sample samples/traces/spsc-race-ctf: `schedhang report` prints its
# expected report (spsc-race-ctf.report.txt), sink.schedhang.report inside
# babeltrace2 the same findings, the example of babeltrace2-plugin-schedhang(7)
# shows what the plugin prints, and the sample still holds the events of the
# scenario it was made from (samples/gen-ctf-sample).
. "$top_srcdir/tests/ctf/ctf-lib.sh"
make_tmpdir
sample=samples/traces/spsc-race-ctf
want=$top_srcdir/$sample.report.txt
[ -f "$top_srcdir/$sample/metadata" ] || fail "no CTF sample in $top_srcdir/$sample"
size=$(cat "$top_srcdir/$sample"/* | wc -c)
[ "$size" -lt 65536 ] || fail "the CTF sample is $size bytes; it should stay small"

# schedhang report, run from the top of the tree as the expected file was
(cd "$top_srcdir" && "$SCHEDHANG" report "$sample") >"$TMPD/out" 2>"$TMPD/err"
status=$?
[ "$status" = 1 ] || fail "schedhang report exited $status (want 1: findings)"
[ ! -s "$TMPD/err" ] || fail "stderr: $(cat "$TMPD/err")"
diff -u "$want" "$TMPD/out" || fail "report of the CTF sample differs from $sample.report.txt"

# the babeltrace2 plugin: the same report, input header aside
bt2 --plugin-path="$PLUGIN_DIR" "$top_srcdir/$sample" -c sink.schedhang.report >"$TMPD/bt2" ||
	fail "babeltrace2 sink.schedhang.report failed on the sample"
strip_text <"$want" >"$TMPD/want"
strip_text <"$TMPD/bt2" | diff -u "$TMPD/want" - || fail "the plugin's report differs"

# the man page's example: its command is this one, its output lines appear in order
page=$top_srcdir/man/babeltrace2-plugin-schedhang.7
sed -n '/^\$ babeltrace2 .*spsc\\-race\\-ctf \\-c sink.schedhang.report$/,/^\.RE/p' "$page" |
	sed -e '1d;$d' -e 's/\\-/-/g' -e 's/^\\&//' >"$TMPD/example"
[ -s "$TMPD/example" ] || fail "no spsc-race-ctf example in $page"
: >"$TMPD/rest"
cp "$TMPD/bt2" "$TMPD/rest"
while IFS= read -r line; do
	[ "$line" = ... ] && continue
	n=$(grep -n -x -F -- "$line" "$TMPD/rest" | head -1 | cut -d: -f1)
	[ -n "$n" ] || fail "man page example line not in the output (or out of order): '$line'"
	tail -n +$((n + 1)) "$TMPD/rest" >"$TMPD/rest2" && mv "$TMPD/rest2" "$TMPD/rest"
done <"$TMPD/example"

# the sample is the scenario: the same events as a fresh conversion
make_ctf spsc-race "$TMPD/fresh"
babeltrace2 "$TMPD/fresh" >"$TMPD/fresh.txt" || fail "cannot read the fresh conversion"
babeltrace2 "$top_srcdir/$sample" | diff -u "$TMPD/fresh.txt" - ||
	fail "the sample no longer matches tests/golden/traces/spsc-race.txt (samples/gen-ctf-sample)"
echo ok
