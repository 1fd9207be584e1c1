#!/bin/sh
# enums: the kernel's numbering of the contract enumerations (the
# SCHEDHANG_* enums of the header, DRM_SCHED_KICK_* in the series) must be
# src/core/event.h's, value for value and name for name, in both directions.
. "$top_srcdir/tests/lib/common.sh"

gen=$top_builddir/tracepoints/tests/gen-formats
header=$top_srcdir/tracepoints/include/trace/events/schedhang.h
make_tmpdir

"$gen" --enums | sort >"$TMPD/event.h.txt" || fail "gen-formats --enums failed"
{
	sed -n 's/^\tSCHEDHANG_\(KICK_WHICH\|OUTCOME\|DEP_ACTION\|STATE\)_\([A-Z_]*\) = \([0-9]*\),.*/\1 \3 \2/p' \
		"$header"
	cat "$top_srcdir"/tracepoints/patches/0*.patch |
		sed -n 's/^+\tDRM_SCHED_KICK_\([A-Z_]*\) = \([0-9]*\),.*/KICK_REASON \2 \1/p'
} | sort >"$TMPD/kernel.txt"
[ -s "$TMPD/kernel.txt" ] || fail "no enumerations found in the header or the patches"
diff -u "$TMPD/event.h.txt" "$TMPD/kernel.txt" ||
	fail "kernel enumerations differ from src/core/event.h (- event.h, + kernel)"
exit 0
