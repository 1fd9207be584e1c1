#!/bin/sh
# Real-terminal smoke test: run the tui in tmux on a trace with a lost wakeup,
# press ] and see the finding highlighted, then leave with q (and, in a second
# run, with Ctrl-C) and find the shell prompt back with no curses residue.
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
screen | grep -q "gfx.*SPSC_RACE" || { screen; fail "the finding is not drawn on the gfx row"; }
# drawn white on red: the SGR sequence before the label sets background 41
screen -e | grep "SPSC_RACE" | grep -q "41m\|;41" || { screen -e; fail "the finding is not highlighted"; }
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
t send-keys -t tui "]"
wait_for "finding 1/1: SPSC_RACE"
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
echo "ok: tmux smoke test"
