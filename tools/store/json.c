// SPDX-License-Identifier: GPL-2.0
/*
 * Answers to JSON and back (json.h, docs/store.md). One writer for the CLI
 * and the HTTP API, and its reader for `flowmeter --server`: what goes
 * out comes back as the same struct fm_result.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "json.h"
#include "when.h"

static json_t *jtime(uint64_t ms)
{
	char buf[40];

	return json_string(fm_time_rfc3339(ms, buf, sizeof(buf)));
}

static json_t *jaddr(const struct fm_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	return a->family ? json_string(fm_addr_str(a, buf, sizeof(buf))) : json_null();
}

static json_t *jhostport(const struct fm_addr *a, uint16_t port)
{
	char buf[INET6_ADDRSTRLEN + 8];

	return json_string(fm_hostport_str(a, port, buf, sizeof(buf)));
}

static json_t *jcounts(json_t *o, const struct fm_counts *c)
{
	json_object_set_new(o, "bytes", json_integer(c->bytes));
	json_object_set_new(o, "packets", json_integer(c->packets));
	json_object_set_new(o, "flows", json_integer(c->flows));
	return o;
}

json_t *fm_srec_json(const struct fm_srec *s)
{
	json_t *o = json_object();
	char buf[INET6_ADDRSTRLEN];
	int i;

	for (i = 0; o && i < fm_srec_ncols; i++) {
		const struct fm_col *c = &fm_srec_cols[i];
		const char *t;
		int64_t v;

		if (c->type == FM_COL_TEXT) {
			t = fm_srec_get_text(s, i, buf, sizeof(buf));
			if (t)
				json_object_set_new(o, c->name, json_string(t));
		} else if (fm_srec_get_int(s, i, &v)) {
			json_object_set_new(o, c->name, c->type == FM_COL_TIME ? jtime(v) :
					    json_integer(v));
		}
	}
	return o;
}

static json_t *jquery(const struct fm_query *q)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(fm_query_kind_name(q->kind)));
	if (q->kind == FM_QUERY_NAT) {
		json_object_set_new(o, "addr", jaddr(&q->addr));
		json_object_set_new(o, "port", json_integer(q->port));
		json_object_set_new(o, "at", jtime(q->at_ms));
		return o;
	}
	json_object_set_new(o, "from", jtime(q->from_ms));
	json_object_set_new(o, "to", jtime(q->to_ms));
	if (q->kind == FM_QUERY_TOP) {
		json_object_set_new(o, "by", json_string(fm_dim_name(q->by)));
		json_object_set_new(o, "order", json_string(fm_order_name(q->order)));
	}
	if (q->kind == FM_QUERY_SERIES) {
		json_object_set_new(o, "step", json_integer(q->step_ms));
		json_object_set_new(o, "attr", q->attr >= 0 ? json_string(fm_attr_name(q->attr)) :
				    json_null());
		json_object_set_new(o, "value", q->attr >= 0 ? json_string(q->value) : json_null());
	}
	if (q->kind == FM_QUERY_TOP || q->kind == FM_QUERY_FLOWS)
		json_object_set_new(o, "n", json_integer(q->limit));
	if (q->kind == FM_QUERY_FLOWS) {
		json_object_set_new(o, "src", jaddr(&q->src));
		json_object_set_new(o, "dst", jaddr(&q->dst));
		json_object_set_new(o, "port", q->flow_port >= 0 ? json_integer(q->flow_port) :
				    json_null());
		json_object_set_new(o, "proto", q->proto >= 0 ? json_integer(q->proto) : json_null());
	}
	json_object_set_new(o, "exporter", *q->exporter ? json_string(q->exporter) : json_null());
	return o;
}

static json_t *jmapping(const struct fm_nat_mapping *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(m->kind == FM_NAT_SNAT ? "snat" : "dnat"));
	json_object_set_new(o, "proto", json_integer(m->proto));
	json_object_set_new(o, "inside", jhostport(&m->inside, m->inside_port));
	json_object_set_new(o, "outside", jhostport(&m->outside, m->outside_port));
	json_object_set_new(o, "remote", jhostport(&m->remote, m->remote_port));
	json_object_set_new(o, "created", m->created_ms ? jtime(m->created_ms) : json_null());
	json_object_set_new(o, "deleted", m->deleted_ms ? jtime(m->deleted_ms) : json_null());
	return o;
}

json_t *fm_result_json(const struct fm_result *r)
{
	json_t *o = json_object(), *a, *e;
	size_t i;
	int s;

	if (!o)
		return NULL;
	json_object_set_new(o, "query", jquery(&r->q));
	if (r->q.kind == FM_QUERY_NAT) {
		e = json_object();
		json_object_set_new(e, "from", jtime(r->searched_from_ms));
		json_object_set_new(e, "to", jtime(r->searched_to_ms));
		json_object_set_new(o, "searched", e);
		a = json_array();
		for (i = 0; i < r->nmaps; i++)
			json_array_append_new(a, jmapping(&r->maps[i]));
		json_object_set_new(o, "mappings", a);
		a = json_array();
		for (i = 0; i < r->nrecs; i++)
			json_array_append_new(a, fm_srec_json(&r->recs[i]));
		json_object_set_new(o, "events", a);
		return o;
	}
	json_object_set_new(o, "approximate", json_boolean(r->plan.approximate));
	a = json_array();
	for (s = 0; s < r->plan.n; s++) {
		e = json_object();
		json_object_set_new(e, "tier", json_string(fm_tier_name(r->plan.seg[s].tier)));
		json_object_set_new(e, "from", jtime(r->plan.seg[s].from_ms));
		json_object_set_new(e, "to", jtime(r->plan.seg[s].to_ms));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "read", a);
	a = json_array();
	switch (r->q.kind) {
	case FM_QUERY_TOP:
		for (i = 0; i < r->nrows; i++) {
			e = json_object();
			json_object_set_new(e, "value", json_string(r->rows[i].value));
			json_array_append_new(a, jcounts(e, &r->rows[i].c));
		}
		json_object_set_new(o, "rows", a);
		json_object_set_new(o, "total", jcounts(json_object(), &r->total));
		break;
	case FM_QUERY_SERIES:
		for (i = 0; i < r->npoints; i++) {
			e = json_object();
			json_object_set_new(e, "time", jtime(r->points[i].time_ms));
			json_array_append_new(a, jcounts(e, &r->points[i].c));
		}
		json_object_set_new(o, "points", a);
		break;
	default:
		json_object_set_new(o, "truncated", json_boolean(r->truncated));
		for (i = 0; i < r->nrecs; i++)
			json_array_append_new(a, fm_srec_json(&r->recs[i]));
		json_object_set_new(o, "records", a);
	}
	return o;
}

json_t *fm_error_json(const char *msg)
{
	return json_pack("{s:s}", "error", msg);
}

/* ---- back from JSON ---- */

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "the answer is not what flowmeter expects: %s", what);
	return -1;
}

static int rtime(const json_t *v, uint64_t *ms)
{
	if (json_is_integer(v)) {
		*ms = json_integer_value(v);
		return 0;
	}
	return json_is_string(v) ? fm_time_parse(json_string_value(v), 0, ms) : -1;
}

static void rcounts(const json_t *o, struct fm_counts *c)
{
	c->bytes = json_integer_value(json_object_get(o, "bytes"));
	c->packets = json_integer_value(json_object_get(o, "packets"));
	c->flows = json_integer_value(json_object_get(o, "flows"));
}

int fm_srec_from_json(const json_t *j, struct fm_srec *s, char *err, size_t errlen)
{
	const char *key;
	json_t *v;

	if (!json_is_object(j))
		return fail(err, errlen, "a record is no object");
	memset(s, 0, offsetof(struct fm_srec, arena));
	json_object_foreach((json_t *)j, key, v) {
		int col = fm_col_lookup(key);
		uint64_t ms;

		if (col < 0)
			continue;	/* a newer flowmeterd's column */
		if (fm_srec_cols[col].type == FM_COL_TEXT) {
			if (!json_is_string(v) || fm_srec_set_text(s, col, json_string_value(v)) < 0)
				return fail(err, errlen, key);
		} else if (fm_srec_cols[col].type == FM_COL_TIME) {
			if (rtime(v, &ms) < 0)
				return fail(err, errlen, key);
			fm_srec_set_int(s, col, ms);
		} else {
			if (!json_is_integer(v))
				return fail(err, errlen, key);
			fm_srec_set_int(s, col, json_integer_value(v));
		}
	}
	return 0;
}

/* The query back through the API's own parameters. */
static int rquery(const json_t *o, struct fm_query *q, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"from", "to", "at", "by", "order", "n", "exporter", "step", "attr", "value",
		"addr", "src", "dst", "port", "proto",
	};
	const char *kind = json_string_value(json_object_get(o, "kind"));
	size_t i;
	int k;

	if (!kind || (k = fm_query_kind_lookup(kind)) < 0)
		return fail(err, errlen, "query.kind");
	fm_query_init(q, k, 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(o, keys[i]);
		char buf[64];
		const char *t = buf;

		if (!v || json_is_null(v))
			continue;
		if (json_is_integer(v))
			snprintf(buf, sizeof(buf), "%lld%s", (long long)json_integer_value(v),
				 !strcmp(keys[i], "step") ? "ms" : "");
		else if (json_is_string(v))
			t = json_string_value(v);
		else
			return fail(err, errlen, keys[i]);
		if (fm_query_param(q, keys[i], t, 0, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int rhostport(const json_t *o, const char *key, struct fm_addr *a, uint16_t *port)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? fm_hostport_parse_addr(s, a, port) : -1;
}

static int rmapping(const json_t *o, struct fm_nat_mapping *m)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	json_t *c = json_object_get(o, "created"), *d = json_object_get(o, "deleted");

	memset(m, 0, sizeof(*m));
	if (!kind || rhostport(o, "inside", &m->inside, &m->inside_port) < 0 ||
	    rhostport(o, "outside", &m->outside, &m->outside_port) < 0 ||
	    rhostport(o, "remote", &m->remote, &m->remote_port) < 0)
		return -1;
	m->kind = strcmp(kind, "dnat") ? FM_NAT_SNAT : FM_NAT_DNAT;
	m->proto = json_integer_value(json_object_get(o, "proto"));
	if (c && !json_is_null(c) && rtime(c, &m->created_ms) < 0)
		return -1;
	if (d && !json_is_null(d) && rtime(d, &m->deleted_ms) < 0)
		return -1;
	return 0;
}

static int rrecords(const json_t *a, struct fm_result *r, char *err, size_t errlen)
{
	struct fm_srec s;
	size_t i;

	if (!json_is_array(a))
		return fail(err, errlen, "records");
	for (i = 0; i < json_array_size(a); i++) {
		if (fm_srec_from_json(json_array_get(a, i), &s, err, errlen) < 0)
			return -1;
		if (fm_result_add_rec(r, &s) < 0)
			return fail(err, errlen, "out of memory");
	}
	return 0;
}

static int rplan(const json_t *a, struct fm_plan *p)
{
	size_t i;

	for (i = 0; i < json_array_size(a) && p->n < FM_PLAN_MAX; i++) {
		const json_t *e = json_array_get(a, i);
		struct fm_segment *g = &p->seg[p->n];
		const char *t = json_string_value(json_object_get(e, "tier"));

		if (!t || (g->tier = fm_tier_lookup(t)) < 0 ||
		    rtime(json_object_get(e, "from"), &g->from_ms) < 0 ||
		    rtime(json_object_get(e, "to"), &g->to_ms) < 0)
			return -1;
		p->n++;
	}
	return 0;
}

int fm_result_from_json(const json_t *j, struct fm_result *r, char *err, size_t errlen)
{
	const json_t *a, *e;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(j))
		return fail(err, errlen, "no object");
	if (json_object_get(j, "error"))
		return snprintf(err, errlen, "%s",
				json_string_value(json_object_get(j, "error"))), -1;
	if (rquery(json_object_get(j, "query"), &r->q, err, errlen) < 0)
		return -1;
	if (r->q.kind == FM_QUERY_NAT) {
		e = json_object_get(j, "searched");
		if (rtime(json_object_get(e, "from"), &r->searched_from_ms) < 0 ||
		    rtime(json_object_get(e, "to"), &r->searched_to_ms) < 0)
			return fail(err, errlen, "searched");
		a = json_object_get(j, "mappings");
		r->maps = calloc(json_array_size(a) + 1, sizeof(*r->maps));
		if (!r->maps)
			return fail(err, errlen, "out of memory");
		for (i = 0; i < json_array_size(a); i++)
			if (rmapping(json_array_get(a, i), &r->maps[r->nmaps++]) < 0)
				return fail(err, errlen, "mappings");
		return rrecords(json_object_get(j, "events"), r, err, errlen);
	}
	r->plan.approximate = json_is_true(json_object_get(j, "approximate"));
	if (rplan(json_object_get(j, "read"), &r->plan) < 0)
		return fail(err, errlen, "read");
	switch (r->q.kind) {
	case FM_QUERY_TOP:
		a = json_object_get(j, "rows");
		for (i = 0; i < json_array_size(a); i++) {
			struct fm_counts c;
			const char *v;

			e = json_array_get(a, i);
			v = json_string_value(json_object_get(e, "value"));
			rcounts(e, &c);
			if (!v || fm_result_add_row(r, v, &c) < 0)
				return fail(err, errlen, "rows");
		}
		rcounts(json_object_get(j, "total"), &r->total);
		return 0;
	case FM_QUERY_SERIES:
		a = json_object_get(j, "points");
		r->points = calloc(json_array_size(a) + 1, sizeof(*r->points));
		if (!r->points)
			return fail(err, errlen, "out of memory");
		for (i = 0; i < json_array_size(a); i++) {
			e = json_array_get(a, i);
			if (rtime(json_object_get(e, "time"), &r->points[i].time_ms) < 0)
				return fail(err, errlen, "points");
			rcounts(e, &r->points[i].c);
		}
		r->npoints = i;
		return 0;
	default:
		r->truncated = json_is_true(json_object_get(j, "truncated"));
		return rrecords(json_object_get(j, "records"), r, err, errlen);
	}
}
