/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User-space stand-in: gen-formats.c defines the TRACE_EVENT macros itself. */
