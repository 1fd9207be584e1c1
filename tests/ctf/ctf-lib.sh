# Helpers for the CTF and babeltrace2 plugin tests; source it after setting nothing.
. "$top_srcdir/tests/lib/common.sh"

command -v babeltrace2 >/dev/null 2>&1 || skip "babeltrace2 is not installed"
PLUGIN_DIR=$top_builddir/plugins/babeltrace2/.libs
TEST_PLUGIN_DIR=$top_builddir/tests/ctf/.libs
SH_EVENTS=$top_builddir/tests/tools/sh-events
GOLDEN=$top_srcdir/tests/golden
[ -f "$PLUGIN_DIR/babeltrace-plugin-schedhang.so" ] || fail "plugin not built in $PLUGIN_DIR"
[ -f "$TEST_PLUGIN_DIR/babeltrace-plugin-schedhangtest.so" ] || fail "test plugin not built"

# babeltrace2 itself is not built with ASan: preload the runtime when our
# plugins (built with --enable-sanitizers) need it; its own leaks are not ours.
ASAN_LIB=$(ldd "$PLUGIN_DIR/babeltrace-plugin-schedhang.so" | awk '/libasan/ { print $3 }')
bt2() {
	if [ -n "$ASAN_LIB" ]; then
		LD_PRELOAD=$ASAN_LIB ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" babeltrace2 "$@"
	else
		babeltrace2 "$@"
	fi
}

# make_ctf NAME DIR [NAMING]: scenario tests/golden/traces/NAME.txt written as CTF in DIR
make_ctf() {
	make_ctf_from "$GOLDEN/traces/$1.txt" "$2" "${3:-}"
}

# make_ctf_from TEXT DIR [NAMING]: the text trace TEXT written as CTF in DIR
make_ctf_from() {
	bt2 --plugin-path="$TEST_PLUGIN_DIR" run \
		-c src:source.schedhangtest.scenario \
		-p "path=\"$1\"${3:+,naming=\"$3\"}" \
		-c out:sink.ctf.fs -p "path=\"$2\"" -x src:out >/dev/null ||
		fail "cannot write $(basename "$1") as CTF"
}

# The stdout part of golden case NAME's .expect file.
golden_stdout() {
	sed -n '/^--- stdout$/,/^--- stderr$/p' "$GOLDEN/cases/$1.expect" | sed '1d;$d'
}

# The exit status recorded in golden case NAME.
golden_exit() {
	sed -n 's/^--- exit //p' "$GOLDEN/cases/$1.expect"
}

# A JSON report without the input's identity (path, format, clock, kernel).
strip_json() {
	sed -e '/^    "path": /d' -e '/^    "format": /d' -e '/^    "clock": /d' -e '/^    "kernel": /d'
}

# A text report without its first three lines (input, format, clock).
strip_text() {
	tail -n +4
}
