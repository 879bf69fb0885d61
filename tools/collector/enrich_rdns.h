/* SPDX-License-Identifier: GPL-2.0 */
/* reverse_dns: asynchronous PTR lookups (c-ares), never in the decode path. */
#ifndef FM_ENRICH_RDNS_H
#define FM_ENRICH_RDNS_H

#include "enricher.h"

extern const struct fm_enricher fm_enricher_reverse_dns;

#endif
