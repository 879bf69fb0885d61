/* SPDX-License-Identifier: GPL-2.0 */
/* A configured store as a sink (sink_store.c): libfmstore's writer behind a queue. */
#ifndef FM_SINK_STORE_H
#define FM_SINK_STORE_H

#include "sink.h"
#include "store.h"

/* @c must outlive the sink. NULL with the reason in @err. */
struct fm_sink *fm_sink_store_new(const struct fm_store_conf *c, char *err, size_t errlen);

#endif
