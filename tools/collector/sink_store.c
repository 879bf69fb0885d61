// SPDX-License-Identifier: GPL-2.0
/*
 * The store output: the sink's calls are libfmstore's writer's (store.h),
 * which does the backend, the rollups and retention.
 */
#include "sink_store.h"

static int connect_store(void *out, uint64_t now_ms, char *err, size_t errlen)
{
	return fm_store_connect(out, now_ms, err, errlen);
}

static int write_store(void *out, const struct fm_srec *r, size_t n, char *err, size_t errlen)
{
	return fm_store_write(out, r, n, err, errlen);
}

static int tick_store(void *out, uint64_t now_ms, char *err, size_t errlen)
{
	return fm_store_maintain(out, now_ms, err, errlen);
}

static void disconnect_store(void *out)
{
	fm_store_disconnect(out);
}

static void free_store(void *out)
{
	fm_store_free(out);
}

static const struct fm_sink_ops store_ops = {
	.kind = "store",
	.connect = connect_store,
	.write = write_store,
	.tick = tick_store,
	.disconnect = disconnect_store,
	.free = free_store,
};

struct fm_sink *fm_sink_store_new(const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct fm_sink_conf sc = { c->name, c->queue, c->batch, c->flush_ms };
	struct fm_store *st = fm_store_new(c, err, errlen);

	return st ? fm_sink_new(&sc, &store_ops, st, err, errlen) : NULL;
}
