#!/bin/sh
# The KEYS section of schedhang-tui(1) must list what the ? screen lists (which
# is generated from the key table that dispatches keys), so they cannot drift.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir

printf 'resize 120x60\nkeys ?\ndump help\n' >"$TMPD/script"
(cd "$top_srcdir/tests/golden/traces" &&
	SCHEDHANG_TUI_DUMPDIR="$TMPD" SCHEDHANG_TUI_SCRIPT="$TMPD/script" "$SCHEDHANG" tui spsc-race.txt) ||
	fail "headless tui failed"
# help lines: "  KEYS         help text" -> "KEYS|help text"
sed -n '2,/^$/p' "$TMPD/help" | grep -v '^$' |
	sed -E -e 's/^  (.{12}) (.*)$/\1|\2/' -e 's/ +\|/|/' >"$TMPD/help.keys"
# man lines: .B "KEYS" then the text, roff escapes undone
sed -n '/^\.SH KEYS/,/^\.SH OPTIONS/p' "$top_srcdir/man/schedhang-tui.1" |
	awk '/^\.B "/ { k = substr($0, 5, length($0) - 5); getline; print k "|" $0 }' |
	sed -e 's/\\(aq/'"'"'/g' -e 's/\\-/-/g' -e 's/\\\\/\\/g' >"$TMPD/man.keys"
[ -s "$TMPD/help.keys" ] || fail "no key in the help screen"
diff -u "$TMPD/man.keys" "$TMPD/help.keys" || fail "schedhang-tui(1) KEYS differ from the ? screen"
echo "ok: $(wc -l <"$TMPD/help.keys") keys documented"
