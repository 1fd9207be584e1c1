# Helpers for the record tests: source after tests/lib/common.sh.
# Each test gets a unique instance and uprobe group (other recorders share the
# machine) and removes exactly what it may have left, whatever happens.

require_tracing
lock_recorders "${RECORD_LOCK:--s}"	# -x: record-stale.sh
make_tmpdir
TRACEFS=/sys/kernel/tracing
INST=shrec_$(basename "$0" .sh | tr -c 'a-z0-9\n' _)_$$
GROUP=shrec$$
# A private copy: a uprobe fires for every process running the same file,
# so tests running in parallel must not probe the same inode.
cp "$top_builddir/tests/tools/probe-target" "$TMPD/probe-target" || exit 99
PROBE_TARGET="$TMPD/probe-target"

cleanup_tracefs() {
	if [ -d "$TRACEFS/instances/$INST" ]; then
		echo "leftover instance $INST" >&2
		rmdir "$TRACEFS/instances/$INST" 2>/dev/null
	fi
	# only ours: our group and our private copy of the probe target
	grep "^p:$GROUP/[^ ]* $PROBE_TARGET:" "$TRACEFS/uprobe_events" 2>/dev/null |
	while read -r def _; do
		echo "leftover uprobe ${def#p:}" >&2
		echo "-:${def#p:}" >>"$TRACEFS/uprobe_events"
	done
	rm -rf "$TMPD"
}
trap cleanup_tracefs EXIT

# Fail unless the instance and the test's uprobes are gone.
assert_clean() {
	[ ! -d "$TRACEFS/instances/$INST" ] || fail "instance $INST left behind"
	! grep -q "^p:$GROUP/[^ ]* $PROBE_TARGET:" "$TRACEFS/uprobe_events" ||
		fail "uprobes of $GROUP left behind"
}

# Number of events trace-cmd report prints for FILE.
report_count() {
	trace-cmd report -i "$1" 2>/dev/null | grep -cE '\[[0-9]+\] +[0-9]+\.[0-9]+: '
}

# "recorded N events" from schedhang record's stderr in FILE.
recorded_count() {
	sed -n 's/.*recorded \([0-9]*\) events.*/\1/p' "$1"
}

command -v trace-cmd >/dev/null || skip "needs trace-cmd to cross-check the file"
