/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reach SCHEMA...: for the event schemas named as report's JSON names them
 * ("gpu_scheduler>=6.17", "workqueue"...), print "CLASS REACH" per hang
 * class (detect/reach.c), REACH being proven, suspected or none.
 */
#include <stdio.h>
#include <string.h>

#include "core/trace-info.h"
#include "detect/reach.h"

int main(int argc, char **argv)
{
	unsigned schemas = 0;

	for (int i = 1; i < argc; i++) {
		unsigned bit = 0;

		while (bit < SH_SCHEMA__COUNT && strcmp(sh_trace_info_schema(bit), argv[i]))
			bit++;
		if (bit == SH_SCHEMA__COUNT) {
			fprintf(stderr, "reach: unknown schema '%s'\n", argv[i]);
			return 2;
		}
		schemas |= 1u << bit;
	}
	for (int c = 0; c < SH_FC__COUNT; c++) {
		enum sh_reach r = sh_reach_class(schemas, (enum sh_finding_class)c, NULL);

		printf("%s %s\n", sh_finding_class_name((enum sh_finding_class)c),
		       r == SH_REACH_NONE ? "none" : sh_reach_name(r));
	}
	return 0;
}
