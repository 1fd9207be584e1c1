#!/bin/sh
# The tree stands alone: no file of the project refers to a path outside the
# repository: a relative path that climbs above the top folder, an absolute
# path of a development machine, or a document that is not part of the tree
# (the files are listed by git, or, in a release tarball, are the tarball's).
. "$top_srcdir/tests/lib/common.sh"
make_tmpdir
cd "$top_srcdir" || exit 99

if git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ "$(git rev-parse --show-toplevel)" = "$(pwd -P)" ]; then
	git ls-files >"$TMPD/files" || exit 99
	from="git ls-files"
else
	# a tarball: every file but what autoreconf (libtool's and automake's
	# files), configure and make create
	find . -type f ! -path './.git/*' ! -path '*/.deps/*' ! -path '*/.libs/*' \
		! -path './autom4te.cache/*' ! -path './_build/*' ! -path './debian/.debhelper/*' \
		! -path './build-aux/*' ! -path './m4/l*.m4' ! -name configure ! -name aclocal.m4 \
		! -name Makefile.in ! -name config.h.in ! -name Makefile ! -name config.h \
		! -name config.log ! -name config.status ! -name libtool ! -name stamp-h1 \
		! -name '*.log' ! -name '*.trs' ! -name '*.o' ! -name '*.lo' ! -name '*.la' |
		sed 's|^\./||' >"$TMPD/files"
	from="the files of $(pwd)"
fi
[ -s "$TMPD/files" ] || fail "no files found"

# Documents and paths that are not in the repository. The patterns are built
# from pieces so that this file does not match them itself.
sh=shared
pat="\.\./$sh/|$sh/(spec|reference|STYLE)|STYLE\.md|schedhang-events\.md"
pat="$pat|kernel-drm-sched\.md|tooling\.md|anchors\.md|kernel referenc[e]|referenc[e] §"
pat="$pat|/wor[k]/|/roo[t]/|/hom[e]/"

# Occurrences allowed for a reason, as "BASENAME PATTERN" lines (none now:
# src/ comments cite the man pages). A line that no longer matches fails.
cat >"$TMPD/allowed" <<'EOF'
EOF

status=0
# files only: the lines that match, as FILE:LINE:TEXT (binary files skipped)
tr '\n' '\0' <"$TMPD/files" | xargs -0 grep -I -n -i -E -- "$pat" 2>/dev/null >"$TMPD/hits"
: >"$TMPD/used"
while IFS= read -r hit; do
	file=${hit%%:*}
	[ "$file" = tests/docs/self-contained.sh ] && continue
	base=${file##*/}
	ok=
	while read -r abase apat; do
		if [ "$base" = "$abase" ] && printf '%s\n' "$hit" | grep -q -i -F -- "$apat"; then
			ok=1
			echo "$abase $apat" >>"$TMPD/used"
		fi
	done <"$TMPD/allowed"
	[ -n "$ok" ] && continue
	echo "outside reference: $hit"
	status=1
done <"$TMPD/hits"
sort -u "$TMPD/used" -o "$TMPD/used"
sort "$TMPD/allowed" | comm -23 - "$TMPD/used" | while read -r line; do
	echo "allowed occurrence no longer found (remove it from $0): $line"
	exit 1
done || status=1

# Relative paths written as ../x: resolved from the file's folder, they must
# stay inside the tree (where they lead need not exist: install layouts).
tr '\n' '\0' <"$TMPD/files" | xargs -0 grep -I -o -n -E -- '(\.\./)+[A-Za-z0-9_.-]*' 2>/dev/null |
while IFS=: read -r file line ref; do
	dir=$(dirname "$file")
	depth=$(printf '%s\n' "$dir" | awk -F/ '$0 == "." { print 0; exit } { print NF }')
	ups=$(printf '%s\n' "$ref" | grep -o '\.\./' | wc -l)
	if [ "$ups" -gt "$depth" ]; then
		echo "path outside the tree: $file:$line: $ref"
		exit 1
	fi
done || status=1

[ $status = 0 ] && echo "ok: $(wc -l <"$TMPD/files") files ($from)"
exit $status
