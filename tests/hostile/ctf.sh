#!/bin/sh
# CTF folders on which babeltrace2 2.0.4 itself aborts (an assertion in its
# CTF message iterator): schedhang reads a CTF trace in a forked probe child
# first (src/read/source-ctf.c), so it reports one line naming the folder and
# exits 3 instead of dying.
. "$top_srcdir/tests/ctf/ctf-lib.sh"
make_tmpdir

crashes() {	# DIR: babeltrace2 alone dies of a signal on DIR (else the case proves nothing)
	babeltrace2 "$1" >/dev/null 2>&1
	[ $? -gt 128 ] || skip "babeltrace2 $(babeltrace2 --version | head -1) does not crash on $1"
}

corrupt() {	# DIR: exit 3, one line
	timeout 10 "$SCHEDHANG" report "$1" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	[ $rc = 124 ] && fail "$1: hangs"
	[ $rc = 3 ] || fail "$1: exit $rc: $(cat "$TMPD/err")"
	[ ! -s "$TMPD/out" ] || fail "$1: stdout: $(cat "$TMPD/out")"
	[ "$(cat "$TMPD/err")" = "schedhang report: cannot read '$1': corrupt CTF trace (babeltrace2 crashed opening it)" ] ||
		fail "$1: stderr: $(cat "$TMPD/err")"
}

# the first packet's 64-bit packet_size (after magic, uuid, stream_id and
# stream_instance_id: bytes 36-43), then its content_size (44-51), with the
# sign bit set: babeltrace2 asserts on the negative size while indexing
for f in packet_size:43 content_size:51; do
	d=$TMPD/${f%:*}
	make_ctf spsc-race "$d"
	printf '\200' | dd of="$d/trace/stream" bs=1 seek="${f#*:}" conv=notrunc 2>/dev/null
	crashes "$d"
	corrupt "$d"
done
echo ok
