#!/bin/sh
# The screens shown in schedhang-tui(1) (SCREENS) are the tui's own: each
# must equal a headless dump of the same keys on the same trace, so the
# manual cannot drift from the program.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir

printf 'keys ]\ndump main\nkeys <Tab><Tab>\ndump events\nkeys <Enter>\ndump job\nkeys q?\ndump help\n' \
	>"$TMPD/script"
(cd "$top_srcdir/samples/traces" && SCHEDHANG_TUI_DUMPDIR="$TMPD" SCHEDHANG_TUI_SCRIPT="$TMPD/script" \
	"$SCHEDHANG" tui --ascii buggy-lost-wakeup.dat) || fail "headless tui failed"

# screen NAME FIRST LAST: lines FIRST..LAST (LAST 0: to the end) of a dump's
# text, trailing blanks cut, runs of blank lines squeezed, none at the end
screen() {
	sed -n '/^-- styles --$/q; p' "$TMPD/$1" | sed -n "$2,${3:-\$}p" | sed 's/ *$//' | cat -s |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
# the manual's blocks between ".ft CR" and ".ft", roff escapes undone
sed -n '/^\.ft CR$/,/^\.ft$/p' "$top_srcdir/man/schedhang-tui.1" |
	awk '/^\.ft CR$/ { n++; next } /^\.ft$/ { next } { print > (dir "/man." n) }' dir="$TMPD"
for f in "$TMPD"/man.*; do
	sed -i -e 's/^\\&//' -e 's/\\-/-/g' -e 's/\\e/\\/g' "$f"
done
{ screen main 1; } >"$TMPD/want.1"
{ screen events 10; } >"$TMPD/want.2"
{ screen job 1; } >"$TMPD/want.3"
{ screen help 1 8; } >"$TMPD/want.4"
for i in 1 2 3 4; do
	[ -f "$TMPD/man.$i" ] || fail "schedhang-tui(1) has no screen $i"
	diff -u "$TMPD/man.$i" "$TMPD/want.$i" || fail "screen $i of schedhang-tui(1) differs from the tui's"
done
echo "ok: 4 screens"
