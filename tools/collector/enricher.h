/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an enricher is: a name the configuration uses, the options it
 * takes, and the steps the chain calls. The families (enrich_names.c,
 * enrich_maxmind.c, enrich_rdns.c) each define theirs; the registry
 * (enrich.c) lists them.
 */
#ifndef FM_ENRICHER_H
#define FM_ENRICHER_H

#include <stddef.h>
#include <stdio.h>
#include "attrs.h"
#include "config.h"

struct fm_enricher {
	const char *name;
	const char *const *options;	/* known option keys; NULL: any */
	/* 0, or -1 with ": ..." or ":LINE:COL: ..." in @err (the file is prefixed). */
	int (*start)(void **st, const struct fm_extension *x, char *err, size_t len);
	/* On every worker at once: reads its state only. */
	void (*enrich)(void *st, struct fm_enriched_rec *f);
	void (*stop)(void *st);
	void (*tick)(void *st);		/* once a second, from the main thread; may be NULL */
	void (*render)(void *st, FILE *out);	/* self-metrics; may be NULL */
};

#endif
