/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration's kafka: (the output) and kafka_input: sections
 * (config_kafka.c), and how they become librdkafka's settings.
 */
#ifndef FM_CONFIG_KAFKA_H
#define FM_CONFIG_KAFKA_H

#include <librdkafka/rdkafka.h>
#include "config_yaml.h"

/* What a message's key is: one exporter's records keep their order by default. */
enum fm_kafka_key { FM_KAFKA_KEY_EXPORTER, FM_KAFKA_KEY_SOURCE_IP, FM_KAFKA_KEY_NONE };

struct fm_kafka_prop {
	char *key, *value;
	int line, col;
};

struct fm_kafka_conf {
	char *brokers, *topic;
	char *label;			/* pmacct's label field; NULL: none */
	char *compression, *acks;	/* librdkafka's compression.codec, acks */
	enum fm_kafka_key key;
	unsigned int queue, batch, flush_ms;
	unsigned int message_timeout_ms;
	struct fm_kafka_prop *props;	/* properties: passed to librdkafka as is */
	int nprops;
};

struct fm_kafka_input_conf {
	char *brokers, *topic, *group;
	bool earliest;			/* a new group starts at the oldest message */
	struct fm_kafka_prop *props;
	int nprops;
};

void fm_config_parse_kafka(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);
void fm_config_parse_kafka_input(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);
void fm_kafka_conf_free(struct fm_kafka_conf *k);
void fm_kafka_input_conf_free(struct fm_kafka_input_conf *k);

/* librdkafka's configuration for the output / the input; NULL with the reason. */
rd_kafka_conf_t *fm_kafka_rdconf(const struct fm_kafka_conf *k, char *err, size_t errlen);
rd_kafka_conf_t *fm_kafka_input_rdconf(const struct fm_kafka_input_conf *k, char *err,
				       size_t errlen);

#endif
