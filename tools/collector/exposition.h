/* SPDX-License-Identifier: GPL-2.0 */
/* The /metrics page, for whoever serves it (http.c). */
#ifndef FM_EXPOSITION_H
#define FM_EXPOSITION_H

#include <stddef.h>
#include "daemon.h"

/* The whole page in the text format, malloc'd; NULL if out of memory. */
char *fm_exposition(struct fm_daemon *d, size_t *len);

#endif
