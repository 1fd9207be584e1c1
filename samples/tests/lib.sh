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
