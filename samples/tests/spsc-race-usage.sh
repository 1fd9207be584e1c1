#!/bin/sh
# spsc-race: help and usage errors
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
"$SPSC_RACE" --help > "$TMPD/help" || fail "--help exited $?"
grep -q '^usage: spsc-race' "$TMPD/help" || fail "--help prints no usage"
for bad in "--variant nope" "--jobs x" "--entities 0" "--stall-ms -1" "--cross-deps" "extra"; do
	# shellcheck disable=SC2086
	"$SPSC_RACE" $bad > /dev/null 2> "$TMPD/err" && fail "'$bad' was accepted"
	st=$?
	[ $st = 2 ] || fail "'$bad' exited $st, not 2"
	grep -q 'spsc-race: ' "$TMPD/err" || fail "'$bad': no diagnostic"
done
echo "PASS"
