/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outputs: something records go to besides the metrics (a store now;
 * Kafka and Elasticsearch streams later, each a file with its ops). Each
 * output is a sink: its ops, a bounded queue the decode path fills without
 * ever waiting for the output, one writer thread that drains it in
 * batches, and counters. A full queue drops and counts; an output that is
 * down costs counted drops and is connected again with exponential backoff.
 * Records offered = stored + dropped + queued, exactly.
 */
#ifndef FM_SINK_H
#define FM_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "attrs.h"
#include "srec.h"

/* An output. Called from its writer thread only; returns FM_STORE_* (store.h). */
struct fm_sink_ops {
	const char *kind;	/* metric names flowmeterd_<kind>_*, label <kind>="name" */
	int (*connect)(void *out, uint64_t now_ms, char *err, size_t errlen);
	int (*write)(void *out, const struct fm_srec *r, size_t n, char *err, size_t errlen);
	/* About once a second while connected; may be NULL. */
	int (*tick)(void *out, uint64_t now_ms, char *err, size_t errlen);
	void (*disconnect)(void *out);
	void (*free)(void *out);
	/*
	 * The output settles what it took later (a Kafka producer's delivery
	 * reports, a bulk request's per-item results): a written batch stays
	 * queued until fm_sink_settle says what became of each record.
	 */
	bool async;
};

struct fm_sink_conf {
	const char *name;	/* copied */
	unsigned int queue;	/* records */
	unsigned int batch;	/* records a write takes at most */
	unsigned int flush_ms;	/* what is queued is written at least this often */
};

struct fm_sink;

/* Takes @out (freed with the sink, or here on failure). */
struct fm_sink *fm_sink_new(const struct fm_sink_conf *c, const struct fm_sink_ops *ops,
			    void *out, char *err, size_t errlen);
int fm_sink_start(struct fm_sink *s);
/* From any worker: never waits for the output. @n records of one datagram. */
void fm_sink_offer(struct fm_sink *s, const struct fm_enriched_rec *f, int n,
		   uint64_t now_ms);
/*
 * An async output's verdicts, from its writer thread (inside write, tick or
 * disconnect): @delivered taken, @rejected refused for want of room in the
 * output's own queue, @failed lost (timed out, refused by the server).
 */
void fm_sink_settle(struct fm_sink *s, uint64_t delivered, uint64_t rejected,
		    uint64_t failed);
/* Writes what is queued if it can (dropping the rest, counted), then joins. */
void fm_sink_stop(struct fm_sink *s);
void fm_sink_free(struct fm_sink *s);
/* One sink's counters as /metrics has them (flowmeterd_<kind>_*), for /api/v1/health. */
struct fm_sink_stats {
	const char *kind, *name;	/* the sink's, valid while it lives */
	uint64_t offered, stored, dropped, queued;	/* dropped: every reason */
	bool connected;
};
void fm_sink_stats(struct fm_sink *s, struct fm_sink_stats *st);
/* The sinks' counters in the Prometheus text format, one family each. */
void fm_sinks_render(struct fm_sink *const *s, int n, FILE *out);

#endif
