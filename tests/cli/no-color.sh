#!/bin/sh
# report colours its text on a terminal unless NO_COLOR is set and not empty
# (https://no-color.org); --color always still colours, --color never never.
. "$top_srcdir/tests/lib/common.sh"
command -v script >/dev/null 2>&1 || skip "needs script(1) for a terminal"
make_tmpdir
trace="$top_srcdir/tests/golden/traces/spsc-race.txt"

# escapes ENV... -- ARGS: ESC bytes report writes on a pseudo-terminal
escapes() {
	script -qec "env $* '$SCHEDHANG' report '$trace'" /dev/null >"$TMPD/out" 2>&1
	tr -cd '\033' <"$TMPD/out" | wc -c
}

[ "$(escapes NO_COLOR=)" -gt 0 ] || fail "no colour on a terminal (NO_COLOR empty)"
[ "$(escapes -u NO_COLOR)" -gt 0 ] || fail "no colour on a terminal"
[ "$(escapes NO_COLOR=1)" = 0 ] || fail "colour with NO_COLOR=1"
[ "$(escapes NO_COLOR=0)" = 0 ] || fail "colour with NO_COLOR=0 (any value counts)"
script -qec "env NO_COLOR=1 '$SCHEDHANG' report --color always '$trace'" /dev/null >"$TMPD/out" 2>&1
grep -q "$(printf '\033')" "$TMPD/out" || fail "--color always must win over NO_COLOR"
"$SCHEDHANG" report --color always "$trace" | grep -q "$(printf '\033')" ||
	fail "--color always off a terminal"
echo "ok: NO_COLOR honoured"
