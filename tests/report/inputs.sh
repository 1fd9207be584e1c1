#!/bin/sh
# The inputs users have: a text trace on standard input ("-"), gzip, xz and
# zstd compressed text traces (read by content, whatever their names), and a
# clear one-line error (exit 3) for a trace.dat from a pipe or compressed, and
# for compressed data that is cut or corrupt.
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null || skip "needs jq"
make_tmpdir

text=$top_srcdir/samples/traces/buggy-manual-kick-tracefs.txt
dat=$top_srcdir/samples/traces/fixed-no-stall.dat

# the findings and tables of a report, without the input's name and format
body() { jq -c 'del(.input.path, .input.format)' "$1"; }

"$SCHEDHANG" report --format json "$text" > "$TMPD/plain.json"
[ $? -le 1 ] || fail "plain text report failed"
body "$TMPD/plain.json" > "$TMPD/want"

# one_of NAME: report NAME, same analysis as the plain file
same() {
	"$SCHEDHANG" report --format json "$@" > "$TMPD/got.json" 2> "$TMPD/err"
	[ $? -le 1 ] || fail "report $*: $(cat "$TMPD/err")"
	body "$TMPD/got.json" | cmp -s - "$TMPD/want" || fail "report $*: another analysis than the plain file"
}

same - < "$text"
jq -e '.input.format == "ftrace text (standard input)"' "$TMPD/got.json" > /dev/null ||
	fail "standard input: format $(jq .input.format "$TMPD/got.json")"
for codec in gzip xz zstd; do
	command -v $codec > /dev/null || skip "needs $codec"
	$codec -c < "$text" > "$TMPD/t.$codec"
	same "$TMPD/t.$codec"
	jq -e --arg c "$codec" '.input.format == "ftrace text (\($c))"' "$TMPD/got.json" > /dev/null ||
		fail "$codec: format $(jq .input.format "$TMPD/got.json")"
	same - < "$TMPD/t.$codec"
	# cut in the middle, or flipped: one line, exit 3, naming the codec
	size=$(wc -c < "$TMPD/t.$codec")
	head -c $((size / 2)) "$TMPD/t.$codec" > "$TMPD/cut.$codec"
	"$SCHEDHANG" report "$TMPD/cut.$codec" > /dev/null 2> "$TMPD/err"
	rc=$?
	[ $rc = 3 ] || fail "cut $codec: exit $rc"
	[ "$(wc -l < "$TMPD/err")" = 1 ] && grep -q "corrupt or truncated $codec data" "$TMPD/err" ||
		fail "cut $codec: $(cat "$TMPD/err")"
done

# trace.dat: seekable and uncompressed only, said in one line
"$SCHEDHANG" report - < "$dat" > /dev/null 2> "$TMPD/err"
rc=$?
[ $rc = 3 ] && [ "$(wc -l < "$TMPD/err")" = 1 ] && grep -q "seekable" "$TMPD/err" ||
	fail "trace.dat on a pipe: exit $rc: $(cat "$TMPD/err")"
zstd -q -c < "$dat" > "$TMPD/t.dat.zst"
"$SCHEDHANG" report "$TMPD/t.dat.zst" > /dev/null 2> "$TMPD/err"
rc=$?
[ $rc = 3 ] && grep -q "decompress it first" "$TMPD/err" || fail "compressed trace.dat: exit $rc: $(cat "$TMPD/err")"
# not a trace at all, on standard input
echo "hello" | "$SCHEDHANG" report - > /dev/null 2> "$TMPD/err"
rc=$?
[ $rc = 3 ] && [ "$(wc -l < "$TMPD/err")" = 1 ] || fail "garbage on stdin: exit $rc: $(cat "$TMPD/err")"
echo "ok"
