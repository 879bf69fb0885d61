/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-AS traffic as neptune-networks/flow-exporter serves it (metrics_as.c):
 * flow_transmit_bytes_total and flow_receive_bytes_total{source_as,
 * source_as_name, destination_as, destination_as_name, hostname}, the
 * direction decided by the operator's own AS, so its dashboards and alerts
 * work unchanged on flowmeterd. Enabled by the flow_exporter: section.
 */
#ifndef FM_METRICS_AS_H
#define FM_METRICS_AS_H

#include <stdint.h>
#include <stdio.h>
#include <yaml.h>
#include "attrs.h"

struct fm_yaml;
struct fm_config;

struct fm_as_conf {
	uint32_t local_asn;	/* source AS = it: transmit; else destination AS = it: receive */
	unsigned int max_series;
};

struct fm_as_metrics;

/* flow_exporter: {local_asn: N, max_series: N} */
void fm_config_parse_flow_exporter(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);

/* NULL if out of memory; series of @old carry over when local_asn is the same. */
struct fm_as_metrics *fm_as_metrics_new(const struct fm_as_conf *c, struct fm_as_metrics *old);
void fm_as_metrics_free(struct fm_as_metrics *m);
/*
 * Count @n flows. @hostname is the records' label (pmacct's, from the
 * Kafka input), or NULL: then each record's exporter address.
 */
void fm_as_metrics_apply(struct fm_as_metrics *m, const struct fm_enriched_rec *f, int n,
			 const char *hostname);
void fm_as_metrics_render(struct fm_as_metrics *m, FILE *out);

#endif
