/* SPDX-License-Identifier: GPL-2.0 */
/* The Elasticsearch output (sink_elastic.c): ECS documents by _bulk and/or NDJSON. */
#ifndef FM_SINK_ELASTIC_H
#define FM_SINK_ELASTIC_H

#include "config_elastic.h"
#include "sink.h"

/* @c must outlive the sink. NULL with the reason in @err. */
struct fm_sink *fm_sink_elastic_new(const struct fm_elastic_conf *c, char *err, size_t errlen);

#endif
