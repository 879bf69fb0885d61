/* SPDX-License-Identifier: GPL-2.0 */
/* reverse_dns: asynchronous PTR lookups (c-ares), never in the decode path. */
#ifndef FM_RDNS_H
#define FM_RDNS_H

#include <stddef.h>
#include <stdio.h>
#include "attrs.h"
#include "config.h"

int fm_rdns_start(void **st, const struct fm_extension *x, char *err, size_t len);
void fm_rdns_enrich(void *st, struct fm_flow *f);
void fm_rdns_stop(void *st);
void fm_rdns_tick(void *st);
void fm_rdns_render(void *st, FILE *out);

#endif
