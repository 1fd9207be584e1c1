#!/bin/sh
# The bash completion (completion/schedhang) offers exactly the commands of
# `schedhang --help`, the options of each `schedhang COMMAND --help`, the
# main options of schedhang(1), and expects a value after exactly the options
# whose --help line names one; and it completes values and trace files.
. "$top_srcdir/tests/lib/common.sh"
command -v bash >/dev/null 2>&1 || skip "bash is not installed"
make_tmpdir
COMPLETION=$top_srcdir/completion/schedhang

# complete LINE: what the completion offers for LINE (cursor at its end), one per line
complete_line() {
	bash -c '
		. "$1" || exit 99
		COMP_LINE=$2 COMP_POINT=${#2}
		read -r -a COMP_WORDS <<<"$2"
		COMP_CWORD=${#COMP_WORDS[@]}
		case $2 in *" ") ;; *) COMP_CWORD=$((COMP_CWORD - 1)) ;; esac
		_schedhang || exit 99
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		complete-test "$COMPLETION" "$1"
}

# The option lines of a --help text ("  -o, --output FILE   ..."): one
# "OPTION VALUE" per option name, VALUE "-" when the option takes none.
help_options() {
	sed -n 's/^ \{2,6\}\(-[A-Za-z0-9]\(, --[a-z][-a-z]*\)\{0,1\}\|--[a-z][-a-z]*\)\( [[A-Z][][A-Z:,_=]*\)\{0,1\} .*/\1|\3/p' |
		while IFS='|' read -r names value; do
			for o in $(printf "%s\n" "$names" | tr ',' ' '); do
				printf "%s %s\n" "$o" "${value:--}"
			done
		done | sort
}

# The options the completion says take a value, from its variable.
takes_value() {
	bash -c '. "$1"; printf "%s\n" $_schedhang_takes_value' x "$COMPLETION" | sort -u
}
takes_value >"$TMPD/takes-value"

status=0
check() {	# check WHAT WANT-FILE GOT-FILE
	if diff -u "$2" "$3" >"$TMPD/diff"; then
		echo "ok: $1"
	else
		echo "FAIL: $1 (- wanted, + completion):"
		cat "$TMPD/diff"
		status=1
	fi
}

# commands
"$SCHEDHANG" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | sort >"$TMPD/want"
[ -s "$TMPD/want" ] || fail "no commands in 'schedhang --help'"
complete_line "schedhang " | sort >"$TMPD/got"
check "commands" "$TMPD/want" "$TMPD/got"
complete_line "schedhang help " | sort >"$TMPD/got"
check "help COMMAND" "$TMPD/want" "$TMPD/got"

# schedhang's own options: the OPTIONS section of schedhang(1)
sed -n '/^\.SH OPTIONS/,/^\.SH /s/^\.BR \(.*\)/\1/p' "$top_srcdir/man/schedhang.1" |
	sed -e 's/\\-/-/g' -e 's/[",]/ /g' | tr ' ' '\n' | grep '^-' | sort >"$TMPD/want"
[ -s "$TMPD/want" ] || fail "no options in the OPTIONS section of schedhang.1"
complete_line "schedhang -" | sort >"$TMPD/got"
check "schedhang options" "$TMPD/want" "$TMPD/got"

# each command's options, and which of them take a value
for cmd in $(complete_line "schedhang "); do
	[ "$cmd" = help ] && continue
	"$SCHEDHANG" "$cmd" --help | help_options >"$TMPD/opts" ||
		fail "schedhang $cmd --help failed"
	[ -s "$TMPD/opts" ] || fail "no options found in 'schedhang $cmd --help'"
	cut -d' ' -f1 "$TMPD/opts" >"$TMPD/want"
	complete_line "schedhang $cmd -" | sort >"$TMPD/got"
	check "$cmd options" "$TMPD/want" "$TMPD/got"
	while read -r o value; do
		if grep -qx -- "$o" "$TMPD/takes-value"; then has=yes; else has=no; fi
		if [ "$value" = - ] && [ $has = yes ]; then
			echo "FAIL: $cmd $o takes no value but the completion waits for one"
			status=1
		elif [ "$value" != - ] && [ $has = no ]; then
			echo "FAIL: $cmd $o $value: the completion does not expect a value"
			status=1
		fi
	done <"$TMPD/opts"
done

# values and files
expect() {	# expect LINE WORD...: the completion of LINE is exactly WORD...
	line=$1
	shift
	printf '%s\n' "$@" | sort >"$TMPD/want"
	complete_line "$line" | sort >"$TMPD/got"
	check "'$line'" "$TMPD/want" "$TMPD/got"
}
expect "schedhang report --format " json text
expect "schedhang tui --input-format c" ctf
expect "schedhang report --color a" always auto
expect "schedhang record -C mono_" mono_raw
mkdir "$TMPD/t" "$TMPD/t/ctf-folder"
: >"$TMPD/t/run1.dat"
: >"$TMPD/t/run1.txt"
: >"$TMPD/t/notes.md"
expect "schedhang report $TMPD/t/" "$TMPD/t/ctf-folder" "$TMPD/t/run1.dat" "$TMPD/t/run1.txt"
expect "schedhang tui -i $TMPD/t/n" "$TMPD/t/notes.md"
expect "schedhang record -o $TMPD/t/n" "$TMPD/t/notes.md"
exit $status
