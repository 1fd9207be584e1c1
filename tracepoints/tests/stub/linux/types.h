/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User-space stand-in for the kernel header, for gen-formats.c only. */
#ifndef SH_STUB_LINUX_TYPES_H
#define SH_STUB_LINUX_TYPES_H
#include <stdbool.h>
#include <stdint.h>
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;
typedef int s32;
#endif
