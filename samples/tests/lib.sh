# Shared by the samples tests: where the reproducer is, JSON checks.
. "$top_srcdir/tests/lib/common.sh"
SPSC_RACE=$top_builddir/samples/spsc-race/spsc-race
[ -x "$SPSC_RACE" ] || fail "reproducer not built: $SPSC_RACE"
command -v jq >/dev/null || skip "needs jq"

# check_truth FILE: valid JSON, ids as "0x..." strings, ectx/seqno integers
check_truth() {
	python3 -m json.tool "$1" > /dev/null 2>&1 || fail "$1: not valid JSON"
	jq -e '(.stalls | type == "array") and
		all(.stalls[]; (.sched | test("^0x[0-9a-f]+$")) and
			(.entity | test("^0x[0-9a-f]+$")) and
			(.ectx | type == "number") and (.seqno | type == "number") and
			(.start_ns | type == "number") and (.rescued | type == "boolean"))' \
		"$1" > /dev/null || fail "$1: unexpected truth layout: $(cat "$1")"
}

# report_matches_truth TRACE TRUTH: schedhang report, run with the truth's
# stall threshold, finds exactly the truth's stalls (same entity, same job,
# rescued or not), each proven, and no other lost wakeup. The other hang
# classes keep their default threshold (1 s): on a loaded test machine a
# worker thread can wait tens of ms for a CPU, which is no hang.
#
# With STRICT_KICK=1 the rescuing kick must agree for every rescued stall
# (the committed samples); otherwise the agreement is only printed: kick
# events are traced after queue_work() returns, so when two kicks race to
# queue the rescuing run (common when the watchdog thread is preempted on a
# loaded machine) the trace cannot always tell which one did.
report_matches_truth() {
	stall=$(jq .stall_ms "$2")
	"$SCHEDHANG" report --stall "$stall" --hang 1000 --format json "$1" > "$TMPD/report.json"
	rc=$?
	[ $rc -le 1 ] || fail "$1: schedhang report exited $rc"
	jq -c '[.stalls[] | [.entity, .ectx, .seqno, .rescued]] | sort' "$2" > "$TMPD/want.json"
	jq -c '[.findings[] | select(.class == "SPSC_RACE" or .class == "MISSING_KICK") |
		[.entity, .job.ectx, .job.seqno, (.open_at_end | not)]] | sort' "$TMPD/report.json" \
		> "$TMPD/got.json"
	cmp -s "$TMPD/want.json" "$TMPD/got.json" ||
		fail "$1: report and truth disagree: truth $(cat "$TMPD/want.json"), report $(cat "$TMPD/got.json")"
	jq -e '[.findings[] | select(.class == "SPSC_RACE" or .class == "MISSING_KICK") |
		select(.confidence != "proven")] | length == 0' "$TMPD/report.json" > /dev/null ||
		fail "$1: a lost wakeup is not proven although no events were lost"
	# rescuers: truth and report side by side, by job
	jq -r '.stalls[] | select(.rescued) | "\(.ectx):\(.seqno) \(.rescue_reason)"' "$2" |
		sort > "$TMPD/want.kick"
	jq -r '.findings[] | select(.rescued_by != null) | "\(.job.ectx):\(.job.seqno) \(.rescued_by)"' \
		"$TMPD/report.json" | sort > "$TMPD/got.kick"
	total=$(wc -l < "$TMPD/want.kick")
	same=$(comm -12 "$TMPD/want.kick" "$TMPD/got.kick" | wc -l)
	if [ "$same" != "$total" ]; then
		[ "${STRICT_KICK:-0}" = 1 ] &&
			fail "$1: rescuing kick agrees for $same of $total stalls: $(diff "$TMPD/want.kick" "$TMPD/got.kick" | tr '\n' ' ')"
		echo "note: $1: rescuing kick agrees for $same of $total stalls"
	fi
	if [ "$(jq '.stalls | length' "$2")" = 0 ]; then
		jq -e '.findings | length == 0' "$TMPD/report.json" > /dev/null ||
			fail "$1: findings on a run without stalls: $(jq -c '[.findings[].class]' "$TMPD/report.json")"
	fi
}
