/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MKDAT_PAGES_H
#define MKDAT_PAGES_H

#include <stddef.h>
#include <stdint.h>

/* Ring-buffer pages per CPU, written to DIR/cpuN as they fill. */
struct mk_pages;

struct mk_pages *mk_pages_new(const char *dir);

/* Append record @rec of @len bytes at @ts on @cpu; ts must not go back. */
int mk_pages_add(struct mk_pages *p, unsigned cpu, uint64_t ts, const void *rec, size_t len);

/* Write the last partial pages; then the files below are complete. */
int mk_pages_finish(struct mk_pages *p);

unsigned mk_pages_ncpus(const struct mk_pages *p);
const char *const *mk_pages_files(const struct mk_pages *p);

/* Remove the files and free; accepts NULL. */
void mk_pages_free(struct mk_pages *p);

#endif
