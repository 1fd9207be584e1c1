#!/bin/sh
# Each command's --help synopsis ("usage:" and "   or:" lines) must equal the
# SYNOPSIS of its man page, so the two cannot drift apart (git's t0450).
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir

# The man page's SYNOPSIS lines, font escapes and roff requests removed.
man_synopsis() {
	sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$1" |
		sed -e '/^\.SH/d' -e '/^\.nf/d' -e '/^\.fi/d' \
		    -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(em/--/g' -e 's/\\\\/\\/g'
}

# The usage lines of --help, with their "usage: " or "   or: " lead removed.
help_synopsis() {
	"$SCHEDHANG" $1 --help | sed -n -e 's/^usage: //p' -e 's/^   or: //p'
}

status=0
for page in "$top_srcdir"/man/schedhang-*.1 "$top_srcdir"/man/schedhang.1; do
	name=$(basename "$page" .1)
	cmd=${name#schedhang}
	cmd=${cmd#-}
	man_synopsis "$page" >"$TMPD/man"
	help_synopsis "$cmd" >"$TMPD/help" || fail "schedhang $cmd --help failed"
	[ -s "$TMPD/man" ] || fail "$name.1 has no SYNOPSIS"
	if diff -u "$TMPD/man" "$TMPD/help" >"$TMPD/diff"; then
		echo "ok: $name"
	else
		echo "synopsis of $name.1 differs from 'schedhang $cmd --help':"
		cat "$TMPD/diff"
		status=1
	fi
done
exit $status
