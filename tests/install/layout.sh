#!/bin/sh
# make install into a scratch DESTDIR puts every file where the configured
# directories say (the plugins where babeltrace2 and libtraceevent look,
# unless configure was told otherwise), the installed schedhang runs and
# finds its man pages, and make uninstall removes everything again.
. "$top_srcdir/tests/lib/common.sh"
: "${bindir:?}" "${mandir:?}" "${bt2plugindir:?}" "${tepplugindir:?}" "${bashcompletiondir:?}" \
	"${pkgdatadir:?}"
make_tmpdir
D=$TMPD/dest

# a make of our own, not the jobserver of the make running the tests
run_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s -C "$top_builddir" "$@" \
		>"$TMPD/make.log" 2>&1 || { cat "$TMPD/make.log"; fail "make $*"; }
}
run_make install DESTDIR="$D"

must() {	# must FILE...: each FILE exists under DESTDIR
	for f in "$@"; do
		[ -f "$D$f" ] || fail "not installed: $f"
	done
}
must "$bindir/schedhang"
[ -x "$D$bindir/schedhang" ] || fail "$bindir/schedhang is not executable"
for page in "$top_srcdir"/man/*.[1-9]; do
	name=${page##*/}
	must "$mandir/man${name##*.}/$name"
done
must "$mandir/man7/schedhang-events.7" "$mandir/man7/babeltrace2-plugin-schedhang.7" \
	"$mandir/man1/schedhang-report.1"
must "$bashcompletiondir/schedhang"
must "$bt2plugindir/babeltrace-plugin-schedhang.so" "$tepplugindir/plugin_schedhang.so"
must "$pkgdatadir/samples/README" "$pkgdatadir/samples/buggy-lost-wakeup.dat" \
	"$pkgdatadir/samples/spsc-race-ctf/metadata" "$pkgdatadir/samples/spsc-race-ctf.report.txt"

# nothing else: every installed file is one of the above directories'
find "$D" -type f | sed "s|^$D||" | while read -r f; do
	case $f in
	"$bindir"/schedhang | "$mandir"/man[17]/* | "$bashcompletiondir"/schedhang | \
	"$bt2plugindir"/babeltrace-plugin-schedhang.* | "$tepplugindir"/plugin_schedhang.* | \
	"$pkgdatadir"/samples/*) ;;
	*) fail "unexpected installed file: $f" ;;
	esac
done || exit 1

# the plugins export what their libraries look for, and only that
exports() {	# exports FILE: the names of the defined dynamic symbols
	nm -D --defined-only "$1" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }'
}
exports "$D$tepplugindir/plugin_schedhang.so" >"$TMPD/tep"
grep -qx tep_plugin_loader "$TMPD/tep" || fail "plugin_schedhang.so has no tep_plugin_loader"
grep -v '^tep_plugin_' "$TMPD/tep" >"$TMPD/extra" &&
	fail "plugin_schedhang.so exports more than tep_plugin_*: $(head -3 "$TMPD/extra")"
exports "$D$bt2plugindir/babeltrace-plugin-schedhang.so" >"$TMPD/bt2"
grep -q '^__bt_get_begin_section_plugin_descriptors$' "$TMPD/bt2" ||
	fail "babeltrace-plugin-schedhang.so has no plugin descriptors"
grep -v '^__bt_' "$TMPD/bt2" >"$TMPD/extra" &&
	fail "babeltrace-plugin-schedhang.so exports more than __bt_*: $(head -3 "$TMPD/extra")"

# the installed command runs, and `help` finds the installed man page
"$D$bindir/schedhang" --version >/dev/null || fail "installed schedhang --version"
if command -v man >/dev/null 2>&1; then
	MANPATH=$D$mandir MANWIDTH=80 man schedhang-events 2>/dev/null | grep -q 'USER-SPACE PROBE ABI' ||
		fail "man schedhang-events does not render from $D$mandir"
	case $mandir in
	"${bindir%/bin}/share/man")	# help finds pages in ../share/man beside the binary
		MANWIDTH=80 "$D$bindir/schedhang" help report 2>"$TMPD/err" | grep -q '^SYNOPSIS' ||
			fail "schedhang help report: no installed page ($(cat "$TMPD/err"))" ;;
	esac
fi
if command -v babeltrace2 >/dev/null 2>&1 &&
   ! ldd "$D$bt2plugindir/babeltrace-plugin-schedhang.so" | grep -q libasan; then
	babeltrace2 --omit-system-plugin-path --plugin-path="$D$bt2plugindir" list-plugins 2>&1 |
		grep -q "sink.schedhang.report" || fail "babeltrace2 does not load the installed plugin"
fi

run_make uninstall DESTDIR="$D"
left=$(find "$D" -type f)
[ -z "$left" ] || fail "left after make uninstall: $left"
echo "ok: installed and uninstalled (plugins: $bt2plugindir, $tepplugindir)"
