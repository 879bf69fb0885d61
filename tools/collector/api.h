/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What flowmeterd's HTTP APIs share (api.c): the api: configuration as
 * started, the store they read through a reader connection of their own
 * (never the sink's writer), netflow.io's keys and its sender registry.
 * Made once at start, like the stores; a reload does not change it.
 */
#ifndef FM_API_H
#define FM_API_H

#include <pthread.h>
#include <stdio.h>
#include "config.h"
#include "config_api.h"
#include "daemon.h"
#include "store.h"

struct fm_nfio_registry;

struct fm_api {
	struct fm_api_conf conf;
	const struct fm_store_conf *store;	/* the daemon's; NULL: no store configured */
	pthread_mutex_t lock;			/* the reader: one query at a time */
	struct fm_store_reader *reader;		/* opened when first asked, again after errors */
	char *auth_key, *sign_key;
	struct fm_nfio_registry *registry;
};

/*
 * After the stores are in @d, as root (the registry file): d->api and
 * d->senders. Takes @c's api: section. 0, or -1 with @err.
 */
int fm_api_start(struct fm_daemon *d, struct fm_config *c, char *err, size_t errlen);
void fm_api_stop(struct fm_daemon *d);

/*
 * Ask the API's store: 0, or an HTTP status (503 no store or it cannot
 * be read, 400 a question the store refuses) with the reason in @err.
 */
unsigned int fm_api_query(struct fm_api *a, const struct fm_query *q, struct fm_result *res,
			  char *err, size_t errlen);

/* The APIs' own metrics, for /metrics. */
void fm_api_render(struct fm_daemon *d, FILE *o);

#endif
