#!/bin/sh
# A real LTTng-UST trace: a tiny provider replays the spsc_queue race as
# schedhang_* events; `schedhang report` on the CTF folder LTTng writes finds
# it, with the CPU, tid and procname of the recording, and the babeltrace2
# plugin prints the same report. Needs root, lttng-tools and liblttng-ust-dev.
. "$top_srcdir/tests/ctf/ctf-lib.sh"
[ -z "${SCHEDHANG_NO_TRACING:-}" ] || skip "SCHEDHANG_NO_TRACING is set: no tracing here"
[ "$(id -u)" = 0 ] || skip "needs root to run lttng-sessiond"
command -v lttng >/dev/null 2>&1 && command -v lttng-sessiond >/dev/null 2>&1 ||
	skip "lttng-tools is not installed"
pkg-config --exists lttng-ust || skip "liblttng-ust-dev is not installed"
command -v cc >/dev/null 2>&1 || skip "no C compiler"

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/schedhang-test.XXXXXX") || exit 99
session=schedhang-ctf-$$
sessiond_pid=
cleanup() {
	lttng --no-sessiond destroy "$session" >/dev/null 2>&1
	[ -z "$sessiond_pid" ] || kill "$sessiond_pid" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
ust=$top_srcdir/tests/ctf/ust

# shellcheck disable=SC2046
cc -o "$TMPD/app" -I"$ust" $(pkg-config --cflags lttng-ust) "$ust/app.c" "$ust/schedhang-tp.c" \
	$(pkg-config --libs lttng-ust) -ldl || fail "cannot build the UST test provider"

# Our own session daemon unless one runs already (other sessions are left alone).
if ! pgrep -x lttng-sessiond >/dev/null 2>&1; then
	lttng-sessiond --daemonize --no-kernel --pidfile="$TMPD/sessiond.pid" \
		>"$TMPD/sessiond.log" 2>&1 || skip "lttng-sessiond does not start: $(tail -1 "$TMPD/sessiond.log")"
	sessiond_pid=$(cat "$TMPD/sessiond.pid")
fi
lt() {
	lttng --no-sessiond "$@" >>"$TMPD/lttng.log" 2>&1 || fail "lttng $*: $(tail -3 "$TMPD/lttng.log")"
}
lt create "$session" --output="$TMPD/trace"
lt enable-event -u -s "$session" 'schedhang:*'
lt add-context -u -s "$session" -t vtid -t procname
lt start "$session"
LTTNG_UST_REGISTER_TIMEOUT=10000 "$TMPD/app" || fail "the test provider failed"
lt stop "$session"
lt destroy "$session"
find "$TMPD/trace" -name metadata | grep -q . || fail "LTTng wrote no CTF metadata"

"$SCHEDHANG" report --format json "$TMPD/trace" >"$TMPD/out" 2>"$TMPD/err"
status=$?
[ "$status" = 1 ] || fail "exit $status: $(cat "$TMPD/err")"
[ ! -s "$TMPD/err" ] || fail "stderr: $(cat "$TMPD/err")"
grep -q '"format": "CTF (lttng-ust)"' "$TMPD/out" || fail "not read as LTTng-UST CTF"
grep -q '"schedhang"' "$TMPD/out" || fail "schedhang schema not seen"
tr -d ' \n' <"$TMPD/out" >"$TMPD/flat"
grep -q '"class":"SPSC_RACE","confidence":"proven",[^{]*"sched_name":"gfx","entity":"0xffff888104c8a400","job":{"ectx":77,"seqno":2}' \
	"$TMPD/flat" || fail "no SPSC_RACE finding for job 77:2: $(head -c 2000 "$TMPD/out")"
# the task and CPU come from the procname/vtid contexts and the packet context
grep -q "\"comm\":\"app\"" "$TMPD/flat" || fail "procname context not mapped"
grep -q '"pid":[1-9]' "$TMPD/flat" || fail "vtid context not mapped"
grep -q '"cpu":[0-9]' "$TMPD/flat" || fail "cpu_id not mapped"

# the plugin inside babeltrace2 prints the same report
"$SCHEDHANG" report "$TMPD/trace" | strip_text >"$TMPD/want"
bt2 --plugin-path="$PLUGIN_DIR" "$TMPD/trace" -c sink.schedhang.report | strip_text |
	diff -u "$TMPD/want" - || fail "plugin report differs from schedhang report"
echo ok
