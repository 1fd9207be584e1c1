#!/bin/sh
# Inputs that are not traces: one error line naming the file and what is
# wrong, exit 3, never a crash (the test binary runs under ASan in CI).
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
SH_EVENTS=$top_builddir/tests/tools/sh-events

expect_error() {	# MESSAGE-SUFFIX SH-EVENTS-ARGS...
	msg=$1; shift
	"$SH_EVENTS" "$@" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	[ $rc = 3 ] || fail "sh-events $*: status $rc, expected 3: $(cat "$TMPD/err")"
	[ "$(wc -l < "$TMPD/err")" = 1 ] || fail "sh-events $*: not one line: $(cat "$TMPD/err")"
	[ "$(cat "$TMPD/err")" = "sh-events: $msg" ] ||
		fail "sh-events $*: got '$(cat "$TMPD/err")', expected 'sh-events: $msg'"
	[ -s "$TMPD/out" ] && fail "sh-events $*: wrote to stdout"
	return 0
}

expect_error "cannot read '$TMPD/nope': No such file or directory" "$TMPD/nope"
: > "$TMPD/empty"
expect_error "cannot read '$TMPD/empty': empty file" "$TMPD/empty"
mkdir "$TMPD/dir"
expect_error "cannot read '$TMPD/dir': a directory without a CTF 'metadata' file" "$TMPD/dir"
mkdir -p "$TMPD/ctf/ust/uid/0/64-bit" && : > "$TMPD/ctf/ust/uid/0/64-bit/metadata"
expect_error "cannot read '$TMPD/ctf': CTF input is not supported yet" "$TMPD/ctf"
expect_error "cannot read '$TMPD/ctf': is a directory" -f text "$TMPD/ctf"
printf 'hello\nworld\n' > "$TMPD/garbage.txt"
expect_error "cannot read '$TMPD/garbage.txt': not a trace.dat, ftrace text or CTF trace" "$TMPD/garbage.txt"
head -c 3000 /dev/urandom > "$TMPD/random.bin"
printf '\0' >> "$TMPD/random.bin"
expect_error "cannot read '$TMPD/random.bin': not a trace.dat, ftrace text or CTF trace" "$TMPD/random.bin"
expect_error "cannot read '$TMPD/garbage.txt': not a trace.dat file" -f dat "$TMPD/garbage.txt"
expect_error "cannot read '$TMPD/garbage.txt': a CTF trace is a directory" -f ctf "$TMPD/garbage.txt"

# trace.dat magic, then nothing / a header that announces more than the file has
printf '\027\010\104tracing' > "$TMPD/magic.dat"
expect_error "cannot read '$TMPD/magic.dat': truncated trace.dat header" "$TMPD/magic.dat"
printf '\027\010\104tracing6\000\000\010\000\020\000\000header_page\000\377\000\000\000\000\000\000\000abc' > "$TMPD/v6.dat"
expect_error "cannot read '$TMPD/v6.dat': truncated trace.dat: header section at offset 38 runs past the end (41 bytes)" "$TMPD/v6.dat"
printf '\027\010\104tracing7\000\000\010\000\020\000\000zstd\0001.5.4\000garbage' > "$TMPD/v7.dat"
expect_error "cannot read '$TMPD/v7.dat': truncated trace.dat header" "$TMPD/v7.dat"

# a text trace with no events is a valid, empty input
printf '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:4\n' > "$TMPD/empty-trace.txt"
"$SH_EVENTS" "$TMPD/empty-trace.txt" > "$TMPD/out" 2> "$TMPD/err" || fail "empty trace: $(cat "$TMPD/err")"
grep -q '^# events: 0 ' "$TMPD/out" || fail "empty trace: $(cat "$TMPD/out")"
grep -q '^# cpus: 4$' "$TMPD/out" || fail "empty trace: no #P:4"
# garbage after a valid start: counted and warned once, not fatal
{ cat "$TMPD/empty-trace.txt"; echo ' a-1 [000] 1.000001: sched_wakeup: comm=x pid=2 prio=1 target_cpu=000'; echo 'junk'; echo 'junk'; } > "$TMPD/mixed.txt"
"$SH_EVENTS" "$TMPD/mixed.txt" > "$TMPD/out" 2> "$TMPD/err" || fail "mixed: $(cat "$TMPD/err")"
[ "$(wc -l < "$TMPD/err")" = 1 ] || fail "mixed: $(cat "$TMPD/err")"
grep -q 'unparsed_lines: 2$' "$TMPD/out" || fail "mixed: $(grep events "$TMPD/out")"
echo "all error cases give one line"
