#!/bin/sh
# spsc-race: every contract probe is an exported, distinct, called function
# starting with a plain instruction (so the -O2 build keeps what uprobes need)
. "$top_srcdir/samples/tests/lib.sh"
make_tmpdir
command -v objdump > /dev/null || skip "needs objdump"
nm --defined-only "$SPSC_RACE" | awk '$3 ~ /^schedhang_probe_/ && $2 == "T"' > "$TMPD/syms"
for ev in sched_info push pop kick worker_begin worker done dep state; do
	grep -q " schedhang_probe_$ev\$" "$TMPD/syms" || fail "schedhang_probe_$ev not exported"
done
[ "$(awk '{ print $1 }' "$TMPD/syms" | sort -u | wc -l)" = 9 ] ||
	fail "probe functions share addresses (folded?): $(cat "$TMPD/syms")"
objdump -d --no-show-raw-insn "$SPSC_RACE" > "$TMPD/dis"
for ev in sched_info push pop kick worker_begin worker done dep state; do
	grep -Eq "call +[0-9a-f]+ <schedhang_probe_$ev>" "$TMPD/dis" ||
		fail "no call to schedhang_probe_$ev survives"
	first=$(awk -v f="<schedhang_probe_$ev>:" '$2 == f { getline; print $2; exit }' "$TMPD/dis")
	case $first in nop*|endbr64) ;; *) fail "schedhang_probe_$ev starts with '$first'" ;; esac
done
echo "PASS"
