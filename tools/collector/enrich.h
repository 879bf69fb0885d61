/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enrichers: named steps that add attributes to a flow (rkosegi's names and
 * options). Started once per configuration; enrich() runs on every worker
 * at once, so it only reads its state.
 */
#ifndef FM_ENRICH_H
#define FM_ENRICH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "attrs.h"
#include "config.h"

struct fm_enricher;

/* The configured enrichers, in pipeline order. */
struct fm_enrich_chain {
	int n;
	const struct fm_enricher **e;
	void **state;
};

/*
 * Every enricher @c names (pipeline.enrich, extensions) exists and takes
 * the options given; 0, or -1 with "FILE:LINE:COL: ..." in @err.
 */
int fm_enrich_check(const struct fm_config *c, char *err, size_t errlen);
/* fm_enrich_check, then start each; 0, or -1 with "FILE:LINE:COL: ..." in @err. */
int fm_enrich_start(struct fm_enrich_chain *ch, const struct fm_config *c,
		    char *err, size_t errlen);
void fm_enrich_run(const struct fm_enrich_chain *ch, struct fm_enriched_rec *f);
void fm_enrich_stop(struct fm_enrich_chain *ch);
/* Once a second: databases that changed on disk are reloaded. */
void fm_enrich_tick(const struct fm_enrich_chain *ch);
/* Self-metrics of the enrichers that have any. */
void fm_enrich_render(const struct fm_enrich_chain *ch, FILE *out);

#endif
