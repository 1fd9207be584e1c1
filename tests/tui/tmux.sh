#!/bin/sh
# Real-terminal smoke test: run the tui in tmux on a trace with a lost wakeup,
# press ] and see the finding highlighted, then leave with q (and, in a second
# run, with Ctrl-C) and find the shell prompt back with no curses residue.
# Then, at 80x24 and 160x45 on a recorded trace with four findings: ] zooms
# to the evidence (microseconds), labels do not collide, the findings list is
# aligned, and the mouse (X10 sequences, as the terminal sends them) selects a
# finding and the wheel zooms.
. "$top_srcdir/tests/lib/common.sh"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed (see ./quickstart)"
make_tmpdir
sock="$TMPD/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT

t() { tmux -S "$sock" "$@"; }
screen() { t capture-pane -p -t tui "$@"; }

# wait_for TEXT: poll the pane (up to 20 s) until it shows TEXT
wait_for() {
	i=0
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { screen; fail "timed out waiting for '$1'"; }
		sleep 0.2
	done
}

t new-session -d -s tui -x 100 -y 30 "env PS1='PROMPT\$ ' TERM=screen-256color LANG=C.UTF-8 sh" ||
	fail "cannot start tmux"
cd "$top_srcdir/tests/golden/traces" || exit 99
t send-keys -t tui "cd '$PWD' && '$SCHEDHANG' tui spsc-race.txt; echo rc=\$?" Enter
wait_for "1 finding"
t send-keys -t tui "]"
wait_for "finding 1/1: SPSC_RACE"
# its evidence fills the window; its span begins at the last evidence event, white on red
screen -e | grep "gfx" | grep -q "41m\|;41" || { screen -e; fail "the finding is not highlighted"; }
# e: the whole span, labelled
t send-keys -t tui "e"
wait_for "whole span (e: evidence)"
screen | grep -q "gfx.*SPSC_RACE" || { screen; fail "the finding is not drawn on the gfx row"; }
screen -e | grep "SPSC_RACE" | grep -q "41m\|;41" || { screen -e; fail "the finding label is not highlighted"; }
t send-keys -t tui "q"
wait_for "rc=0"
screen >"$TMPD/after-q"
grep -q "SPSC_RACE\|Findings (\|1 finding" "$TMPD/after-q" && { cat "$TMPD/after-q"; fail "curses residue after q"; }
tail_line=$(grep -v '^$' "$TMPD/after-q" | tail -n 1)
[ "$tail_line" = 'PROMPT$' ] || { cat "$TMPD/after-q"; fail "no prompt after q: '$tail_line'"; }

# Ctrl-C restores the terminal too
t send-keys -t tui "clear; '$SCHEDHANG' tui spsc-race.txt; echo rc=\$?" Enter
wait_for "1 finding"
t send-keys -t tui C-c
wait_for "rc="
screen >"$TMPD/after-int"
grep -q "SPSC_RACE\|Findings (\|1 finding" "$TMPD/after-int" && { cat "$TMPD/after-int"; fail "curses residue after Ctrl-C"; }
grep -q "rc=0" "$TMPD/after-int" || { cat "$TMPD/after-int"; fail "unexpected exit status after Ctrl-C"; }

# an 8-colour terminal in a non-UTF-8 locale: ASCII glyphs, still red
t send-keys -t tui "clear; env TERM=screen LC_ALL=C '$SCHEDHANG' tui spsc-race.txt; echo rc=\$?" Enter
wait_for "1 finding"
t send-keys -t tui "]e"
wait_for "whole span (e: evidence)"
screen | grep -q "ectx 77 .*!111" || { screen; fail "no ASCII queue depth on entity ectx 77"; }
screen -e | grep "SPSC_RACE" | grep -q "41m\|;41" || { screen -e; fail "the finding is not highlighted in 8 colours"; }
t send-keys -t tui "q"
wait_for "rc=0"
# NO_COLOR (https://no-color.org): no colour pairs, the finding in reverse video
t send-keys -t tui "clear; env NO_COLOR=1 '$SCHEDHANG' tui spsc-race.txt; echo rc=\$?" Enter
wait_for "1 finding"
t send-keys -t tui "]"
wait_for "finding 1/1: SPSC_RACE"
screen -e >"$TMPD/nocolor"
grep -Eq '\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]' "$TMPD/nocolor" &&
	{ cat -v "$TMPD/nocolor"; fail "colours drawn with NO_COLOR set"; }
grep "SPSC_RACE" "$TMPD/nocolor" | grep -q "7m\|;7" ||
	{ cat -v "$TMPD/nocolor"; fail "the finding is not in reverse video with NO_COLOR"; }
t send-keys -t tui "q"
wait_for "rc=0"

# mouse X Y [BUTTON]: an X10 mouse report (button 0: press; 64: wheel up, 65: down)
mouse() {
	t send-keys -t tui -l "$(printf '\033[M%b%b%b' "\\0$(printf %o $((32 + ${3:-0})))" \
		"\\0$(printf %o $((33 + $1)))" "\\0$(printf %o $((33 + $2)))")"
}
sample=$top_srcdir/samples/traces/buggy-lost-wakeup.dat
for size in 80x24 160x45; do
	t resize-window -t tui -x "${size%x*}" -y "${size#*x}"
	t send-keys -t tui "clear; '$SCHEDHANG' tui '$sample'; echo rc=\$?" Enter
	wait_for "4 findings"
	t send-keys -t tui "]"
	wait_for "finding 1/4: SPSC_RACE"
	screen >"$TMPD/evidence-$size"
	sed -n 2p "$TMPD/evidence-$size" | grep -q "^[0-9.]* us " ||
		{ cat "$TMPD/evidence-$size"; fail "$size: ] does not zoom to the evidence (microseconds)"; }
	sed -n 2p "$TMPD/evidence-$size" | grep -q "[0-9]v\|v[0-9]*\.[0-9]*v" &&
		{ cat "$TMPD/evidence-$size"; fail "$size: the cursor mark overwrites a ruler label"; }
	grep -q "SPSC_RACEE\|RACESPSC" "$TMPD/evidence-$size" &&
		{ cat "$TMPD/evidence-$size"; fail "$size: finding labels run into each other"; }
	# the findings' times start in one column
	grep '^.\[[0-9]\]' "$TMPD/evidence-$size" | awk '{ print index($0, "2835.") }' | sort -u >"$TMPD/cols"
	[ "$(wc -l <"$TMPD/cols")" = 1 ] || { cat "$TMPD/evidence-$size"; fail "$size: findings list not aligned"; }
	# a click on finding [3] selects it and zooms to its evidence
	y=$(grep -n '^.\[3\]' "$TMPD/evidence-$size" | cut -d: -f1)
	mouse 5 $((y - 1))
	wait_for "finding 3/4: SPSC_RACE"
	screen | grep -q '^>\[3\]' || { screen; fail "$size: the click did not select finding 3"; }
	# the wheel over the timeline zooms in 2x
	before=$(screen | sed -n 2p | cut -d' ' -f1)
	mouse 40 3 64
	i=0
	while [ "$(screen | sed -n 2p | cut -d' ' -f1)" = "$before" ]; do
		i=$((i + 1)); [ $i -lt 50 ] || { screen; fail "$size: the wheel did not zoom"; }; sleep 0.1
	done
	t send-keys -t tui "q"
	wait_for "rc=0"
done
echo "ok: tmux smoke test"
