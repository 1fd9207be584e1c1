# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# kernel-tree.sh: shell functions shared by check-build and e2e/run to keep
# patched Linux trees from Debian's linux-source-6.12 tarball (bash, sourced).
# The sourcing script sets KT_TARBALL and defines die MESSAGE [STATUS].

KT_TOP=linux-source-6.12

# kt_unpack DIR: unpack the tarball into DIR/$KT_TOP unless already done.
kt_unpack() {
	local tree=$1/$KT_TOP
	[ -e "$tree/.schedhang-unpacked" ] && return 0
	rm -rf "$tree"
	mkdir -p "$1"
	tar -C "$1" -xJf "$KT_TARBALL" || die "cannot unpack '$KT_TARBALL' into '$1'"
	touch "$tree/.schedhang-unpacked"
}

# kt_touched PATCH...: the files the patches touch or create, one per line.
kt_touched() {
	sed -n 's,^\(---\|+++\) [ab]/\([^	]*\).*,\2,p' "$@" | sort -u
}

# kt_restore DIR FILE...: put the tarball's version of each FILE back into
# DIR/$KT_TOP (and delete those the tarball lacks, i.e. files a patch
# creates), so that a previous run's patches never leak into this one.
# The restored files get a new mtime so that make rebuilds what uses them.
kt_restore() {
	local dir=$1 f members=()
	shift
	for f in "$@"; do
		rm -f "$dir/$KT_TOP/$f"
		members+=("$KT_TOP/$f")
	done
	# tar complains about the members it lacks, which is expected.
	tar -C "$dir" -xJf "$KT_TARBALL" "${members[@]}" 2>/dev/null || true
	for f in "$@"; do
		[ -e "$dir/$KT_TOP/$f" ] && touch "$dir/$KT_TOP/$f"
	done
	return 0
}

# kt_apply TREE PATCH...: apply the patches in order, or die. Line offsets
# are accepted, fuzz is not: a patch that applies both on top of the
# schedhang series and to the plain tree must apply exactly to both.
kt_apply() {
	local tree=$1 p
	shift
	for p in "$@"; do
		patch -d "$tree" -p1 -s --forward --fuzz=0 --no-backup-if-mismatch <"$p" ||
			die "'$(basename "$p")' does not apply to $KT_TOP"
	done
}

# kt_make TREE JOBS ARG...: make in TREE for x86_64.
kt_make() {
	local tree=$1 jobs=$2
	shift 2
	make -C "$tree" -j"$jobs" ARCH=x86_64 "$@"
}
