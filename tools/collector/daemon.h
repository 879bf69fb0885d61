/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowmeterd's shared state: what the workers, the HTTP thread and the
 * main thread all see, and the locks that say who may touch what.
 */
#ifndef FM_DAEMON_H
#define FM_DAEMON_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "decoder.h"

struct fm_api;
struct fm_nfio_registry;
struct fm_pipeline;
struct fm_sink;
struct fm_store_conf;
struct fm_worker;
struct fm_kafka_rx;
struct fm_kafka_conf;
struct fm_kafka_input_conf;
struct fm_elastic_conf;

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
	/* Outputs, made at start from the first configuration (they change on restart). */
	struct fm_store_conf *stores;
	int nstores;
	struct fm_sink **sinks;		/* the stores' first, then the streams' */
	int nsinks;
	struct fm_api *api;		/* the HTTP APIs' state (api.h), made at start */
	struct fm_nfio_registry *senders;	/* netflow.io's: whose flows are stored */
	struct fm_kafka_rx *kafka_rx;	/* kafka_input:, or NULL */
	/* The streams' sections of the first configuration (they change on restart). */
	struct fm_kafka_conf *kafka;
	struct fm_kafka_input_conf *kafka_input;
	struct fm_elastic_conf *elastic;
	_Atomic uint64_t denied;	/* datagrams from exporters not allowed */
	_Atomic uint64_t filtered;	/* records the pipeline filter dropped */
	_Atomic uint64_t reloads, reload_failures;
	atomic_bool stop;
	uint64_t started_ms;
};

#endif
