# SH_PLUGINDIR(OPTION, PKG-MODULE, SUBDIR, VARIABLE)
# ---------------------------------------------------
# --with-OPTION-plugindir=DIR sets VARIABLE (AC_SUBST) to DIR. Without it,
# VARIABLE is PKG-MODULE's pkg-config variable "plugindir" when the module
# defines one, else PKG-MODULE's libdir followed by /SUBDIR: the system
# plugin directory the library was built with. Warns when that directory
# does not exist on this machine (the library would not look there).
AC_DEFUN([SH_PLUGINDIR], [
AC_ARG_WITH([$1-plugindir],
	[AS_HELP_STRING([--with-$1-plugindir=DIR],
		[install the $1 plugin in DIR (default: the system plugin directory of $2, from pkg-config)])],
	[$4=$withval],
	[$4=`$PKG_CONFIG --variable=plugindir $2 2>/dev/null`
	 AS_IF([test -z "$$4"], [
		sh_libdir=`$PKG_CONFIG --variable=libdir $2 2>/dev/null`
		AS_IF([test -z "$sh_libdir"],
			[AC_MSG_ERROR([cannot ask pkg-config for the libdir of $2; use --with-$1-plugindir=DIR])])
		$4=$sh_libdir/$3])])
AC_MSG_CHECKING([where to install the $1 plugin])
AC_MSG_RESULT([$$4])
AS_CASE([$$4],
	[*'$'*], [],
	[AS_IF([test ! -d "$$4"],
		[AC_MSG_WARN([$$4 does not exist: is it where $2 loads plugins from?])])])
AC_SUBST([$4])
])
