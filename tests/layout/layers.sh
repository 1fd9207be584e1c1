#!/bin/sh
# The include graph of src/ follows the pipeline (DEVELOPERS.md, "The tree"):
#   core <- read, model <- detect <- report, tui, record <- the commands
# A folder includes only its own files and lower folders; read and model do
# not include each other, nor do report, tui and record. Only read/ and
# record/ include tracing libraries, only tui/term.c includes curses, and
# every module of a folder has a header named after it.
. "${top_srcdir:-.}/tests/lib/common.sh"

src=$top_srcdir/src
[ -d "$src/core" ] || fail "no $src/core"

rank() {
	case $1 in
	core) echo 0 ;;
	read|model) echo 1 ;;
	detect) echo 2 ;;
	report|tui|record) echo 3 ;;
	.) echo 4 ;;
	*) echo x ;;
	esac
}

bad=0
complain() { echo "layers: $*" >&2; bad=$((bad + 1)); }

for f in "$src"/*.[ch] "$src"/*/*.[ch]; do
	rel=${f#"$src"/}
	case $rel in */*) dir=${rel%%/*} ;; *) dir=. ;; esac
	me=$(rank "$dir")
	[ "$me" != x ] || { complain "$rel: folder '$dir' is not a layer of the pipeline"; continue; }
	# quoted includes: "folder/file.h" must exist and point down (or sideways into the same folder)
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		config.h) continue ;;
		*/*) to=${inc%%/*} ;;
		*) to=. ;;
		esac
		[ -e "$src/$inc" ] || { complain "$rel includes \"$inc\", which is not a file of src/"; continue; }
		[ "$to" = "$dir" ] && continue
		them=$(rank "$to")
		if [ "$them" = x ] || [ "$them" -ge "$me" ]; then
			complain "$rel ($dir) includes $inc ($to): a layer may only include lower ones"
		fi
	done
	# library headers
	libs=$(sed -n 's/^#include <\([^>]*\)>.*/\1/p' "$f" |
		grep -E '^(trace-cmd|tracefs|event-parse|kbuffer|babeltrace2/|curses|ncurses|libelf|gelf|zstd)' || true)
	for lib in $libs; do
		case $dir:$lib in
		read:*) ;;
		record:tracefs.h|record:event-parse.h|record:libelf.h|record:gelf.h|record:kbuffer.h) ;;
		tui:curses.h|tui:ncurses.h) [ "$rel" = tui/term.c ] || complain "$rel includes <$lib>: only tui/term.c may" ;;
		*) complain "$rel ($dir) includes <$lib>: only read/ (and record/ for tracefs, tui/term.c for curses) may" ;;
		esac
	done
done

# one module, one header: src/FOLDER/x.c has src/FOLDER/x.h
for f in "$src"/*/*.c; do
	[ -e "${f%.c}.h" ] || complain "${f#"$src"/} has no header of its own"
done

[ "$bad" -eq 0 ] || fail "$bad layering problem(s)"
echo "layers: $(ls "$src"/*.[ch] "$src"/*/*.[ch] | wc -l) files, includes point down"
