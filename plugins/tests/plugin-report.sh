#!/bin/sh
# plugin-report: record the schedhang uprobe events of probe-target with
# trace-cmd, then check that `trace-cmd report` with plugin_schedhang.so
# prints the enumerations by name (and without the plugin, numbers).
. "$top_srcdir/tests/lib/common.sh"

require_tracing
lock_uprobes
command -v trace-cmd >/dev/null || skip "trace-cmd is not installed"

plugindir=$top_builddir/plugins/traceevent/.libs
[ -e "$plugindir/plugin_schedhang.so" ] || fail "missing $plugindir/plugin_schedhang.so"

make_tmpdir
# a private copy: a uprobe fires for every process running the same file
target=$TMPD/probe-target
cp "$top_builddir/tests/tools/probe-target" "$target" || fail "missing tests/tools/probe-target"
instance=schedhang-tracepoints-$$
created=
cleanup() {
	remove_events
	rmdir "$tracefs/instances/$instance" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 99' INT TERM

# File offset of symbol $1 in $target: its address within its LOAD segment.
offset_of() {
	addr=$(nm "$target" | awk -v s="$1" '$3 == s { print $1 }')
	[ -n "$addr" ] || fail "no symbol '$1' in $target"
	readelf -lW "$target" | awk '$1 == "LOAD" { print $2, $3, $5 }' |
	while read -r off va sz; do
		if [ $((0x$addr)) -ge $((va)) ] && [ $((0x$addr)) -lt $((va + sz)) ]; then
			printf '0x%x\n' $((0x$addr - va + off))
			break
		fi
	done
}

# Slot i of the argument array, as the contract's probe ABI lays it out.
slot() { echo "+$(($2 * 8))(%di):$3"; }

# Creates schedhang/$1 at its probe function; returns 1 if the name is taken.
add_event() {
	ev=$1; sym=schedhang_probe_${ev#schedhang_}; shift
	off=$(offset_of "$sym")
	[ -n "$off" ] || fail "cannot compute the file offset of '$sym'"
	[ -e "$tracefs/events/schedhang/$ev" ] && return 1
	echo "p:schedhang/$ev $target:$off $*" >>"$tracefs/uprobe_events" 2>/dev/null ||
		return 1
	created="$created $ev"
}

add_events() {
	add_event schedhang_sched_info sched=$(slot x 0 u64) 'name=+0(+8(%di)):string' \
		credit_limit=$(slot x 2 u32) timeout_ms=$(slot x 3 u32) \
		work_run=$(slot x 4 u64) work_free=$(slot x 5 u64) &&
	add_event schedhang_push sched=$(slot x 0 u64) entity=$(slot x 1 u64) \
		ectx=$(slot x 2 u64) seqno=$(slot x 3 u64) first=$(slot x 4 u32) \
		cnt_before=$(slot x 5 u32) cnt_after=$(slot x 6 u32) &&
	add_event schedhang_kick sched=$(slot x 0 u64) which=$(slot x 1 u32) \
		reason=$(slot x 2 u32) stopped=$(slot x 3 u32) queued=$(slot x 4 u32) &&
	add_event schedhang_worker sched=$(slot x 0 u64) outcome=$(slot x 1 u32) \
		entity=$(slot x 2 u64) ectx=$(slot x 3 u64) seqno=$(slot x 4 u64) \
		credit_count=$(slot x 5 u32) credit_limit=$(slot x 6 u32) \
		n_nonempty_unready=$(slot x 7 u32) &&
	add_event schedhang_dep entity=$(slot x 0 u64) ectx=$(slot x 1 u64) \
		seqno=$(slot x 2 u64) dep_ctx=$(slot x 3 u64) dep_seqno=$(slot x 4 u64) \
		action=$(slot x 5 u32) &&
	add_event schedhang_state sched=$(slot x 0 u64) entity=$(slot x 1 u64) \
		state=$(slot x 2 u32) arg=$(slot x 3 s64)
}

remove_events() {
	for ev in $created; do
		echo "-:schedhang/$ev" >>"$tracefs/uprobe_events" 2>/dev/null
	done
	created=
}

# The names are the contract's, so other recorders on this machine may hold
# some of them for a while: back off and retry for up to a minute.
tries=0
until add_events; do
	remove_events
	tries=$((tries + 1))
	[ $tries -lt 60 ] ||
		skip "uprobe names in group schedhang stay taken (another recorder owns them)"
	sleep 1
done

# Record in a private instance; trace-cmd exits 1 here despite a good file.
dat=$TMPD/trace.dat
events=$(for ev in $created; do printf -- " -e schedhang:%s" "$ev"; done)
# shellcheck disable=SC2086
# The target starts after a pause: trace-cmd may still be turning the
# instance on when it forks the command, and the target's calls are few.
trace-cmd record --no-filter -d -B "$instance" $events -o "$dat" \
	sh -c 'sleep 0.5; exec "$0" each' "$target" >"$TMPD/record.log" 2>&1
[ -s "$dat" ] || { cat "$TMPD/record.log"; fail "trace-cmd record wrote no file"; }

TRACEEVENT_PLUGIN_DIR=$plugindir trace-cmd report -i "$dat" >"$TMPD/named.txt" 2>&1 ||
	{ cat "$TMPD/named.txt"; fail "trace-cmd report failed"; }
trace-cmd report -N -i "$dat" >"$TMPD/plain.txt" 2>&1 ||
	{ cat "$TMPD/plain.txt"; fail "trace-cmd report -N failed"; }
cat "$TMPD/named.txt"

expect() {
	grep -E "$2" "$TMPD/$1.txt" >/dev/null ||
		fail "'$2' not in the $1 report"
}
expect named 'schedhang_sched_info: +\(0x[0-9a-f]+\) sched=0xffff8881052a0000 name=gfx_0\.0\.0 credit_limit=64 timeout_ms=10000 work_run=0xffff8881052a0100 work_free=0xffff8881052a0120$'
expect named 'schedhang_push: +\(0x[0-9a-f]+\) sched=0xffff8881052a0000 entity=0xffff888104c8a400 ectx=77 seqno=1042 first=0 cnt_before=1 cnt_after=1$'
expect named 'schedhang_kick: +\(0x[0-9a-f]+\) sched=0xffff8881052a0000 which=RUN reason=PUSH_FIRST stopped=0 queued=1$'
expect named 'schedhang_worker: .* outcome=NO_ENTITY entity=0x0 ectx=0 seqno=0 credit_count=0 credit_limit=64 n_nonempty_unready=1$'
expect named 'schedhang_dep: .* action=CB_ADDED$'
expect named 'schedhang_state: .* state=TDR_BEGIN arg=-62$'
# Without the plugin the same trace prints numbers: the names come from it.
expect plain 'schedhang_kick: .* which=0 reason=0 '
if grep -q 'reason=PUSH_FIRST' "$TMPD/plain.txt"; then
	fail "enum names printed without the plugin: the check proves nothing"
fi
# schedhang report reads the plugin's text as it reads the file: enumerations
# by name parse as the numbers do. (Not the plain text: these hand-made u64
# probes print pointers in decimal there, which no kernel format does.)
quality() {
	"$SCHEDHANG" report --format json "$1" 2>/dev/null |
		jq -c '.quality | [.events, .input_events, .missing_field]'
}
if command -v jq >/dev/null; then
	q=$(quality "$dat")
	[ "$(quality "$TMPD/named.txt")" = "$q" ] ||
		fail "report of the named text: $(quality "$TMPD/named.txt"), of the file: $q"
	echo "ok: the named text and the file give events, input, missing $q"
fi
exit 0
