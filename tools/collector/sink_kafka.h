/* SPDX-License-Identifier: GPL-2.0 */
/* The Kafka output (sink_kafka.c): records as pmacct JSON messages to a topic. */
#ifndef FM_SINK_KAFKA_H
#define FM_SINK_KAFKA_H

#include "config_kafka.h"
#include "sink.h"

/* @c must outlive the sink. NULL with the reason in @err. */
struct fm_sink *fm_sink_kafka_new(const struct fm_kafka_conf *c, char *err, size_t errlen);

#endif
