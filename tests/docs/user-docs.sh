#!/bin/sh
# User documents describe the software for its users: no process notes (who
# asked for what, notes to a lead, stand-ins "until" a feature exists),
# no issue numbers, no references to documents users do not have, and
# examples that work as written (an ssh command running the tui needs -t; a
# --plugin-path example must not point at the directory babeltrace2 already
# searches). The patterns are split so that this file does not match itself.
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
cd "$top_srcdir" || exit 99

docs="README samples/README bench/RESULTS.md tracepoints/README"
for f in man/*.[1-9]; do docs="$docs $f"; done
[ -d debian ] && for f in debian/README*; do [ -e "$f" ] && docs="$docs $f"; done

the=the
pat="$the issue|issue #?[0-9]|for $the lead|observations for|stand-in|stand in until"
pat="$pat|until .?schedhang record|kernel referenc[e]|referenc[e] §|TO""DO:|FIX""ME|X""XX"
pat="$pat|$the brief|as requested"

status=0
for f in $docs; do
	[ -f "$f" ] || fail "missing user document $f"
	# roff escapes out of the way: \- is -, \fB...\fR fonts
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/-/g' "$f" >"$TMPD/plain"
	grep -n -i -E -- "$pat" "$TMPD/plain" | sed "s|^|$f:|" >>"$TMPD/hits"
	# ssh running the tui without a terminal (-t)
	grep -n -E -- "ssh .*schedhang.* tui" "$TMPD/plain" | grep -v -E -- "ssh( +-[a-zA-Z]+)* +-[a-zA-Z]*t" |
		sed "s|^|$f: ssh without -t: |" >>"$TMPD/hits"
	# --plugin-path at the system plugin directory: babeltrace2 looks there anyway
	grep -n -E -- "plugin-path[= ]+['\"]?/usr/(local/)?lib[^ ]*/babeltrace2/plugins" "$TMPD/plain" |
		sed "s|^|$f: --plugin-path at the system directory: |" >>"$TMPD/hits"
done
if [ -s "$TMPD/hits" ]; then
	cat "$TMPD/hits"
	status=1
fi
[ $status = 0 ] && echo "ok: $(echo $docs | wc -w) user documents"
exit $status
