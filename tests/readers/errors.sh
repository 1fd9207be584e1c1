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
expect_error "cannot read '$TMPD/ctf': not a readable CTF trace: cannot create trace for \`$TMPD/ctf/ust/uid/0/64-bit\`" "$TMPD/ctf"
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
# a v6 kallsyms length of 2^32 - 1 with that much file after it (sparse):
# libtracecmd 1.3.1 allocates length + 1 bytes in 32 bits and overruns them
printf '\027\010\104tracing6\000\000\010\000\020\000\000header_page\000\000\000\000\000\000\000\000\000header_event\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\377\377\377\377' > "$TMPD/kallsyms.dat"
truncate -s 4294967466 "$TMPD/kallsyms.dat" || fail "cannot make a sparse file"
expect_error "cannot read '$TMPD/kallsyms.dat': corrupt trace.dat: kallsyms length at offset 67" "$TMPD/kallsyms.dat"
rm -f "$TMPD/kallsyms.dat"

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

# mutated text traces: read or refused, never a crash
python3 - "$TMPD" <<'PY'
import random, sys
base = [
    " kworker/u8:2-91  [001] .....  812.000101: schedhang_push: sched=0xffff8881052a0000 entity=0x1 ectx=77 seqno=1042 first=0 cnt_before=1 cnt_after=1",
    "gnome-shel:cs0-1706 [004] 44.895256: drm_sched_job: entity=0xffffa00d52574810, id=135, fence=0xffffa00d9baf9c40, ring=gfx_0.0.0, job count:0, hw job count:0",
    "   Web Content-4242 [001] 100.000000100: drm_sched_job_queue: dev=0000:03:00.0, fence=77:1042, ring=gfx, job count:3, hw job count:2, client_id:9",
    " a b-c-12 [001] 100.000000400: drm_sched_job_add_dep: fence=77:1043 depends on fence=12:99",
    " kworker/u8:2-91 [000] 100.000000700: workqueue_execute_start: work struct 0xffff8881052a0120: function drm_sched_run_job_work [gpu_sched]",
    " sleep-18654 [001] 725.106608773: sched_switch: prev_comm=trace cmd prev_pid=18654 prev_prio=120 prev_state=R+ ==> next_comm=m next_pid=21 next_prio=0",
    " migration/1-21 [001] 725.106638167: sched_switch: migration/1:21 [0] S ==> trace-cmd:18651 [120]",
    " <idle>-0 [001] 724.528258462: sched_wakeup: sleep:18649 [120] CPU:001",
    "CPU:1 [LOST 12 EVENTS]",
    "inst: CPU:0 [EVENTS DROPPED]",
]
r = random.Random(7)
for n in range(40):
    lines = ["# tracer: nop"]
    for _ in range(200):
        l = list(r.choice(base))
        for _ in range(r.randrange(0, 6)):
            op = r.randrange(3)
            i = r.randrange(len(l) + 1)
            if op == 0 and l:
                del l[min(i, len(l) - 1)]
            elif op == 1:
                l.insert(i, r.choice(" -:[]=,.0123456789xabc()|+"))
            else:
                l = l[:i]
        lines.append("".join(l))
    open("%s/mut%02d.txt" % (sys.argv[1], n), "w").write("\n".join(lines) + "\n")
PY
for f in "$TMPD"/mut*.txt; do
	"$SH_EVENTS" -f text "$f" > /dev/null 2> "$TMPD/err"
	rc=$?
	[ $rc = 0 ] || fail "$f: status $rc: $(head -3 "$TMPD/err")"
	[ "$(wc -l < "$TMPD/err")" -le 40 ] || fail "$f: too many diagnostics"
	grep -q Sanitizer "$TMPD/err" && fail "$f: $(head -3 "$TMPD/err")"
done
echo "mutated text traces: no crash"

# a forced format reads a pipe (no content sniffing, no second open)
printf '%s\n' 'cpus=1' ' a-1 [000] 1.000001: sched_wakeup: comm=x pid=2 prio=1 target_cpu=000' |
	"$SH_EVENTS" -f text /dev/stdin > "$TMPD/out" 2> "$TMPD/err" || fail "pipe: $(cat "$TMPD/err")"
grep -q '^1000001000 cpu=0 pid=1 comm=a sched_wakeup woken_pid=2 target_cpu=0 comm="x"$' "$TMPD/out" ||
	fail "pipe: $(cat "$TMPD/out")"
echo "pipe: read"
