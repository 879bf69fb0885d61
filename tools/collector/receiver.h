/* SPDX-License-Identifier: GPL-2.0 */
/* The flow sockets and the worker threads that read them. */
#ifndef FM_RECEIVER_H
#define FM_RECEIVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "daemon.h"
#include "pipeline.h"

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

/* Bind @n sockets to @endpoint; before privileges are dropped. */
int fm_receivers_open(struct fm_daemon *d, const char *endpoint, int n,
		      int rcvbuf, char *err, size_t errlen);
int fm_receivers_start(struct fm_daemon *d);
/* After d->stop is set: workers notice within a second. */
void fm_receivers_stop(struct fm_daemon *d);

#endif
