#!/bin/sh
# apply: the series, then the revert, apply cleanly to Debian's
# linux-source-6.12 (dry run on an unpacked copy of the touched files).
# Skips when the package is not installed: it is too heavy for ./quickstart.
. "$top_srcdir/tests/lib/common.sh"

tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
[ -r "$tarball" ] ||
	skip "$tarball not found (apt-get install linux-source-6.12 to run this check)"
command -v patch >/dev/null || skip "patch is not installed"
make_tmpdir

series=$top_srcdir/tracepoints/patches
files=$(sed -n 's,^--- a/\([^	]*\).*,linux-source-6.12/\1,p' \
	"$series"/0*.patch "$series"/revert-spsc-fix/0*.patch | sort -u)
# shellcheck disable=SC2086
tar -C "$TMPD" -xJf "$tarball" $files || fail "cannot unpack $files from $tarball"
tree=$TMPD/linux-source-6.12

# patch --dry-run cannot chain patches; apply for real in the scratch copy.
for p in "$series"/0*.patch "$series"/revert-spsc-fix/0*.patch; do
	patch -d "$tree" -p1 -s --forward --no-backup-if-mismatch <"$p" ||
		fail "$(basename "$p") does not apply to $(basename "$tarball")"
done
grep -q 'trace_schedhang_push' "$tree/drivers/gpu/drm/scheduler/sched_entity.c" ||
	fail "series applied but schedhang_push is not placed"
exit 0
