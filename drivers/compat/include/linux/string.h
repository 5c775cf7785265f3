/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES <linux/string.h> on top of libc's string functions. */
#ifndef _KC_LINUX_STRING_H
#define _KC_LINUX_STRING_H

#include <string.h>
#include <linux/types.h>

char *kstrdup(const char *s, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
/* Copy with truncation; -E2BIG when truncated, else the length. */
ssize_t strscpy(char *dst, const char *src, size_t count);

#endif /* _KC_LINUX_STRING_H */
