#!/bin/sh
# Headless tui runs (SCHEDHANG_TUI_SCRIPT) on the sample traces: every screen
# dump must equal tests/tui/expect/CASE/NAME. REGEN=1 rewrites the expected
# dumps (review the diff). The trace is tests/golden/traces/CASE.txt (without
# an -ascii suffix, which adds --ascii) unless a "#trace: FILE" line names it;
# options are on a "#args: ..." line.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir

traces="$top_srcdir/tests/golden/traces"
status=0
for script in "$top_srcdir"/tests/tui/cases/*.script; do
	name=$(basename "$script" .script)
	trace=$(sed -n 's/^#trace: //p' "$script")
	trace=${trace:-${name%-ascii}.txt}
	args=$(sed -n 's/^#args: //p' "$script")
	case $name in *-ascii) args="$args --ascii" ;; esac
	out="$TMPD/$name"
	mkdir -p "$out"
	# relative trace path: dumps hold no absolute path
	(cd "$traces" && SCHEDHANG_TUI_DUMPDIR="$out" SCHEDHANG_TUI_SCRIPT="$script" \
		"$SCHEDHANG" tui $args "$trace") >"$out.stdout" 2>"$out.stderr"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$out.stdout" ] || [ -s "$out.stderr" ]; then
		echo "FAIL: $name: exit $rc"; cat "$out.stdout" "$out.stderr"; status=1; continue
	fi
	expect="$top_srcdir/tests/tui/expect/$name"
	if [ -n "$REGEN" ]; then
		rm -rf "$expect"; mkdir -p "$expect"; cp "$out"/* "$expect"/
		echo "regenerated: $name"; continue
	fi
	[ "$(ls "$out")" = "$(ls "$expect" 2>/dev/null)" ] ||
		{ echo "FAIL: $name: dumps $(ls "$out" | tr '\n' ' ') differ from the expected set"; status=1; }
	for f in "$expect"/*; do
		if diff -u "$f" "$out/$(basename "$f")"; then
			echo "ok: $name/$(basename "$f")"
		else
			status=1
		fi
	done
done

# a bad script line is an error naming the script and line, exit 3
printf 'keys ]\nbogus\n' >"$TMPD/bad.script"
(cd "$traces" && SCHEDHANG_TUI_SCRIPT="$TMPD/bad.script" "$SCHEDHANG" tui spsc-race.txt) 2>"$TMPD/bad.err"
rc=$?
if [ $rc -eq 3 ] && grep -q "bad.script:2: expected 'keys TEXT'" "$TMPD/bad.err"; then
	echo "ok: bad script line"
else
	echo "FAIL: bad script line: exit $rc"; cat "$TMPD/bad.err"; status=1
fi
exit $status
