/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flowmeterd's HTTP server (http.c, libmicrohttpd): a table of routes,
 * each a handler in the file of its API (/metrics in exposition.c,
 * /api/v1 in api_v1.c, the page in web.c, netflow.io's in api_netflowio.c,
 * who may ask in http_auth.c). Handlers see a
 * request (with its whole body, already capped at api.max_body) and fill
 * a response; they never touch libmicrohttpd.
 */
#ifndef FM_HTTP_H
#define FM_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "daemon.h"

struct MHD_Connection;

struct fm_http_req {
	struct MHD_Connection *conn;	/* for fm_http_arg/fm_http_header only */
	const char *method, *path;
	const char *body;		/* NUL-terminated; "" without one */
	size_t len;
	uint64_t now_ms;
};

struct fm_http_resp {
	unsigned int status;
	const char *type;		/* static */
	char *body;			/* malloc'd, or NULL */
	size_t len;
	const char *allow;		/* 405: the methods the route takes */
	const char *headers[10];	/* more: static name, value pairs; NULL after the last */
};

/*
 * The listeners a route is served on; FM_HTTP_AUTH: only to whom
 * http_auth.h lets in (the page and the APIs, not /metrics or /health).
 */
enum { FM_HTTP_TELEMETRY = 1, FM_HTTP_API = 2, FM_HTTP_AUTH = 4 };

struct fm_http_route {
	const char *path;		/* exact, or every path below it if it ends in '/' ("/" is exact) */
	const char *methods;		/* "GET,HEAD" */
	unsigned int on;		/* FM_HTTP_* */
	void (*fn)(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out);
};

/* Telemetry on @endpoint; the APIs there too, or on @api_endpoint if not NULL. */
int fm_http_start(struct fm_daemon *d, const char *endpoint, const char *api_endpoint,
		  size_t max_body, char *err, size_t errlen);
void fm_http_stop(void);

/* A query argument or header of @r; NULL if absent. */
const char *fm_http_arg(const struct fm_http_req *r, const char *key);
const char *fm_http_header(const struct fm_http_req *r, const char *name);
/* Every query argument in order; stops at the first @fn that returns < 0 and returns that. */
int fm_http_args(const struct fm_http_req *r,
		 int (*fn)(void *ctx, const char *key, const char *value), void *ctx);

/* Responses: JSON as `flowmeter --json` prints it (indented, a newline after). */
struct json_t;
void fm_http_json(struct fm_http_resp *out, unsigned int status, struct json_t *j);
/* {"error": "..."} with @status. */
void fm_http_error(struct fm_http_resp *out, unsigned int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
