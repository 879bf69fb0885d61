/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records as Elastic Common Schema documents (ecs_json.c): what the
 * elasticsearch: output indexes and writes as NDJSON. The fields, and the
 * index template that maps them, are in docs/streams.md and
 * docs/elasticsearch-template.json.
 */
#ifndef FM_ECS_JSON_H
#define FM_ECS_JSON_H

#include <stddef.h>
#include "srec.h"

/* One document, compact, on one line (malloc'd, no newline), or NULL. */
char *fm_ecs_encode(const struct fm_srec *s, size_t *len);
/* The daily index a record goes to: PREFIX-YYYY.MM.DD (UTC) of its @timestamp. */
void fm_ecs_index(const struct fm_srec *s, const char *prefix, char *buf, size_t len);

#endif
