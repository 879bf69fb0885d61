/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Answers as JSON (jansson): what `flowmeter --json` prints and what
 * flowmeterd serves at /api/v1/KIND are these functions' output, and
 * `flowmeter --server` reads it back with them. The format is in
 * docs/store.md.
 */
#ifndef FM_STORE_JSON_H
#define FM_STORE_JSON_H

#include <jansson.h>
#include "query.h"

/* The answer to @r->q; NULL if out of memory. */
json_t *fm_result_json(const struct fm_result *r);
/* A record as its columns, absent ones left out; times RFC 3339. */
json_t *fm_srec_json(const struct fm_srec *s);
/* Back again; 0, or -1 with the reason in @err. */
int fm_result_from_json(const json_t *j, struct fm_result *r, char *err, size_t errlen);
int fm_srec_from_json(const json_t *j, struct fm_srec *s, char *err, size_t errlen);
/* {"error": "..."}: how the API says no. */
json_t *fm_error_json(const char *msg);

#endif
