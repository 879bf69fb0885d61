/* SPDX-License-Identifier: GPL-2.0 */
/* The configuration's store: section (config_store.c), one of config.c's sections. */
#ifndef FM_CONFIG_STORE_H
#define FM_CONFIG_STORE_H

#include "config_yaml.h"

/* store: {BACKEND: {...}, queue, batch, ...} into cf->stores, one per backend. */
void fm_config_parse_store(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);

/* "10GB", "512MiB", "1000000" (bytes); 0 or -1. */
int fm_size_parse(const char *s, uint64_t *bytes);

#endif
