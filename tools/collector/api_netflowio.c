// SPDX-License-Identifier: GPL-2.0
/*
 * netflow.io's API, for scripts written against it: the sender registry
 * and the per-prefix statistics, signed as it signs them. Its answers
 * were Cassandra rows; here a bucket's bytes, packets and flows come from
 * the store: "all" from the rollups (top by source_ip / destination_ip,
 * summed over the prefix, so years back still answer), the other fields
 * from raw rows (their retention, 48h by default; beyond it the answer
 * says "approximate"). "out" is traffic from the prefix, "in" to it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "api.h"
#include "api_netflowio.h"
#include "api_netflowio_json.h"
#include "api_netflowio_registry.h"
#include "api_netflowio_sign.h"
#include "store.h"

/* Raw records one field of one bucket may read; past it the answer is approximate. */
#define RAW_MAX 100000

/* Signed, and the API up; else the answer is out. */
static bool allowed(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	const char *auth = fm_http_header(r, "X-Io-Auth"), *sign = fm_http_header(r, "X-Io-Sign");

	if (!d->api) {
		fm_http_error(out, 503, "the API is not ready");
		return false;
	}
	/* netflow.io also took them as ?auth=&sign= */
	if (!auth)
		auth = fm_http_arg(r, "auth");
	if (!sign)
		sign = fm_http_arg(r, "sign");
	if (!auth || !sign) {
		fm_http_error(out, 401, "X-Io-Auth and X-Io-Sign are required (netflow.io's HMAC-SHA256)");
		return false;
	}
	if (!fm_nfio_signed(d->api->auth_key, d->api->sign_key, auth, sign, r->body, r->len)) {
		fm_http_error(out, 401, "wrong key or signature: X-Io-Sign must be the hex HMAC-SHA256 "
			      "of the auth key or of the body, keyed with the sign key");
		return false;
	}
	return true;
}

static bool sender_of(const char *s, struct fm_addr *ip, struct fm_http_resp *out)
{
	if (strlen(s) < INET6_ADDRSTRLEN && fm_addr_parse(s, ip) == 0)
		return true;
	fm_http_error(out, 400, "'%.64s' is not a sender's address", s);
	return false;
}

static void change(struct fm_daemon *d, const struct fm_http_req *r, const struct fm_addr *ip,
		   struct fm_http_resp *out)
{
	struct fm_nfio_registry *reg = d->api->registry;
	bool put = !strcmp(r->method, "PUT");
	struct fm_nfio_prefix *p;
	char err[256], a[INET6_ADDRSTRLEN];
	size_t n;
	int ret;

	if (fm_nfio_parse_prefixes(r->body, r->len, &p, &n, err, sizeof(err)) < 0) {
		fm_http_error(out, 400, "%s", err);
		return;
	}
	ret = put ? fm_nfio_registry_put(reg, ip, p, n, err, sizeof(err)) :
	      fm_nfio_registry_delete(reg, ip, r->len ? p : NULL, n, err, sizeof(err));
	free(p);
	if (ret < 0)
		fm_http_error(out, 503, "%s", err);
	else if (ret > 0)
		fm_http_error(out, put ? 400 : 404, "%s: %s", fm_addr_str(ip, a, sizeof(a)), err);
	else if (!put && !r->len)
		fm_http_json(out, 200, json_pack("{s:s}", "deleted", fm_addr_str(ip, a, sizeof(a))));
	else
		fm_http_json(out, 200, fm_nfio_registry_json(reg, ip));
}

void fm_nfio_senders(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	struct fm_addr ip;
	json_t *j;

	if (!allowed(d, r, out))
		return;
	if (!strcmp(r->path, "/senders")) {
		fm_http_json(out, 200, fm_nfio_registry_json(d->api->registry, NULL));
		return;
	}
	if (!sender_of(r->path + strlen("/senders/"), &ip, out))
		return;
	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
		change(d, r, &ip, out);
		return;
	}
	j = fm_nfio_registry_json(d->api->registry, &ip);
	if (j)
		fm_http_json(out, 200, j);
	else
		fm_http_error(out, 404, "%.64s: no such sender", r->path + strlen("/senders/"));
}

/* ---- stats ---- */

struct counts2 {
	struct fm_counts in, out;
	bool approximate;
};

static void add(struct fm_counts *c, uint64_t bytes, uint64_t packets, uint64_t flows)
{
	c->bytes += bytes;
	c->packets += packets;
	c->flows += flows;
}

/* "all": the rollups' source_ip and destination_ip values inside the prefix. */
static unsigned int all(struct fm_api *api, const char *exporter, const struct fm_nfio_prefix *p,
			const struct fm_nfio_bucket *b, uint64_t now_ms, struct counts2 *c,
			char *err, size_t errlen)
{
	static const char *const by[2] = { "source_ip", "destination_ip" };
	struct fm_result res;
	struct fm_query q;
	struct fm_addr a;
	unsigned int status;
	size_t i;
	int k;

	for (k = 0; k < 2; k++) {
		fm_query_init(&q, FM_QUERY_TOP, now_ms);
		q.from_ms = b->from_ms;
		q.to_ms = b->to_ms;
		q.by = fm_dim_lookup(by[k]);
		q.limit = 1000000;
		snprintf(q.exporter, sizeof(q.exporter), "%s", exporter);
		status = fm_api_query(api, &q, &res, err, errlen);
		if (status)
			return status;
		for (i = 0; i < res.nrows; i++)
			if (fm_addr_parse(res.rows[i].value, &a) == 0 && fm_addr_in(&a, &p->net, p->len))
				add(k ? &c->in : &c->out, res.rows[i].c.bytes, res.rows[i].c.packets,
				    res.rows[i].c.flows);
		/* Rows past the limit are in the total only: not this prefix's to claim. */
		c->approximate |= res.plan.approximate || res.nrows == q.limit;
		fm_result_free(&res);
	}
	return 0;
}

static bool field_match(const struct fm_nfio_field *f, const struct fm_rec *x)
{
	switch (f->kind) {
	case FM_NFIO_ALL: return true;
	case FM_NFIO_PROTO: return x->proto == f->value;
	case FM_NFIO_SRCIP: return fm_addr_eq(&x->src, &f->addr);
	case FM_NFIO_DSTIP: return fm_addr_eq(&x->dst, &f->addr);
	case FM_NFIO_SRCPORT: return x->sport == f->value;
	case FM_NFIO_DSTPORT: return x->dport == f->value;
	case FM_NFIO_SRCAS: return x->src_as == f->value;
	case FM_NFIO_DSTAS: return x->dst_as == f->value;
	}
	return false;
}

/* Any other field: the raw records of the bucket, narrowed by the store where it can. */
static unsigned int raw(struct fm_api *api, const char *exporter, const struct fm_nfio_prefix *p,
			const struct fm_nfio_bucket *b, const struct fm_nfio_field *f,
			uint64_t now_ms, struct counts2 *c, char *err, size_t errlen)
{
	struct fm_result res;
	struct fm_query q;
	unsigned int status;
	size_t i;

	fm_query_init(&q, FM_QUERY_FLOWS, now_ms);
	q.from_ms = b->from_ms;
	q.to_ms = b->to_ms;
	q.limit = RAW_MAX;
	snprintf(q.exporter, sizeof(q.exporter), "%s", exporter);
	if (f->kind == FM_NFIO_PROTO)
		q.proto = f->value;
	else if (f->kind == FM_NFIO_SRCPORT || f->kind == FM_NFIO_DSTPORT)
		q.flow_port = f->value;
	else if (f->kind == FM_NFIO_SRCIP)
		q.src = f->addr;
	else if (f->kind == FM_NFIO_DSTIP)
		q.dst = f->addr;
	status = fm_api_query(api, &q, &res, err, errlen);
	if (status)
		return status;
	for (i = 0; i < res.nrecs; i++) {
		const struct fm_rec *x = &res.recs[i].rec;

		if (x->kind != FM_REC_FLOW || !field_match(f, x))
			continue;
		if (fm_addr_in(&x->src, &p->net, p->len))
			add(&c->out, x->bytes, x->packets, x->flows);
		if (fm_addr_in(&x->dst, &p->net, p->len))
			add(&c->in, x->bytes, x->packets, x->flows);
	}
	c->approximate = res.plan.approximate || res.truncated;
	fm_result_free(&res);
	return 0;
}

static json_t *counts_json(const struct fm_counts *c)
{
	return json_pack("{s:I,s:I,s:I}", "bytes", (json_int_t)c->bytes,
			 "packets", (json_int_t)c->packets, "flows", (json_int_t)c->flows);
}

static unsigned int bucket_json(struct fm_api *api, const char *exporter,
				const struct fm_nfio_prefix *p, const struct fm_nfio_bucket *b,
				uint64_t now_ms, json_t *o, char *err, size_t errlen)
{
	unsigned int status;
	int i;

	for (i = 0; i < b->nf; i++) {
		struct counts2 c = { 0 };
		json_t *f;

		status = b->f[i].kind == FM_NFIO_ALL ?
			 all(api, exporter, p, b, now_ms, &c, err, errlen) :
			 raw(api, exporter, p, b, &b->f[i], now_ms, &c, err, errlen);
		if (status)
			return status;
		f = json_pack("{s:o,s:o}", "in", counts_json(&c.in), "out", counts_json(&c.out));
		if (f && c.approximate)
			json_object_set_new(f, "approximate", json_true());
		if (!f || json_object_set_new(o, b->f[i].key, f) < 0) {
			snprintf(err, errlen, "out of memory");
			return 500;
		}
	}
	return 0;
}

/* {"PREFIX": {"SPAN": {"BUCKET": {"FIELD": {"in": {...}, "out": {...}}}}}} */
static unsigned int answer(struct fm_api *api, const struct fm_addr *ip,
			   const struct fm_nfio_stats *s, uint64_t now_ms, json_t *top,
			   char *err, size_t errlen)
{
	char exporter[INET6_ADDRSTRLEN];
	unsigned int status;
	size_t i, k;

	fm_addr_str(ip, exporter, sizeof(exporter));
	for (i = 0; i < s->np; i++) {
		const struct fm_nfio_stats_prefix *sp = &s->p[i];
		json_t *po = json_object();

		if (!po || json_object_set_new(top, sp->key, po) < 0) {
			snprintf(err, errlen, "out of memory");
			return 500;
		}
		for (k = 0; k < sp->nb; k++) {
			const struct fm_nfio_bucket *b = &sp->b[k];
			const char *span = fm_nfio_span_name(b->span);
			json_t *so = json_object_get(po, span), *bo;

			if (!so && json_object_set_new(po, span, so = json_object()) < 0) {
				snprintf(err, errlen, "out of memory");
				return 500;
			}
			bo = json_object_get(so, b->key);
			if (!bo && json_object_set_new(so, b->key, bo = json_object()) < 0) {
				snprintf(err, errlen, "out of memory");
				return 500;
			}
			status = bucket_json(api, exporter, &sp->p, b, now_ms, bo, err, errlen);
			if (status)
				return status;
		}
	}
	return 0;
}

void fm_nfio_stats(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	const char *who = r->path + strlen("/stats/");
	struct fm_nfio_stats s;
	struct fm_addr ip;
	unsigned int status;
	char err[512], a[INET6_ADDRSTRLEN + 4];
	json_t *top;
	size_t i;

	if (!allowed(d, r, out) || !sender_of(who, &ip, out))
		return;
	if (!fm_nfio_registry_has(d->api->registry, &ip, NULL)) {
		fm_http_error(out, 404, "%.64s: no such sender", who);
		return;
	}
	if (fm_nfio_parse_stats(r->body, r->len, &s, err, sizeof(err)) < 0) {
		fm_http_error(out, 400, "%s", err);
		return;
	}
	for (i = 0; i < s.np; i++)
		if (!fm_nfio_registry_has(d->api->registry, &ip, &s.p[i].p)) {
			fm_http_error(out, 404, "%s is not a prefix of sender %.64s",
				      fm_nfio_prefix_str(&s.p[i].p, a, sizeof(a)), who);
			fm_nfio_stats_free(&s);
			return;
		}
	top = json_object();
	status = top ? answer(d->api, &ip, &s, r->now_ms, top, err, sizeof(err)) : 500;
	fm_nfio_stats_free(&s);
	if (status) {
		json_decref(top);
		fm_http_error(out, status, "%s", top ? err : "out of memory");
		return;
	}
	fm_http_json(out, 200, top);
}
