/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SH_SOURCE_DAT_CHECK_H
#define SH_SOURCE_DAT_CHECK_H

#include <stdint.h>

/* Length of the trace.dat magic "\x17\x08\x44tracing" */
#define DAT_MAGIC_LEN 10

/*
 * Check that the file @fd (@size bytes, first bytes @hdr, NUL-terminated,
 * at least DAT_MAGIC_LEN + 8 of them) holds the sections its header
 * announces: v6 CPU data tables of every buffer, v7 options offset.
 * 0, or -1 after reporting "cannot read '@path': truncated ...".
 */
int sh_dat_check_layout(const char *path, int fd, uint64_t size, const unsigned char *hdr);

#endif
