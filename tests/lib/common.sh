# Shared helpers for shell tests; source it: . "$top_srcdir/tests/lib/common.sh"
# Exit statuses follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

: "${top_srcdir:?top_srcdir not set (run through make check)}"
: "${SCHEDHANG:?SCHEDHANG not set (run through make check)}"

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Tests that record need root and a writable tracefs with uprobes, and that
# SCHEDHANG_NO_TRACING is unset (package builds set it: no tracing there).
require_tracing() {
	[ -z "${SCHEDHANG_NO_TRACING:-}" ] || skip "SCHEDHANG_NO_TRACING is set: no recording here"
	[ "$(id -u)" = 0 ] || skip "needs root to record (running as uid $(id -u))"
	tracefs=/sys/kernel/tracing
	if [ ! -e "$tracefs/uprobe_events" ]; then
		mount -t tracefs nodev "$tracefs" 2>/dev/null || true
	fi
	[ -w "$tracefs/uprobe_events" ] || skip "needs tracefs with uprobes at $tracefs"
}

# A private temporary folder, removed on exit whatever happens.
make_tmpdir() {
	TMPD=$(mktemp -d "${TMPDIR:-/tmp}/schedhang-test.XXXXXX") || exit 99
	trap 'rm -rf "$TMPD"' EXIT
}

# Tests that create uprobe events in group schedhang (the contract's names,
# shared machine-wide) take this lock first, so that two of them never hold
# the same names at once; it is released when the test exits.
lock_uprobes() {
	command -v flock >/dev/null 2>&1 || skip "flock(1) is needed to serialize uprobe tests"
	exec 9>"${TMPDIR:-/tmp}/schedhang-tests-uprobes.lock"
	flock -w 900 9 || skip "another test held the schedhang uprobe names for 15 minutes"
}

# Every test that runs `schedhang record` takes this lock shared (lock_recorders);
# record-stale.sh takes it exclusive (lock_recorders -x): a recorder starting
# cleans up after every dead one, so another test's recorder would otherwise
# clean up the dead recorder that record-stale.sh leaves for its own.
lock_recorders() {
	command -v flock >/dev/null 2>&1 || return 0
	exec 8>"${TMPDIR:-/tmp}/schedhang-tests-recorders.lock"
	flock -w 900 "${1:--s}" 8 || skip "another test held the recorders' lock for 15 minutes"
}

# How schedhang reads a trace.dat from now on: `dat_way pages` in place (the
# default), `dat_way libtracecmd` through libtracecmd's record reader. The
# variable set, even empty, means libtracecmd.
dat_way() {
	if [ "$1" = libtracecmd ]; then
		export SCHEDHANG_DAT_LIBTRACECMD=1
	else
		unset SCHEDHANG_DAT_LIBTRACECMD
	fi
}

# What a program that refused FILE (exit 3) wrote, in ERRFILE: warnings about
# FILE's own content may come first (a corrupt format can rename a field the
# reader needs), then one line, the last: it could not read FILE, or FILE holds
# no drm_sched events. refused_clearly FILE ERRFILE [PROGRAM, "schedhang report"]
refused_clearly() {
	set -- "$1" "$2" "${3:-schedhang report}"
	[ "$(grep -c -v -F "$3: warning: '$1': " "$2")" = 1 ] || return 1
	tail -n 1 "$2" | grep -q -F -e "$3: cannot read '$1': " \
		-e "$3: '$1' has no drm_sched events (found: "
}
