/* SPDX-License-Identifier: GPL-2.0 */
/* flowmeterd's shared state: what the workers, the HTTP thread and main see. */
#ifndef FLOWMETERD_H
#define FLOWMETERD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "decoder.h"
#include "enrich.h"
#include "metrics.h"

/* Everything a reload replaces, swapped as one pointer. */
struct fm_pipeline {
	struct fm_config *cfg;
	struct fm_enrich_chain enrich;
	struct fm_metrics *metrics;
};

/* A datagram's records; grows to what the largest datagram held. */
struct fm_batch {
	int n, cap;
	struct fm_rec *r;
};

struct fm_daemon;

struct fm_worker {
	struct fm_daemon *d;
	pthread_t thread;
	bool running;
	int fd;
	int id;
	_Atomic uint64_t drops;		/* SO_RXQ_OVFL: kernel drops on this socket */
	_Atomic uint64_t datagrams;
	struct fm_batch batch;
};

/* rkosegi's server counters, per sampler (exporter). */
struct fm_sampler_stat {
	struct fm_addr addr;
	uint64_t total, dropped;
	struct fm_sampler_stat *next;
};

struct fm_daemon {
	pthread_rwlock_t pipe_lock;	/* workers read, reload writes */
	struct fm_pipeline *pipe;
	pthread_mutex_t dec_lock;	/* the decoder and the sampler stats */
	struct fm_decoder dec;
	struct fm_sampler_stat *samplers;
	struct fm_worker *workers;
	int nworkers;
	_Atomic uint64_t denied;	/* datagrams from exporters not allowed */
	_Atomic uint64_t filtered;	/* records the pipeline filter dropped */
	_Atomic uint64_t reloads, reload_failures;
	atomic_bool stop;
	uint64_t started_ms;
};

/* receiver.c */
int fm_receivers_open(struct fm_daemon *d, const char *endpoint, int n,
		      int rcvbuf, char *err, size_t errlen);
int fm_receivers_start(struct fm_daemon *d);
void fm_receivers_stop(struct fm_daemon *d);

/* pipeline.c */
struct fm_pipeline *fm_pipeline_new(struct fm_config *c, struct fm_pipeline *old,
				    char *err, size_t errlen);
void fm_pipeline_free(struct fm_pipeline *p);
void fm_pipeline_datagram(struct fm_daemon *d, struct fm_batch *b,
			  const struct fm_addr *from, const uint8_t *buf,
			  size_t len, uint64_t now_ms);

/* http.c */
int fm_http_start(struct fm_daemon *d, const char *endpoint, char *err, size_t errlen);
void fm_http_stop(void);

#endif
