// SPDX-License-Identifier: GPL-2.0
/*
 * The flow_exporter: section (metrics_as.h), apart from the counters so
 * that whatever reads the configuration (the flowmeter command too) links
 * without them.
 */
#include <stdbool.h>
#include <string.h>
#include "config.h"
#include "config_yaml.h"
#include "metrics_as.h"

void fm_config_parse_flow_exporter(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *m)
{
	const yaml_node_t *k, *v;
	yaml_node_pair_t *p;
	unsigned long long u;
	bool asn = false;

	if (!fm_yaml_want(c, m, YAML_MAPPING_NODE, "flow_exporter"))
		return;
	cf->flow_exporter = fm_yaml_zalloc(c, m, 1, sizeof(*cf->flow_exporter));
	if (!cf->flow_exporter)
		return;
	cf->flow_exporter->max_series = 10000;
	fm_yaml_for_pairs(c, m, k, v, p) {
		if (!fm_yaml_key(c, k))
			return;
		if (!strcmp(fm_yaml_scalar(k), "local_asn")) {
			if (fm_yaml_uint(c, v, "flow_exporter.local_asn", UINT32_MAX, &u)) {
				cf->flow_exporter->local_asn = u;
				asn = true;
			}
		} else if (!strcmp(fm_yaml_scalar(k), "max_series")) {
			if (fm_yaml_uint(c, v, "flow_exporter.max_series", 100000000, &u))
				cf->flow_exporter->max_series = u;
		} else {
			fm_yaml_unknown_key(c, k, "flow_exporter", "local_asn, max_series");
		}
		if (c->failed)
			return;
	}
	if (!asn || !cf->flow_exporter->local_asn)
		fm_yaml_fail(c, m, "flow_exporter needs local_asn (your AS number, as flow-exporter's --asn)");
}
