/* SPDX-License-Identifier: GPL-2.0 */
/* maxmind_country, maxmind_asn, maxmind_city (enrich_maxmind.c). */
#ifndef FM_ENRICH_MAXMIND_H
#define FM_ENRICH_MAXMIND_H

#include "enricher.h"

extern const struct fm_enricher fm_enricher_maxmind_country;
extern const struct fm_enricher fm_enricher_maxmind_asn;
extern const struct fm_enricher fm_enricher_maxmind_city;

#endif
