#!/bin/sh
# The reach table (src/detect/reach.c, what `record` announces and `record
# --check` prints) is an upper bound of what report finds: on every sample
# trace, as recorded and restricted to the stock events, no finding is more
# confident than the trace's schemas allow (degraded counts as suspected),
# and no class the table calls "none" is reported at all.
. "$top_srcdir/tests/lib/common.sh"
command -v jq >/dev/null || skip "needs jq"
make_tmpdir
REACH=${REACH:-$top_builddir/tests/tools/reach}

rank() {
	case $1 in proven) echo 2 ;; suspected|degraded) echo 1 ;; *) echo 0 ;; esac
}

checked=0
# the trace.dat forms: the text forms of the same scenarios give the same
# findings (tests/golden/dat-forms.sh, the golden cases)
for t in "$top_srcdir"/samples/traces/*.dat; do
	for view in all stock; do
		"$SCHEDHANG" report --events $view --format json "$t" > "$TMPD/r.json" 2>/dev/null
		[ $? -le 1 ] || continue	# --events stock on a trace without stock events
		jq -r '.input.schemas[]' "$TMPD/r.json" > "$TMPD/schemas"
		# shellcheck disable=SC2046
		(IFS='
'; "$REACH" $(cat "$TMPD/schemas")) > "$TMPD/reach" || fail "reach failed on $t"
		jq -r '.findings[] | "\(.class) \(.confidence)"' "$TMPD/r.json" | sort -u |
		while read -r cls conf; do
			max=$(awk -v c="$cls" '$1 == c { print $2 }' "$TMPD/reach")
			[ "$(rank "$conf")" -le "$(rank "$max")" ] ||
				fail "$(basename "$t") --events $view: $cls $conf, but the table says $max for $(tr '\n' ' ' < "$TMPD/schemas")"
			echo "ok: $(basename "$t") $view: $cls $conf <= $max"
		done || exit 1
		checked=$((checked + 1))
	done
done
[ $checked -gt 20 ] || fail "only $checked traces checked"
echo "checked $checked trace views"
