#!/bin/sh
# formats: tracepoints/formats/schedhang/*.format must be what the header
# generates (gen-formats expands it the way the kernel does), and the header
# must be the one patch 0002 adds to the kernel. `make regen-formats`
# rewrites the format files; review the diff.
. "$top_srcdir/tests/lib/common.sh"

gen=$top_builddir/tracepoints/tests/gen-formats
header=$top_srcdir/tracepoints/include/trace/events/schedhang.h
formats=$top_srcdir/tracepoints/formats/schedhang
make_tmpdir

mkdir "$TMPD/gen" && "$gen" "$TMPD/gen" || fail "gen-formats failed"
diff -ru "$formats" "$TMPD/gen" ||
	fail "format files differ from the header (make regen-formats, then review)"

# The new file in the patch, without the leading '+' of each line.
patch=$(grep -l '^+++ b/include/trace/events/schedhang.h' \
	"$top_srcdir"/tracepoints/patches/0*.patch) ||
	fail "no patch adds include/trace/events/schedhang.h"
awk '/^\+\+\+ b\/include\/trace\/events\/schedhang.h/ { on = 1; next }
	on && /^(diff|--) / { on = 0 }
	on && /^@@/ { next }
	on && /^\+/ { print substr($0, 2) }' "$patch" >"$TMPD/patched.h"
diff -u "$header" "$TMPD/patched.h" ||
	fail "$(basename "$patch") does not add the same schedhang.h"
exit 0
