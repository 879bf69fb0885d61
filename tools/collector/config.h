/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowmeterd's configuration: rkosegi/netflow-collector's YAML schema, as
 * is, plus our keys (documented in flowmeterd.8). Parsed once into plain
 * structs; a reload parses a new one and swaps.
 */
#ifndef FM_CONFIG_H
#define FM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "addr.h"
#include "record.h"
#include "store.h"

enum fm_converter { CONV_IPV4, CONV_STR, CONV_UINT32, CONV_UINT64, CONV_STATIC };

struct fm_label {
	char *name;
	char *value;		/* attribute name, or the text for static */
	enum fm_converter conv;
	int attr;		/* resolved attribute (attrs.h), -1 for static */
};

/* What a metric item counts. */
enum { FM_COUNT_BYTES = 1, FM_COUNT_PACKETS = 2, FM_COUNT_FLOWS = 4 };

struct fm_metric_spec {
	char *name;
	char *description;
	struct fm_label *labels;
	int nlabels;
	unsigned int counters;	/* FM_COUNT_* */
	unsigned int max_series;
};

enum fm_filter_kind { FILTER_L2L, FILTER_CIDR, FILTER_IS, FILTER_IS_UINT32 };

struct fm_filter {
	enum fm_filter_kind kind;
	int attr;
	struct fm_addr net;	/* cidr / is */
	int prefix;
	bool is_none;		/* `is` with a value that is no address */
	uint32_t u32;
};

struct fm_ext_kv {
	char *key;
	char *value;
	int line, col;
};

/* A pipeline.enrich entry; the enricher registry checks the name. */
struct fm_enricher_ref {
	char *name;
	int line, col;
};

/* extensions.<enricher>: kept as key/value text for the enricher to read. */
struct fm_extension {
	char *name;
	struct fm_ext_kv *kv;
	int nkv;
	int line, col;
};

struct fm_sampling_override {
	struct fm_addr exporter;
	uint32_t rate;
};

struct fm_api_conf;
struct fm_kafka_conf;
struct fm_kafka_input_conf;
struct fm_elastic_conf;
struct fm_as_conf;

struct fm_config {
	char *path;
	char *netflow_endpoint;
	char *telemetry_endpoint;	/* NULL: no HTTP */
	unsigned int flush_interval;	/* seconds; 0 in the file means 180 */
	char *prefix;
	struct fm_filter *filters;
	int nfilters;
	struct fm_enricher_ref *enrich;
	int nenrich;
	struct fm_metric_spec *metrics;
	int nmetrics;
	struct fm_extension *ext;
	int next;
	/* Ours. */
	int workers;			/* 0: one per CPU */
	int receive_buffer;		/* bytes; 0: system default */
	struct fm_cidr *allow;		/* empty: every exporter */
	int nallow;
	char *state_file;
	unsigned int template_timeout;	/* seconds */
	unsigned int max_templates;
	unsigned int max_series;	/* default for items */
	uint32_t default_sampling;
	struct fm_sampling_override *sampling;
	int nsampling;
	char *user;
	struct fm_store_conf *stores;	/* store: one per backend configured */
	int nstores;
	struct fm_api_conf *api;	/* api: (config_api.c); NULL: the defaults */
	/* Streams (docs/streams.md); NULL: not configured. */
	struct fm_kafka_conf *kafka;			/* kafka: (config_kafka.c) */
	struct fm_kafka_input_conf *kafka_input;	/* kafka_input: (config_kafka.c) */
	struct fm_elastic_conf *elastic;		/* elasticsearch: (config_elastic.c) */
	struct fm_as_conf *flow_exporter;		/* flow_exporter: (metrics_as.c) */
};

/* NULL with a message "FILE:LINE:COL: ..." in @err (size @errlen). */
struct fm_config *fm_config_load(const char *path, char *err, size_t errlen);
void fm_config_free(struct fm_config *c);
const struct fm_extension *fm_config_ext(const struct fm_config *c,
					 const char *name);
const char *fm_ext_get(const struct fm_extension *x, const char *key);

#endif
