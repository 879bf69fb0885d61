// SPDX-License-Identifier: GPL-2.0
/*
 * Queries as parameters and answers as arrays (query.h): what the CLI, the
 * HTTP API and every backend share. NAT pairing is here too: backends
 * only find the events that name the outside address.
 */
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "kmod/destination.h"
#include "query.h"
#include "when.h"

static const char *const kind_names[FM_QUERY__COUNT] = { "top", "series", "nat", "flows" };
static const char *const order_names[] = { "bytes", "packets", "flows" };

/* Past these a question is a mistake, not a question. */
#define MAX_LIMIT 1000000
#define MAX_POINTS 100000

const char *fm_query_kind_name(enum fm_query_kind k)
{
	return k < FM_QUERY__COUNT ? kind_names[k] : "?";
}

int fm_query_kind_lookup(const char *name)
{
	int i;

	for (i = 0; i < FM_QUERY__COUNT; i++)
		if (!strcmp(kind_names[i], name))
			return i;
	return -1;
}

const char *fm_order_name(enum fm_order o)
{
	return o <= FM_ORDER_FLOWS ? order_names[o] : "?";
}

void fm_query_init(struct fm_query *q, enum fm_query_kind k, uint64_t now_ms)
{
	memset(q, 0, sizeof(*q));
	q->kind = k;
	q->to_ms = now_ms;
	q->from_ms = now_ms > 3600000 ? now_ms - 3600000 : 0;
	q->at_ms = now_ms;
	q->step_ms = 300000;
	q->by = FM_DIM_ALL;
	q->attr = -1;
	q->limit = k == FM_QUERY_FLOWS ? 100 : 10;
	q->flow_port = -1;
	q->proto = -1;
}

static int bad(char *err, size_t errlen, const char *key, const char *value, const char *what)
{
	snprintf(err, errlen, "%s '%s': %s", key, value, what);
	return -1;
}

static int uint_param(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*v = strtoul(s, &end, 10);
	return *end || *v > max ? -1 : 0;
}

static int proto_param(const char *s)
{
	unsigned long v;
	struct protoent pe, *r = NULL;
	char buf[1024];

	if (!uint_param(s, 255, &v))
		return v;
	if (!getprotobyname_r(s, &pe, buf, sizeof(buf), &r) && r)
		return r->p_proto;
	if (!strcasecmp(s, "tcp"))
		return 6;
	if (!strcasecmp(s, "udp"))
		return 17;
	if (!strcasecmp(s, "icmp"))
		return 1;
	return -1;
}

int fm_query_param(struct fm_query *q, const char *key, const char *value,
		   uint64_t now_ms, char *err, size_t errlen)
{
	unsigned long u;
	uint64_t ms;
	int i;

	if (!strcmp(key, "from") || !strcmp(key, "to") || !strcmp(key, "at")) {
		if (fm_time_parse(value, now_ms, &ms) < 0)
			return bad(err, errlen, key, value,
				   "not a time (RFC 3339, epoch ms, \"YYYY-MM-DD HH:MM[:SS]\" or \"HH:MM\")");
		*(key[0] == 'f' ? &q->from_ms : key[0] == 't' ? &q->to_ms : &q->at_ms) = ms;
	} else if (!strcmp(key, "since")) {
		if (fm_duration_parse(value, &ms) < 0 || !ms)
			return bad(err, errlen, key, value, "not a duration (15m, 1h, 24h, 7d)");
		q->to_ms = now_ms;
		q->from_ms = now_ms > ms ? now_ms - ms : 0;
	} else if (!strcmp(key, "step")) {
		if (fm_duration_parse(value, &ms) < 0 || ms < 1000)
			return bad(err, errlen, key, value, "not a duration of a second or more");
		q->step_ms = ms;
	} else if (!strcmp(key, "by")) {
		if ((q->by = fm_dim_lookup(value)) < 0)
			return bad(err, errlen, key, value, "no such attribute");
	} else if (!strcmp(key, "attr")) {
		if ((q->attr = fm_attr_lookup(!strcmp(value, "protocol") ? "proto" : value)) < 0)
			return bad(err, errlen, key, value, "no such attribute");
	} else if (!strcmp(key, "value")) {
		if (strlen(value) >= sizeof(q->value))
			return bad(err, errlen, key, value, "too long");
		strcpy(q->value, value);
	} else if (!strcmp(key, "order")) {
		for (i = 0; i <= FM_ORDER_FLOWS; i++)
			if (!strcmp(value, order_names[i]))
				break;
		if (i > FM_ORDER_FLOWS)
			return bad(err, errlen, key, value, "bytes, packets or flows");
		q->order = i;
	} else if (!strcmp(key, "n")) {
		if (uint_param(value, MAX_LIMIT, &u) < 0 || !u)
			return bad(err, errlen, key, value, "a count from 1 to 1000000");
		q->limit = u;
	} else if (!strcmp(key, "exporter")) {
		struct fm_addr a;

		if (fm_addr_parse(value, &a) < 0)
			return bad(err, errlen, key, value, "not an address");
		fm_addr_str(&a, q->exporter, sizeof(q->exporter));
	} else if (!strcmp(key, "addr") || !strcmp(key, "src") || !strcmp(key, "dst")) {
		struct fm_addr *a = key[0] == 'a' ? &q->addr : key[0] == 's' ? &q->src : &q->dst;

		if (fm_addr_parse(value, a) < 0)
			return bad(err, errlen, key, value, "not an address");
	} else if (!strcmp(key, "port")) {
		if (uint_param(value, 65535, &u) < 0)
			return bad(err, errlen, key, value, "a port from 0 to 65535");
		q->port = u;
		q->flow_port = u;
	} else if (!strcmp(key, "proto")) {
		if ((q->proto = proto_param(value)) < 0)
			return bad(err, errlen, key, value, "not a protocol number or name");
	} else {
		snprintf(err, errlen, "unknown parameter '%s'", key);
		return -1;
	}
	return 0;
}

int fm_query_check(const struct fm_query *q, char *err, size_t errlen)
{
	if (q->kind >= FM_QUERY__COUNT) {
		snprintf(err, errlen, "unknown query");
		return -1;
	}
	if (q->kind != FM_QUERY_NAT && q->from_ms >= q->to_ms) {
		snprintf(err, errlen, "the range is empty: 'from' must be before 'to'");
		return -1;
	}
	if (q->kind == FM_QUERY_SERIES &&
	    (q->step_ms < 1000 || (q->to_ms - q->from_ms) / q->step_ms >= MAX_POINTS)) {
		snprintf(err, errlen, "step too small for the range (%d points at most)", MAX_POINTS);
		return -1;
	}
	if (q->kind == FM_QUERY_SERIES && q->attr >= 0 && !*q->value) {
		snprintf(err, errlen, "attr needs a value");
		return -1;
	}
	if (q->kind == FM_QUERY_NAT && !q->addr.family) {
		snprintf(err, errlen, "nat needs the outside address and port");
		return -1;
	}
	return 0;
}

/* Append key=value, the value percent-encoded. */
static void param(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s%s=", ftell(f) ? "&" : "", key);
	for (; *v; v++) {
		unsigned char c = *v;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~:", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

static void param_u(FILE *f, const char *key, uint64_t v, const char *unit)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64 "%s", v, unit);
	param(f, key, buf);
}

char *fm_query_params(const struct fm_query *q)
{
	char *buf = NULL, a[INET6_ADDRSTRLEN];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (q->kind == FM_QUERY_NAT) {
		param(f, "addr", fm_addr_str(&q->addr, a, sizeof(a)));
		param_u(f, "port", q->port, "");
		param_u(f, "at", q->at_ms, "");
	} else {
		param_u(f, "from", q->from_ms, "");
		param_u(f, "to", q->to_ms, "");
	}
	if (q->kind == FM_QUERY_TOP) {
		param(f, "by", fm_dim_name(q->by));
		param(f, "order", fm_order_name(q->order));
	}
	if (q->kind == FM_QUERY_TOP || q->kind == FM_QUERY_FLOWS)
		param_u(f, "n", q->limit, "");
	if (q->kind == FM_QUERY_SERIES) {
		param_u(f, "step", q->step_ms, "ms");
		if (q->attr >= 0) {
			param(f, "attr", fm_attr_name(q->attr));
			param(f, "value", q->value);
		}
	}
	if (q->kind == FM_QUERY_FLOWS) {
		if (q->src.family)
			param(f, "src", fm_addr_str(&q->src, a, sizeof(a)));
		if (q->dst.family)
			param(f, "dst", fm_addr_str(&q->dst, a, sizeof(a)));
		if (q->flow_port >= 0)
			param_u(f, "port", q->flow_port, "");
		if (q->proto >= 0)
			param_u(f, "proto", q->proto, "");
	}
	if (q->kind != FM_QUERY_NAT && *q->exporter)
		param(f, "exporter", q->exporter);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

const char *fm_hostport_str(const struct fm_addr *a, uint16_t port, char *buf, size_t len)
{
	char h[INET6_ADDRSTRLEN];

	fm_addr_str(a, h, sizeof(h));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", h, port);
	return buf;
}

int fm_hostport_parse_addr(const char *s, struct fm_addr *a, uint16_t *port)
{
	union fm_sockaddr sa;

	/* The module's own grammar (kmod/destination.c), port required. */
	if (!fm_hostport_parse(s, strlen(s), &sa, 0))
		return -1;
	memset(a, 0, sizeof(*a));
	if (sa.sa.sa_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->a, &sa.in.sin_addr, 4);
		*port = ntohs(sa.in.sin_port);
	} else {
		a->family = AF_INET6;
		memcpy(a->a, &sa.in6.sin6_addr, 16);
		*port = ntohs(sa.in6.sin6_port);
	}
	return 0;
}

void fm_result_free(struct fm_result *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].value);
	free(r->rows);
	free(r->points);
	free(r->maps);
	free(r->recs);
	memset(r, 0, sizeof(*r));
}

/* Room for one more of *n elements of @size in *arr (capacity doubling). */
static int grow(void **arr, size_t n, size_t size)
{
	void *p;

	if (n & (n - 1) || (n && n < 16))
		return 0;	/* not at a power of two: room left */
	p = realloc(*arr, (n ? n * 2 : 16) * size);
	if (!p)
		return -1;
	*arr = p;
	return 0;
}

int fm_result_add_rec(struct fm_result *r, const struct fm_srec *s)
{
	if (grow((void **)&r->recs, r->nrecs, sizeof(*r->recs)) < 0)
		return -1;
	r->recs[r->nrecs++] = *s;
	return 0;
}

int fm_result_add_row(struct fm_result *r, const char *value, const struct fm_counts *c)
{
	char *v = strdup(value);

	if (!v || grow((void **)&r->rows, r->nrows, sizeof(*r->rows)) < 0) {
		free(v);
		return -1;
	}
	r->rows[r->nrows].value = v;
	r->rows[r->nrows++].c = *c;
	return 0;
}

static void counts_add(struct fm_counts *a, const struct fm_counts *b)
{
	a->bytes += b->bytes;
	a->packets += b->packets;
	a->flows += b->flows;
}

void fm_result_add_point(struct fm_result *r, uint64_t time_ms, const struct fm_counts *c)
{
	uint64_t i;

	if (r->q.kind == FM_QUERY_TOP) {
		counts_add(&r->total, c);
		return;
	}
	if (r->q.kind != FM_QUERY_SERIES || time_ms < r->q.from_ms || time_ms >= r->q.to_ms)
		return;
	i = (time_ms - r->q.from_ms) / r->q.step_ms;
	if (i < r->npoints)
		counts_add(&r->points[i].c, c);
}

/* ---- NAT: events into translations ---- */

static bool same_port(const struct fm_addr *a, uint16_t ap, const struct fm_addr *b, uint16_t bp)
{
	return ap == bp && fm_addr_eq(a, b);
}

/* How @e names the outside address: FM_NAT_SNAT, FM_NAT_DNAT, or -1. */
static int sense(const struct fm_rec *e, const struct fm_query *q)
{
	if (same_port(&e->post_src, e->post_sport, &q->addr, q->port) &&
	    !same_port(&e->src, e->sport, &e->post_src, e->post_sport))
		return FM_NAT_SNAT;
	if (same_port(&e->dst, e->dport, &q->addr, q->port) &&
	    !same_port(&e->dst, e->dport, &e->post_dst, e->post_dport))
		return FM_NAT_DNAT;
	return -1;
}

static bool same_tuple(const struct fm_rec *a, const struct fm_rec *b)
{
	return a->proto == b->proto &&
	       same_port(&a->src, a->sport, &b->src, b->sport) &&
	       same_port(&a->dst, a->dport, &b->dst, b->dport) &&
	       same_port(&a->post_src, a->post_sport, &b->post_src, b->post_sport) &&
	       same_port(&a->post_dst, a->post_dport, &b->post_dst, b->post_dport);
}

struct pairing {
	struct fm_nat_mapping m;
	ssize_t create, del;	/* indexes into recs, -1: none */
	bool open;
};

static void mapping_of(const struct fm_rec *e, int kind, struct fm_nat_mapping *m)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->proto = e->proto;
	if (kind == FM_NAT_SNAT) {
		m->inside = e->src, m->inside_port = e->sport;
		m->outside = e->post_src, m->outside_port = e->post_sport;
		m->remote = e->post_dst, m->remote_port = e->post_dport;
	} else {
		m->inside = e->post_dst, m->inside_port = e->post_dport;
		m->outside = e->dst, m->outside_port = e->dport;
		m->remote = e->src, m->remote_port = e->sport;
	}
}

static bool is_create(uint8_t ev)
{
	return ev == 1 || ev == 4;	/* create, NAT44 session create (RFC 8158) */
}

static bool is_delete(uint8_t ev)
{
	return ev == 2 || ev == 5;
}

int fm_result_nat_pair(struct fm_result *r)
{
	struct pairing *p = NULL;
	struct fm_srec *keep = NULL;
	size_t i, j, np = 0, nk = 0;
	int ret = -1;

	p = calloc(r->nrecs ? r->nrecs : 1, sizeof(*p));
	keep = calloc(r->nrecs ? 2 * r->nrecs : 1, sizeof(*keep));
	if (!p || !keep)
		goto out;
	for (i = 0; i < r->nrecs; i++) {
		const struct fm_rec *e = &r->recs[i].rec;
		int kind = sense(e, &r->q);
		uint64_t t = fm_srec_time(&r->recs[i]);

		if (kind < 0 || !(e->has & FM_HAS_NAT_EVENT))
			continue;
		if (is_create(e->nat_event)) {
			mapping_of(e, kind, &p[np].m);
			p[np].m.created_ms = t;
			p[np].create = i;
			p[np].del = -1;
			p[np++].open = true;
		} else if (is_delete(e->nat_event)) {
			for (j = 0; j < np; j++)
				if (p[j].open && same_tuple(&r->recs[p[j].create].rec, e))
					break;
			if (j == np) {		/* its create is older than what is kept */
				mapping_of(e, kind, &p[np].m);
				p[np].create = -1;
				np++;
			}
			p[j].m.deleted_ms = t;
			p[j].del = i;
			p[j].open = false;
		}
	}
	free(r->maps);
	r->maps = calloc(np ? np : 1, sizeof(*r->maps));
	if (!r->maps)
		goto out;
	r->nmaps = 0;
	for (j = 0; j < np; j++) {
		const struct fm_nat_mapping *m = &p[j].m;

		if ((m->created_ms && m->created_ms > r->q.at_ms) ||
		    (m->deleted_ms && m->deleted_ms < r->q.at_ms))
			continue;
		r->maps[r->nmaps++] = *m;
		if (p[j].create >= 0)
			keep[nk++] = r->recs[p[j].create];
		if (p[j].del >= 0)
			keep[nk++] = r->recs[p[j].del];
	}
	free(r->recs);
	r->recs = keep;
	r->nrecs = nk;
	keep = NULL;
	ret = 0;
out:
	free(p);
	free(keep);
	return ret;
}
