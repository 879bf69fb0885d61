/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Kafka input (receiver_kafka.c): pmacct-JSON records from a topic into
 * the same pipeline as the UDP ones.
 */
#ifndef FM_RECEIVER_KAFKA_H
#define FM_RECEIVER_KAFKA_H

#include <stdio.h>
#include "config_kafka.h"
#include "daemon.h"

struct fm_kafka_rx;

/* Subscribes (brokers need not be up yet); NULL with the reason in @err. */
struct fm_kafka_rx *fm_kafka_rx_new(struct fm_daemon *d, const struct fm_kafka_input_conf *c,
				    char *err, size_t errlen);
int fm_kafka_rx_start(struct fm_kafka_rx *rx);
/* After d->stop is set: the consumer leaves its group and is freed. */
void fm_kafka_rx_free(struct fm_kafka_rx *rx);
void fm_kafka_rx_render(struct fm_kafka_rx *rx, FILE *out);

#endif
