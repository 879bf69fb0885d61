/* SPDX-License-Identifier: GPL-2.0 */
/* protocol_name, interface_mapper, host_alias (enrich_names.c). */
#ifndef FM_ENRICH_NAMES_H
#define FM_ENRICH_NAMES_H

#include "enricher.h"

extern const struct fm_enricher fm_enricher_protocol_name;
extern const struct fm_enricher fm_enricher_interface_mapper;
extern const struct fm_enricher fm_enricher_host_alias;

#endif
