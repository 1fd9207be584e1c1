#!/bin/sh
# report --perfetto: the timeline of a recorded buggy trace, decoded with
# protoc --decode_raw (an independent protobuf parser), is a Perfetto trace
# whose processes name the trace's schedulers, whose slices nest on every
# track, with a job slice per job, the worker's runs, counters, and the
# findings at the stalls' times with flows to their evidence. The normal
# report is unchanged by it. Writing errors: one line, exit 3.
. "$top_srcdir/tests/lib/common.sh"
command -v protoc >/dev/null || skip "needs protoc (protobuf-compiler)"
command -v jq >/dev/null || skip "needs jq"
make_tmpdir

trace=$top_srcdir/samples/traces/buggy-lost-wakeup.dat
"$SCHEDHANG" report --format json "$trace" > "$TMPD/report.json"
[ $? = 1 ] || fail "report without --perfetto: exit $?"
"$SCHEDHANG" report --format json --perfetto "$TMPD/t.pftrace" "$trace" > "$TMPD/report2.json"
rc=$?
[ $rc = 1 ] || fail "report --perfetto: exit $rc"
cmp -s "$TMPD/report.json" "$TMPD/report2.json" || fail "--perfetto changed the report"
# decode PFTRACE REC: check PFTRACE decodes; one record per packet in REC
decode() {
	# protoc --decode_raw: the file is protobuf wire format; then protoc --decode
	# with Perfetto's field numbers (tests/report/perfetto-subset.proto), since
	# --decode_raw takes some strings (a job named "8:80") for messages
	protoc --decode_raw < "$1" > "$2.raw" || fail "protoc --decode_raw cannot decode the file"
	protoc --decode=perfetto.protos.Trace -I"$top_srcdir/tests/report" perfetto-subset.proto \
		< "$1" > "$2.dec" || fail "protoc cannot decode the file as a Perfetto trace"
	[ "$(grep -c '^1 {' "$2.raw")" = "$(grep -c '^packet {' "$2.dec")" ] || fail "decoders disagree on the packets"
	grep -q '^ *[0-9][0-9]*: ' "$2.dec" && fail "fields outside Perfetto's schema: $(grep -m1 '^ *[0-9][0-9]*: ' "$2.dec")"
	head -3 "$2.dec" | grep -q '^  sequence_flags: 1$' ||
		fail "the first packet does not clear the sequence's incremental state"

	# One record per packet: P uuid pid name (a process), T uuid parent counter name
	# (a track), E ts type track flows ends name (a TrackEvent; flows "-" if none).
	awk '
	function str(s) { s = substr(s, index(s, "\"") + 1); sub(/"$/, "", s); return s }
	/^packet \{/ { ts = ""; kind = ""; blk = ""; type = ""; uuid = ""; parent = 0; name = ""; pname = "";
		  pid = ""; counter = 0; flows = ""; ends = ""; seq = ""; next }
	/^  timestamp: / { ts = $2 }
	/^  trusted_packet_sequence_id: / { seq = $2 }
	/^  track_event \{/ { kind = "E" }
	/^  track_descriptor \{/ { kind = "T" }
	/^    counter \{/ { counter = 1 }
	/^    type: / { type = $2 }
	/^    (track_)?uuid: / { uuid = $2 }
	/^    (name|process_name): / { name = str($0) }
	/^    flow_ids: / { flows = flows "," $2 }
	/^    terminating_flow_ids: / { ends = ends "," $2 }
	/^    parent_uuid: / { parent = $2 }
	/^      pid: / { pid = $2 }
	/^      process_name: / { pname = str($0) }
	/^\}/ {
		if (seq != 1) { print "X bad-sequence"; next }
		if (kind == "T" && pname != "") print "P", uuid, pid, pname
		else if (kind == "T") print "T", uuid, parent, counter, name
		else if (kind == "E") print "E", ts, type, uuid, (flows == "" ? "-" : flows), (ends == "" ? "-" : ends), name
	}' "$2.dec" | sed 's/ TYPE_SLICE_BEGIN / 1 /; s/ TYPE_SLICE_END / 2 /; s/ TYPE_INSTANT / 3 /; s/ TYPE_COUNTER / 4 /' \
		> "$2" || fail "cannot parse protoc's output"
	grep -q "^X" "$2" && fail "a packet without trusted_packet_sequence_id 1"
}

# basics REPORT REC: one process per scheduler of the report, named as the
# report names it (a process described again when its name became known
# keeps its uuid: the last name counts); slices nest
basics() {
	jq -r '.schedulers[].name' "$1" | sort > "$TMPD/want"
	awk '$1 == "P" { name[$2] = $4 } END { for (u in name) print name[u] }' "$2" | sort > "$TMPD/got"
	cmp -s "$TMPD/want" "$TMPD/got" ||
		fail "processes: $(tr '\n' ' ' < "$TMPD/got"), want $(tr '\n' ' ' < "$TMPD/want")"
	# in time order (stable), every slice ends on the track it began on, nested
	sort -s -n -k2,2 "$2" | awk '
	$1 == "E" && $3 == 1 { d[$4]++ }
	$1 == "E" && $3 == 2 { if (!d[$4]--) { print "end without begin on track " $4 " at " $2; exit 1 } }
	END { for (t in d) if (d[t]) { print d[t] " slices left open on track " t; exit 1 } }' > "$TMPD/err" ||
		fail "$(cat "$TMPD/err")"
}

decode "$TMPD/t.pftrace" "$TMPD/rec"
basics "$TMPD/report.json" "$TMPD/rec"

# per entity: a slice per job (done, or queued at the end), each with its phases
for ectx in $(jq -r '.schedulers[].entities[].ectx' "$TMPD/report.json"); do
	want=$(jq --argjson c "$ectx" '[.schedulers[].entities[] | select(.ectx == $c) |
		.jobs_done + .queued_at_end] | add' "$TMPD/report.json")
	got=$(awk -v n="ectx $ectx" '
		$1 == "T" { name = $0; sub(/^T [^ ]+ [^ ]+ [^ ]+ /, "", name); if (name == n) lane[$2] = 1 }
		$1 == "E" && $3 == 1 && ($4 in lane) && $7 ~ /^[0-9]+:[0-9]+$/ {
			split($7, j, ":"); if (j[1] != c) bad++; jobs++ }
		END { print (bad ? -1 : jobs + 0) }' c="$ectx" "$TMPD/rec")
	[ "$got" = "$want" ] || fail "ectx $ectx: $got job slices, want $want"
done
grep -q '^E [0-9]* 1 [0-9]* - - queued$' "$TMPD/rec" && grep -q '^E [0-9]* 1 [0-9]* - - running$' "$TMPD/rec" ||
	fail "no queued/running phases in the job slices"

# the worker's runs, named by outcome: as many as the report counts (the last may be open)
for s in $(jq -r '.schedulers[].name' "$TMPD/report.json"); do
	want=$(jq --arg s "$s" '.schedulers[] | select(.name == $s) | .worker_runs' "$TMPD/report.json")
	got=$(awk -v s="$s" '
		$1 == "P" && $4 == s { p = $2 }
		$1 == "T" && $3 == p && / worker runs$/ { w = $2 }
		$1 == "E" && $3 == 1 && $4 == w { n++; if ($7 !~ /^(RAN|NO_ENTITY|NO_CREDIT|POP_NULL|STOPPED|running at the end of the trace)$/) bad = $7 }
		END { print (bad != "" ? "bad:" bad : n + 0) }' "$TMPD/rec")
	[ "$got" = "$want" ] || fail "$s: $got worker runs, want $want"
done

# counters: queue depth and the kernel count per entity, credits, with values
for c in "ectx 2 queue depth" "ectx 2 kernel job count" "credits in use" "jobs on the hardware"; do
	n=$(awk -v c="$c" '
		$1 == "T" && $4 == 1 { name = $0; sub(/^T [^ ]+ [^ ]+ [^ ]+ /, "", name); if (name == c) t[$2] = 1 }
		$1 == "E" && $3 == 4 && ($4 in t) { n++ }
		END { print n + 0 }' "$TMPD/rec")
	[ "$n" -gt 0 ] || fail "no values on counter '$c'"
done
grep -q "^    counter_value: 8$" "$TMPD/rec.dec" || fail "no counter reaches the queue depth 8"

# findings: a slice over each finding's span, with flows ending at its evidence
jq -r '.findings[] | "\(.class) \(.job.ectx):\(.job.seqno) \(.start_ns) \(.end_ns) \(.evidence | length)"' \
	"$TMPD/report.json" > "$TMPD/findings"
[ -s "$TMPD/findings" ] || fail "the report has no findings"
while read -r cls job start end nev; do
	line=$(awk -v n="$cls $job" '$1 == "E" && $3 == 1 && $7 " " $8 == n' "$TMPD/rec")
	[ -n "$line" ] || fail "no finding slice '$cls $job'"
	set -- $line
	[ "$2" = "$start" ] || fail "$cls $job: slice at $2, finding at $start"
	track=$4 flows=$5
	[ "$(echo "$flows" | tr ',' '\n' | grep -c .)" = "$nev" ] || fail "$cls $job: flows $flows for $nev evidence events"
	awk -v t="$track" -v e="$end" '$1 == "E" && $3 == 2 && $4 == t && $2 == e { ok = 1 } END { exit !ok }' \
		"$TMPD/rec" || fail "$cls $job: no slice end at $end"
	for f in $(echo "$flows" | tr ',' ' '); do
		awk -v f=",$f" '$1 == "E" && $3 == 3 && $6 == f { ok = 1 } END { exit !ok }' "$TMPD/rec" ||
			fail "$cls $job: flow $f ends at no evidence instant"
	done
done < "$TMPD/findings"

# stock gpu_scheduler events of both schemas: a process per ring, job slices,
# findings; a patched kernel's trace has both event sets, where the stock
# rings only repeat the schedhang events and get no process of their own
for name in synthetic-stock617-dep synthetic-stock616-timeout kernel-6.12-timeout; do
	"$SCHEDHANG" report --format json --perfetto "$TMPD/$name.pftrace" \
		"$top_srcdir/samples/traces/$name.dat" > "$TMPD/$name.json"
	[ $? = 1 ] || fail "$name: report --perfetto failed"
	decode "$TMPD/$name.pftrace" "$TMPD/$name.rec"
	basics "$TMPD/$name.json" "$TMPD/$name.rec"
	grep -q '^E [0-9]* 1 [0-9]* - - \(job [0-9]*\|[0-9]*:[0-9]*\)$' "$TMPD/$name.rec" || fail "$name: no job slice"
	cls=$(jq -r '.findings[0].class' "$TMPD/$name.json")
	grep -q "^E [0-9]* 1 [0-9]* [^ ]* - $cls" "$TMPD/$name.rec" || fail "$name: no $cls finding slice"
done

# writing errors: one line naming the file, exit 3
"$SCHEDHANG" report --perfetto "$TMPD/no/such/dir/t.pftrace" "$trace" > /dev/null 2> "$TMPD/err"
rc=$?
[ $rc = 3 ] && [ "$(wc -l < "$TMPD/err")" = 1 ] &&
	grep -q "cannot write '$TMPD/no/such/dir/t.pftrace': No such file or directory" "$TMPD/err" ||
	fail "unwritable --perfetto file: exit $rc: $(cat "$TMPD/err")"
if [ -w /dev/full ]; then
	"$SCHEDHANG" report --perfetto /dev/full "$trace" > /dev/null 2> "$TMPD/err"
	rc=$?
	[ $rc = 3 ] && [ "$(wc -l < "$TMPD/err")" = 1 ] && grep -q "cannot write '/dev/full': " "$TMPD/err" ||
		fail "full disk: exit $rc: $(cat "$TMPD/err")"
fi
echo "ok"
