// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeterd's HTTP server (libmicrohttpd, a thread per listener). The
 * route table below is every path it serves; an API is a file with its
 * handlers and a line here. Default bind is loopback: flow metrics and
 * the store say who talks to whom. Bodies are collected whole, up to
 * max_body (413 past it), before a handler sees them.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "api_netflowio.h"
#include "api.h"
#include "api_health.h"
#include "api_v1.h"
#include "clock.h"
#include "exposition.h"
#include "http.h"
#include "http_auth.h"
#include "json.h"
#include "web.h"

static void health(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	(void)d, (void)r;
	out->status = MHD_HTTP_OK;
	out->type = "text/plain";
	out->body = strdup("OK");
	out->len = out->body ? 2 : 0;
}

static void metrics(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	(void)r;
	out->body = fm_exposition(d, &out->len);
	out->status = out->body ? MHD_HTTP_OK : MHD_HTTP_INTERNAL_SERVER_ERROR;
	out->type = "text/plain; version=0.0.4; charset=utf-8";
}

#define API (FM_HTTP_API | FM_HTTP_AUTH)

static const struct fm_http_route routes[] = {
	{ "/health", "GET,HEAD", FM_HTTP_TELEMETRY | FM_HTTP_API, health },
	{ "/metrics", "GET,HEAD", FM_HTTP_TELEMETRY, metrics },
	{ "/", "GET,HEAD", API, fm_web_page },
	{ "/assets/", "GET,HEAD", API, fm_web_asset },
	{ "/api/v1/health", "GET,HEAD", API, fm_api_health },
	{ "/api/v1/", "GET,HEAD", API, fm_api_v1 },
	{ "/senders", "GET,HEAD", API, fm_nfio_senders },
	{ "/senders/", "GET,HEAD,PUT,DELETE", API, fm_nfio_senders },
	{ "/stats/", "POST", API, fm_nfio_stats },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct listener {
	struct MHD_Daemon *mhd;
	unsigned int on;
	bool loopback;		/* bound to a loopback address (http_auth.h) */
};

static struct fm_daemon *daemon_;
static struct listener listeners[2];
static size_t body_max;

/* One request's state across libmicrohttpd's calls. */
struct pending {
	const struct fm_http_route *route;
	char *body;
	size_t len;
	bool too_big;
};

static const struct fm_http_route *route_of(const char *url, unsigned int on, bool *method_ok,
					    const char *method)
{
	size_t i, n;

	for (i = 0; i < NROUTES; i++) {
		const struct fm_http_route *rt = &routes[i];
		const char *m;

		n = strlen(rt->path);
		if (!(rt->on & on) || (rt->path[n - 1] == '/' && n > 1 ? strncmp(url, rt->path, n) :
				      strcmp(url, rt->path)))
			continue;
		*method_ok = false;
		for (m = rt->methods; m; m = strchr(m, ',')) {
			m += *m == ',';
			n = strcspn(m, ",");
			if (strlen(method) == n && !strncmp(m, method, n))
				*method_ok = true;
		}
		return rt;
	}
	return NULL;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct fm_http_resp *o)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t i;

	if (!o->body) {
		o->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		o->type = "application/json";
		o->body = strdup("{\"error\": \"out of memory\"}\n");
		if (!o->body)
			return MHD_NO;
		o->len = strlen(o->body);
	}
	r = MHD_create_response_from_buffer(o->len, o->body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(o->body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", o->type ? o->type : "application/json");
	if (o->allow)
		MHD_add_response_header(r, "Allow", o->allow);
	for (i = 0; i + 1 < sizeof(o->headers) / sizeof(o->headers[0]) && o->headers[i]; i += 2)
		MHD_add_response_header(r, o->headers[i], o->headers[i + 1]);
	ret = MHD_queue_response(c, o->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result refuse(struct MHD_Connection *c, unsigned int status, const char *allow,
			      const char *fmt, const char *arg)
{
	struct fm_http_resp o = { .allow = allow };

	fm_http_error(&o, status, fmt, arg);
	return send_resp(c, &o);
}

static const struct fm_api_conf *api_conf(void)
{
	static const struct fm_api_conf none;

	return daemon_->api ? &daemon_->api->conf : &none;
}

/* http_auth.h's rule for a route marked FM_HTTP_AUTH: true, or false with the refusal sent (*ret). */
static bool allowed(const struct listener *l, struct MHD_Connection *c, const char *method,
		    enum MHD_Result *ret)
{
	const struct fm_api_conf *a = api_conf();
	struct fm_http_creds cr = { a->token, a->user, a->password };
	struct fm_http_resp o = { 0 };
	size_t i = 0;

	switch (fm_http_access(&cr, l->loopback, method,
			       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
			       MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							   MHD_HTTP_HEADER_AUTHORIZATION))) {
	case FM_ACCESS_OK:
		return true;
	case FM_ACCESS_BAD_HOST:
		fm_http_error(&o, MHD_HTTP_FORBIDDEN, "%s", "on loopback, the Host must be loopback "
			      "(127.0.0.1, [::1], localhost): another name may be DNS rebinding");
		break;
	case FM_ACCESS_UNCONFIGURED:
		fm_http_error(&o, MHD_HTTP_UNAUTHORIZED, "%s", "off loopback, the page and the APIs "
			      "need api.token or api.user and api.password in the configuration");
		break;
	case FM_ACCESS_DENIED:
		fm_http_error(&o, MHD_HTTP_UNAUTHORIZED, "%s", "credentials required: "
			      "Authorization: Basic (api.user, api.password) or Bearer (api.token)");
		/* Basic first: a browser asks for the user and password. */
		if (cr.user) {
			o.headers[i++] = MHD_HTTP_HEADER_WWW_AUTHENTICATE;
			o.headers[i++] = "Basic realm=\"flowmeterd\", charset=\"UTF-8\"";
		}
		if (cr.token) {
			o.headers[i++] = MHD_HTTP_HEADER_WWW_AUTHENTICATE;
			o.headers[i++] = "Bearer realm=\"flowmeterd\"";
		}
		break;
	}
	*ret = send_resp(c, &o);
	return false;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version,
			       const char *upload, size_t *upload_len, void **ptr)
{
	struct listener *l = cls;
	struct pending *p = *ptr;
	struct fm_http_req req;
	struct fm_http_resp out = { 0 };
	const struct fm_http_route *rt;
	const char *cl;
	bool ok = false;
	enum MHD_Result ret;

	(void)version;
	if (!p) {
		rt = route_of(url, l->on, &ok, method);
		if (!rt)
			return refuse(c, MHD_HTTP_NOT_FOUND, NULL, "no such path: %s", url);
		if (!ok)
			return refuse(c, MHD_HTTP_METHOD_NOT_ALLOWED, rt->methods,
				      "%s: not a method this path takes", method);
		if ((rt->on & FM_HTTP_AUTH) && !allowed(l, c, method, &ret))
			return ret;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > body_max)
			return refuse(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL,
				      "the body is larger than api.max_body (%s bytes)", cl);
		p = calloc(1, sizeof(*p));
		if (!p)
			return MHD_NO;
		p->route = rt;
		*ptr = p;
		return MHD_YES;
	}
	if (*upload_len) {
		if (!p->too_big && p->len + *upload_len <= body_max) {
			char *b = realloc(p->body, p->len + *upload_len + 1);

			if (!b)
				return MHD_NO;
			memcpy(b + p->len, upload, *upload_len);
			p->body = b;
			p->len += *upload_len;
			b[p->len] = 0;
		} else {
			p->too_big = true;	/* read on and drop: the answer comes at the end */
		}
		*upload_len = 0;
		return MHD_YES;
	}
	if (p->too_big)
		return refuse(c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, "%s",
			      "the body is larger than api.max_body");
	req = (struct fm_http_req){ c, method, url, p->body ? p->body : "", p->len, fm_now_ms() };
	p->route->fn(daemon_, &req, &out);
	return send_resp(c, &out);
}

static void completed(void *cls, struct MHD_Connection *c, void **ptr,
		      enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *ptr;

	(void)cls, (void)c, (void)toe;
	if (p)
		free(p->body);
	free(p);
	*ptr = NULL;
}

static int listen_on(struct listener *l, const char *what, const char *ep, char *err, size_t errlen)
{
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	socklen_t len;
	char why[128];

	/* No address: loopback, not every address. */
	if (fm_endpoint_resolve(ep, "127.0.0.1", &ss, &len, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s '%s': %s", what, ep, why);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_DUAL_STACK;
	l->loopback = fm_http_is_loopback((struct sockaddr *)&ss);
	l->mhd = MHD_start_daemon(flags, 0, NULL, NULL, handler, l,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_CONNECTION_TIMEOUT, 10u,
				  MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				  MHD_OPTION_END);
	if (!l->mhd) {
		snprintf(err, errlen, "%s %s: cannot listen (in use, or no permission)", what, ep);
		return -1;
	}
	return 0;
}

/* Off loopback without credentials the page and the APIs answer 401: say so once. */
static void warn_open(const struct listener *l, const char *ep)
{
	const struct fm_api_conf *a = api_conf();

	if (!l->loopback && !a->token && !a->user)
		fprintf(stderr, "flowmeterd: %s is not loopback and api: has no token or user and "
			"password: the page and the APIs there answer 401\n", ep);
}

int fm_http_start(struct fm_daemon *d, const char *ep, const char *api_ep, size_t max_body,
		  char *err, size_t errlen)
{
	daemon_ = d;
	body_max = max_body;
	listeners[0].on = FM_HTTP_TELEMETRY | (api_ep ? 0 : FM_HTTP_API);
	if (listen_on(&listeners[0], "telemetry_endpoint", ep, err, errlen) < 0)
		return -1;
	if (api_ep) {
		listeners[1].on = FM_HTTP_API;
		if (listen_on(&listeners[1], "api.listen", api_ep, err, errlen) < 0)
			return -1;
	}
	warn_open(api_ep ? &listeners[1] : &listeners[0], api_ep ? api_ep : ep);
	return 0;
}

void fm_http_stop(void)
{
	size_t i;

	for (i = 0; i < sizeof(listeners) / sizeof(listeners[0]); i++) {
		if (listeners[i].mhd)
			MHD_stop_daemon(listeners[i].mhd);
		listeners[i].mhd = NULL;
	}
}

const char *fm_http_arg(const struct fm_http_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *fm_http_header(const struct fm_http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct args_ctx {
	int (*fn)(void *ctx, const char *key, const char *value);
	void *ctx;
	int ret;
};

static enum MHD_Result one_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct args_ctx *a = cls;

	(void)kind;
	a->ret = a->fn(a->ctx, key, value ? value : "");
	return a->ret < 0 ? MHD_NO : MHD_YES;
}

int fm_http_args(const struct fm_http_req *r,
		 int (*fn)(void *ctx, const char *key, const char *value), void *ctx)
{
	struct args_ctx a = { fn, ctx, 0 };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, one_arg, &a);
	return a.ret < 0 ? a.ret : 0;
}

void fm_http_json(struct fm_http_resp *out, unsigned int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	size_t n;

	json_decref(j);
	out->status = status;
	out->type = "application/json";
	out->body = NULL;
	if (!s)
		return;		/* send_resp says out of memory */
	n = strlen(s);
	out->body = realloc(s, n + 2);
	if (!out->body) {
		free(s);
		return;
	}
	out->body[n] = '\n';
	out->body[n + 1] = 0;
	out->len = n + 1;
}

void fm_http_error(struct fm_http_resp *out, unsigned int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* What a client sent may be in it: JSON strings must be UTF-8, so ASCII only. */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p > '~')
			*p = '?';
	fm_http_json(out, status, fm_error_json(msg));
}
