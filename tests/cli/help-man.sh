#!/bin/sh
# 'schedhang help CMD' shows the command's manual page; every command has one.
. "$top_srcdir/tests/lib/common.sh"
command -v man >/dev/null 2>&1 || skip "man(1) is not installed"
make_tmpdir

for cmd in record report tui help; do
	MANWIDTH=100 "$SCHEDHANG" help "$cmd" >"$TMPD/out" 2>"$TMPD/err" ||
		fail "schedhang help $cmd exited $?"
	grep -q "^SYNOPSIS" "$TMPD/out" || fail "schedhang help $cmd: no SYNOPSIS in $(head -c 300 "$TMPD/out")"
	grep -q "schedhang $cmd" "$TMPD/out" || fail "schedhang help $cmd: not its page"
	[ ! -s "$TMPD/err" ] || fail "schedhang help $cmd: unexpected stderr: $(cat "$TMPD/err")"
done
# The top-level page renders too.
man -l "$top_srcdir/man/schedhang.1" 2>/dev/null | grep -q "EXIT STATUS" || fail "schedhang.1 does not render"
echo "ok"
