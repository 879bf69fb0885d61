// SPDX-License-Identifier: GPL-2.0
/*
 * UDP receive: one socket per worker on the same address with SO_REUSEPORT,
 * so the kernel spreads exporters over workers (one exporter's datagrams
 * stay on one socket); recvmmsg takes up to a batch per system call.
 * SO_RXQ_OVFL reports what the kernel dropped because we were too slow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "clock.h"
#include "receiver.h"

#define VLEN 32
#define DGRAM_MAX 65536

int fm_receivers_open(struct fm_daemon *d, const char *endpoint, int n,
		      int rcvbuf, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	char why[128];
	int i, one = 1, zero = 0;

	/* No address: every address, IPv6 and IPv4. */
	if (fm_endpoint_resolve(endpoint, "::", &ss, &sslen, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "netflow_endpoint '%s': %s", endpoint, why);
		return -1;
	}
	d->workers = calloc(n, sizeof(*d->workers));
	if (!d->workers) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct fm_worker *w = &d->workers[i];
		int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		w->id = i;
		w->fd = fd;
		d->nworkers = i + 1;
		if (fd < 0)
			goto fail;
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
			goto fail;
		setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one));
		if (ss.ss_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		/* Past rmem_max needs CAP_NET_ADMIN: try that first, then the plain way. */
		if (rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		/* Workers look at the stop flag at least once a second. */
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO,
			   &(struct timeval){ .tv_sec = 1 }, sizeof(struct timeval));
		if (bind(fd, (struct sockaddr *)&ss, sslen) < 0)
			goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "netflow_endpoint %s: %s", endpoint, strerror(errno));
	fm_receivers_stop(d);
	return -1;
}


static void *worker(void *arg)
{
	struct fm_worker *w = arg;
	struct fm_daemon *d = w->d;
	struct sockaddr_storage from[VLEN];
	struct mmsghdr msgs[VLEN];
	struct iovec iov[VLEN];
	char ctl[VLEN][CMSG_SPACE(sizeof(uint32_t))];
	uint8_t *bufs = malloc((size_t)VLEN * DGRAM_MAX);
	int i, n;

	if (!bufs)
		return NULL;
	while (!atomic_load(&d->stop)) {
		for (i = 0; i < VLEN; i++) {
			iov[i].iov_base = bufs + (size_t)i * DGRAM_MAX;
			iov[i].iov_len = DGRAM_MAX;
			memset(&msgs[i].msg_hdr, 0, sizeof(msgs[i].msg_hdr));
			msgs[i].msg_hdr.msg_name = &from[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_control = ctl[i];
			msgs[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
		}
		n = recvmmsg(w->fd, msgs, VLEN, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR || errno == EWOULDBLOCK)
				continue;
			break;
		}
		for (i = 0; i < n; i++) {
			struct msghdr *h = &msgs[i].msg_hdr;
			struct cmsghdr *cm;
			struct fm_addr a;

			for (cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm))
				if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
					uint32_t v;

					memcpy(&v, CMSG_DATA(cm), sizeof(v));
					atomic_store(&w->drops, v);	/* the socket's running total */
				}
			fm_addr_from_sockaddr(&from[i], &a);
			atomic_fetch_add(&w->datagrams, 1);
			fm_pipeline_datagram(d, &w->batch, &a, iov[i].iov_base,
					     msgs[i].msg_len, fm_now_ms());
		}
	}
	free(bufs);
	return NULL;
}

int fm_receivers_start(struct fm_daemon *d)
{
	int i;

	for (i = 0; i < d->nworkers; i++) {
		d->workers[i].d = d;
		if (pthread_create(&d->workers[i].thread, NULL, worker, &d->workers[i]))
			return -1;
		d->workers[i].running = true;
	}
	return 0;
}

void fm_receivers_stop(struct fm_daemon *d)
{
	int i;

	for (i = 0; i < d->nworkers; i++) {
		struct fm_worker *w = &d->workers[i];

		if (w->running)
			pthread_join(w->thread, NULL);
		if (w->fd >= 0)
			close(w->fd);
		free(w->batch.r);
	}
	free(d->workers);
	d->workers = NULL;
	d->nworkers = 0;
}
