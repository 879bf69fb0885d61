/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configured metrics: for each item, one series per distinct set of
 * label values, each with bytes, packets and flows counters. Series idle
 * for flush_interval are dropped; past max_series new label sets fold into
 * one "overflow" series, counted.
 */
#ifndef FM_METRICS_H
#define FM_METRICS_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "attrs.h"
#include "config.h"

struct fm_series;

struct fm_metric {
	const struct fm_metric_spec *spec;
	char *signature;		/* what must match to keep series over a reload */
	pthread_mutex_t lock;
	struct fm_series **buckets;
	unsigned int nbuckets;
	unsigned int nseries;
	struct fm_series *overflow;
	uint64_t overflowed;		/* records folded into it */
};

struct fm_metrics {
	char *prefix;
	unsigned int flush_ms;
	int n;
	struct fm_metric *m;
};

/* Build from @c; series of identical items in @old move over (old may be NULL). */
struct fm_metrics *fm_metrics_new(const struct fm_config *c, struct fm_metrics *old);
void fm_metrics_free(struct fm_metrics *ms);
/* Count @n flows (a batch: one lock per item). */
void fm_metrics_apply(struct fm_metrics *ms, const struct fm_enriched_rec *f, int n,
		      uint64_t now_ms);
void fm_metrics_flush(struct fm_metrics *ms, uint64_t now_ms);
/* Prometheus text exposition of every series. */
void fm_metrics_render(struct fm_metrics *ms, FILE *out);
/* Self-metrics of the store: series counts and overflow. */
void fm_metrics_render_self(struct fm_metrics *ms, FILE *out);

/* Label value escaping for the text format. */
void fm_prom_escape(FILE *out, const char *s);

#endif
