#!/bin/sh
# The stock-tracepoint samples as CTF: each trace-cmd text form of every
# synthetic scenario (both schemas), written to CTF in LTTng and in perf
# naming, gives exactly the findings of its truth file
# (class/confidence/reason), as its text and trace.dat forms do
# (samples/tests/stock-classes.sh).
. "$top_srcdir/tests/ctf/ctf-lib.sh"
command -v jq >/dev/null || skip "needs jq"
make_tmpdir
dir=$top_srcdir/samples/traces

verdicts() {	# TRACE: the sorted class/confidence/reason list
	"$SCHEDHANG" report --format json "$1" > "$TMPD/r.json" 2> "$TMPD/err"
	rc=$?
	case $rc in 0|1) ;; *) fail "$1: exit $rc: $(cat "$TMPD/err")" ;; esac
	[ -s "$TMPD/err" ] && fail "$1: stderr: $(cat "$TMPD/err")"
	grep -q '"format": "CTF"' "$TMPD/r.json" || fail "$1: not read as CTF"
	jq -c '[.findings[] | "\(.class)/\(.confidence)/\(.confidence_reason)"] | sort' "$TMPD/r.json"
}

n=0
for truth in "$dir"/synthetic-*.truth.json; do
	want=$(jq -c '[.findings[] | "\(.class)/\(.confidence)/\(.confidence_reason)"] | sort' "$truth")
	for form in $(jq -r '.forms[] | select(test("^synthetic-stock[0-9]+-.*\\.txt$"))' "$truth"); do
		for naming in lttng perf; do
			ctf=$TMPD/${form%.txt}-$naming
			make_ctf_from "$dir/$form" "$ctf" "$naming"
			got=$(verdicts "$ctf")
			[ "$got" = "$want" ] || fail "$form as CTF ($naming naming): $got, expected $want"
			n=$((n + 1))
		done
	done
done
[ $n -ge 32 ] || fail "only $n CTF forms checked"
echo "ok: $n CTF forms agree with their truth"
