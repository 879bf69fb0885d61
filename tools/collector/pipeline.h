/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one configuration makes of a datagram: allow-list, decode, filter,
 * enrich, count. A reload builds a new pipeline and swaps the pointer.
 */
#ifndef FM_PIPELINE_H
#define FM_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "daemon.h"
#include "enrich.h"
#include "metrics.h"
#include "metrics_as.h"

/* Everything a reload replaces, swapped as one pointer. */
struct fm_pipeline {
	struct fm_config *cfg;
	struct fm_enrich_chain enrich;
	struct fm_metrics *metrics;
	struct fm_as_metrics *as_metrics;	/* flow_exporter:, or NULL */
};

/* A datagram's records; grows to what the largest datagram held. */
struct fm_batch {
	int n, cap;
	struct fm_rec *r;
};

/* Takes @c (freed with the pipeline); series of @old's items carry over. */
struct fm_pipeline *fm_pipeline_new(struct fm_config *c, struct fm_pipeline *old,
				    char *err, size_t errlen);
void fm_pipeline_free(struct fm_pipeline *p);
void fm_pipeline_datagram(struct fm_daemon *d, struct fm_batch *b,
			  const struct fm_addr *from, const uint8_t *buf,
			  size_t len, uint64_t now_ms);
/*
 * Records decoded elsewhere (the Kafka input), their exporter in
 * rec.sender; @label is their pmacct label (flow-exporter's hostname), or
 * NULL.
 */
void fm_pipeline_records(struct fm_daemon *d, const struct fm_rec *r, int n, const char *label,
			 uint64_t now_ms);

#endif
