#!/bin/sh
# The schedhang babeltrace2 plugin run inside babeltrace2 prints the golden
# reports; filter.schedhang.findings adds the findings as events.
. "$top_srcdir/tests/ctf/ctf-lib.sh"
make_tmpdir
P=--plugin-path=$PLUGIN_DIR

make_ctf spsc-race "$TMPD/spsc"
bt2 "$P" "$TMPD/spsc" -c sink.schedhang.report >"$TMPD/out" 2>"$TMPD/err" ||
	fail "sink.schedhang.report failed: $(cat "$TMPD/err")"
head -1 "$TMPD/out" | grep -q '^schedhang report: babeltrace2 graph$' || fail "header: $(head -1 "$TMPD/out")"
golden_stdout report-spsc-race | strip_text >"$TMPD/want"
strip_text <"$TMPD/out" | diff -u "$TMPD/want" - || fail "text report differs"

bt2 "$P" "$TMPD/spsc" -c sink.schedhang.report -p 'format="json"' >"$TMPD/out" ||
	fail "json report failed"
golden_stdout report-spsc-race-json | strip_json >"$TMPD/want"
strip_json <"$TMPD/out" | diff -u "$TMPD/want" - || fail "JSON report differs"

# parameters: stall-ms and ns, straight from the scenario source (no CTF in between)
bt2 "$P:$TEST_PLUGIN_DIR" run -c src:source.schedhangtest.scenario \
	-p "path=\"$GOLDEN/traces/spsc-race-rescued.txt\"" \
	-c out:sink.schedhang.report -p 'stall-ms=10,ns=true' -x src:out >"$TMPD/out" ||
	fail "stall-ms run failed"
golden_stdout report-spsc-race-rescued-stall | strip_text >"$TMPD/want"
strip_text <"$TMPD/out" | diff -u "$TMPD/want" - || fail "stall-ms=10,ns=true report differs"

# discarded events straight into the sink: the lost-events golden
bt2 "$P:$TEST_PLUGIN_DIR" run -c src:source.schedhangtest.scenario \
	-p "path=\"$GOLDEN/traces/spsc-race-lost-events.txt\"" \
	-c out:sink.schedhang.report -x src:out >"$TMPD/out" || fail "lost-events run failed"
golden_stdout report-spsc-race-lost-events | strip_text >"$TMPD/want"
strip_text <"$TMPD/out" | diff -u "$TMPD/want" - || fail "lost-events report differs"

# discarded packets: a lost-events marker of unknown count, still on CPU 0
bt2 "$P:$TEST_PLUGIN_DIR" run -c src:source.schedhangtest.scenario \
	-p "path=\"$GOLDEN/traces/spsc-race-lost-events.txt\",lost=\"packets\"" \
	-c out:sink.schedhang.report -p 'format="json"' -x src:out >"$TMPD/out" ||
	fail "discarded-packets run failed"
tr -d ' \n' <"$TMPD/out" >"$TMPD/flat"
grep -q '"lost_events":{"per_cpu":\[{"cpu":0,"lost":0,"markers":1,"markers_unknown_count":1}\],"total":0,"markers":1,"markers_unknown_count":1}' \
	"$TMPD/flat" || fail "discarded packets: $(grep -A8 lost_events "$TMPD/out")"
grep -q '"class":"SPSC_RACE","confidence":"degraded"' "$TMPD/flat" ||
	fail "discarded packets: the race is not degraded"

# a bad parameter fails the graph with a message naming it
if bt2 "$P" "$TMPD/spsc" -c sink.schedhang.report -p 'format="xml"' >"$TMPD/out" 2>&1; then
	fail "format=xml accepted"
fi
grep -q "parameter 'format' must be" "$TMPD/out" || fail "format=xml: $(tail -3 "$TMPD/out")"

# the filter forwards every event and adds one schedhang_finding per finding
bt2 "$P" "$TMPD/spsc" -c filter.schedhang.findings >"$TMPD/out" || fail "filter failed"
[ "$(grep -c 'schedhang:schedhang_' "$TMPD/out")" = 77 ] || fail "filter lost events"
[ "$(grep -c ' schedhang_finding: ' "$TMPD/out")" = 1 ] || fail "filter: not 1 finding"
grep -q '^\[00:00:02.000008000\] .* schedhang_finding: { class = "SPSC_RACE", confidence = "proven", .*start_ns = 2000008000, end_ns = 5000000000, open_at_end = 1' \
	"$TMPD/out" || fail "filter: no SPSC_RACE finding"
bt2 "$P" "$TMPD/spsc" -c filter.schedhang.findings -o ctf -w "$TMPD/stored" >/dev/null ||
	fail "filter -> sink.ctf.fs failed"
# ... and sink.ctf.fs stores them in a trace of their own, readable with the events
babeltrace2 "$TMPD/stored" >"$TMPD/out" || fail "cannot read the stored trace back"
[ "$(grep -c ' schedhang_finding: ' "$TMPD/out")" = 1 ] || fail "stored findings"
"$SCHEDHANG" report "$TMPD/stored" | strip_text >"$TMPD/got"
grep -q '^  input events 78, of types schedhang does not use 1,' "$TMPD/got" ||
	fail "stored trace: the finding event is not counted as unused input"
golden_stdout report-spsc-race | strip_text | grep -v '^  input events ' >"$TMPD/want"
grep -v '^  input events ' "$TMPD/got" | diff -u "$TMPD/want" - ||
	fail "report of the stored trace (finding events are not input)"

# help shows the descriptions and parameters
bt2 "$P" help sink.schedhang.report >"$TMPD/out" 2>&1 || fail "help failed"
for w in "Print schedhang's report" stall-ms hang-ms top format ns; do
	grep -q -- "$w" "$TMPD/out" || fail "help lacks '$w'"
done
bt2 "$P" help filter.schedhang.findings | grep -q schedhang_finding || fail "filter help"
echo ok
