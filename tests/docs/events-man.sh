#!/bin/sh
# man/schedhang-events.7 documents exactly the schedhang_* events, fields
# (in order) and enumerations (names and numbers) of src/core/event.h's tables,
# as tracepoints/tests/gen-formats prints them from the compiled tables.
. "$top_srcdir/tests/lib/common.sh"
gen=$top_builddir/tracepoints/tests/gen-formats
page=$top_srcdir/man/schedhang-events.7
[ -x "$gen" ] || fail "missing $gen"
make_tmpdir

# roff of a section: from ".SH NAME" to the next .SH
section() {
	sed -n "/^\.SH $1\$/,/^\.SH /p" "$page" | sed '$d'
}

# EVENTS: ".TP" + ".B schedhang_x" opens an event; inside its .RS block each
# ".TP" is followed by ".B field" or ".BR f1 \", \" f2 ...". "EVENT FIELD"
# lines, in the page's order.
section EVENTS | sed -e 's/\\-/-/g' | awk '
	/^\.RS/ { rs = 1; next }
	/^\.RE/ { rs = 0; next }
	/^\.TP/ { tp = 1; next }
	tp && /^\.BR? / {
		tp = 0
		line = $0
		sub(/^\.BR? /, "", line)
		gsub(/"[^"]*"/, " ", line)
		n = split(line, w, " ")
		if (!rs) { ev = w[1]; next }
		for (i = 1; i <= n; i++) print ev, w[i]
		next
	}
	{ tp = 0 }' >"$TMPD/man-fields"
[ -s "$TMPD/man-fields" ] || fail "no events found in the EVENTS section of $page"

"$gen" --fields >"$TMPD/fields" || fail "gen-formats --fields failed"
# string fields: in the page, anywhere in their event's list
grep ' string$' "$TMPD/fields" | sed 's/ string$//' | sort >"$TMPD/want"
grep -F -x -f "$TMPD/want" "$TMPD/man-fields" | sort >"$TMPD/got"
diff -u "$TMPD/want" "$TMPD/got" || fail "string fields of src/core/event.h missing from the page"
# integer fields: the same, in the same order
grep -v ' string$' "$TMPD/fields" >"$TMPD/want"
grep -v -F -x -f "$TMPD/got" "$TMPD/man-fields" >"$TMPD/got-int"
diff -u "$TMPD/want" "$TMPD/got-int" ||
	fail "events and fields of $page differ from src/core/event.h (- event.h, + page)"
echo "ok: $(cut -d' ' -f1 "$TMPD/fields" | sort -u | wc -l) events, $(wc -l <"$TMPD/fields") fields"

# ENUMERATIONS: ".SS event.field" then a table of "VALUE<tab>NAME<tab>text"
section ENUMERATIONS | awk -F '\t' '
	/^\.SS / {
		split($0, a, " ")
		field = a[2]
		sub(/^[^.]*\./, "", field)
		t = "UNKNOWN-" field
		if (field == "which") t = "KICK_WHICH"
		if (field == "reason") t = "KICK_REASON"
		if (field == "outcome") t = "OUTCOME"
		if (field == "action") t = "DEP_ACTION"
		if (field == "state") t = "STATE"
		next
	}
	/^[0-9]+\t/ { print t, $1, $2 }' | sort >"$TMPD/man-enums"
"$gen" --enums | sort >"$TMPD/enums" || fail "gen-formats --enums failed"
diff -u "$TMPD/enums" "$TMPD/man-enums" ||
	fail "enumerations of $page differ from src/core/event.h (- event.h, + page)"
echo "ok: $(wc -l <"$TMPD/enums") enumeration values"

# every enumeration field of the page is one of the events' fields
for f in $(section ENUMERATIONS | sed -n 's/^\.SS //p'); do
	grep -qx "${f%%.*} ${f#*.}" "$TMPD/fields" || fail "enumeration $f: no such field"
done
exit 0
