// SPDX-License-Identifier: GPL-2.0
/*
 * /metrics and /health over HTTP (libmicrohttpd, its own thread). Default
 * bind is loopback: flow metrics say who talks to whom.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "exposition.h"
#include "http.h"

static struct MHD_Daemon *mhd;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status,
			     const char *type, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version,
			       const char *upload, size_t *upload_len, void **ptr)
{
	struct fm_daemon *d = cls;
	size_t len;
	char *body;

	(void)version, (void)upload, (void)upload_len, (void)ptr;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
			     "GET only\n", 9, MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/health"))
		return reply(c, MHD_HTTP_OK, "text/plain", "OK", 2, MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/metrics")) {
		body = fm_exposition(d, &len);
		if (!body)
			return MHD_NO;
		return reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
			     body, len, MHD_RESPMEM_MUST_FREE);
	}
	return reply(c, MHD_HTTP_NOT_FOUND, "text/plain", "not found: try /metrics\n", 24,
		     MHD_RESPMEM_PERSISTENT);
}

int fm_http_start(struct fm_daemon *d, const char *ep, char *err, size_t errlen)
{
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	socklen_t len;
	char why[128];

	/* No address: loopback, not every address. */
	if (fm_endpoint_resolve(ep, "127.0.0.1", &ss, &len, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "telemetry_endpoint '%s': %s", ep, why);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_DUAL_STACK;
	mhd = MHD_start_daemon(flags, 0, NULL, NULL, handler, d,
			       MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			       MHD_OPTION_CONNECTION_TIMEOUT, 10u,
			       MHD_OPTION_END);
	if (!mhd) {
		snprintf(err, errlen, "telemetry_endpoint %s: cannot listen (in use, or no permission)", ep);
		return -1;
	}
	return 0;
}

void fm_http_stop(void)
{
	if (mhd)
		MHD_stop_daemon(mhd);
	mhd = NULL;
}
