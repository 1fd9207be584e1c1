#!/bin/sh
# Bad CTF input: one clear line naming the folder, exit 3, never an abort.
. "$top_srcdir/tests/ctf/ctf-lib.sh"
make_tmpdir

one_error() {	# DIR PATTERN
	"$SCHEDHANG" report "$1" >"$TMPD/out" 2>"$TMPD/err"
	status=$?
	[ "$status" = 3 ] || fail "$1: exit $status, stderr: $(cat "$TMPD/err")"
	[ ! -s "$TMPD/out" ] || fail "$1: stdout: $(cat "$TMPD/out")"
	[ "$(wc -l <"$TMPD/err")" = 1 ] || fail "$1: not one line: $(cat "$TMPD/err")"
	grep -q "^schedhang report: cannot read '$1': $2" "$TMPD/err" || fail "$1: $(cat "$TMPD/err")"
}

mkdir "$TMPD/empty"
one_error "$TMPD/empty" "a directory without a CTF 'metadata' file"
"$SCHEDHANG" report --input-format ctf "$GOLDEN/traces/spsc-race.txt" 2>"$TMPD/err"
[ $? = 3 ] && grep -q "a CTF trace is a directory" "$TMPD/err" || fail "ctf on a file"

make_ctf spsc-race "$TMPD/bad"
echo 'this is not CTF metadata {' >"$TMPD/bad/trace/metadata"
one_error "$TMPD/bad" "not a readable CTF trace"

make_ctf spsc-race "$TMPD/trunc"
for f in "$TMPD"/trunc/trace/stream*; do
	head -c 100 "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
one_error "$TMPD/trunc" "not a readable CTF trace: failed to index CTF stream file"
# garbage inside a packet: found while reading, after the graph started
make_ctf spsc-race "$TMPD/garbage"
f=$(ls "$TMPD"/garbage/trace/stream* | head -1)
tr '\000' '\377' </dev/zero | head -c 700 | dd of="$f" bs=1 seek=200 conv=notrunc 2>/dev/null
one_error "$TMPD/garbage" "cannot decode the CTF data: "
echo ok
