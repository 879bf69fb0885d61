// SPDX-License-Identifier: GPL-2.0
/*
 * The writer and the reader over any backend (store.h): the writer counts
 * what it wrote into the rollups and writes them on its schedule; the
 * reader plans each question and hands the backend its segments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "store.h"

/* Rollup keys held before they are written early (memory, not time). */
#define ROLLUP_MAX_PENDING 2000000
/* Retention and the size cap are looked at this often. */
#define MAINTAIN_MS 10000
/* A NAT mapping's create is looked for this far back at least... */
#define NAT_BACK_MS (24 * 3600 * 1000ull)
/* ...and its delete this far ahead. */
#define NAT_AHEAD_MS (24 * 3600 * 1000ull)

void fm_store_conf_init(struct fm_store_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->queue = 65536;
	c->batch = 5000;
	c->flush_ms = 1000;
	c->rollup_ms = 60000;
	c->retention_ms[FM_TIER_RAW] = 48 * 3600 * 1000ull;
	c->retention_ms[FM_TIER_5M] = 30 * 86400 * 1000ull;
	c->retention_ms[FM_TIER_1H] = 365 * 86400 * 1000ull;
	c->retention_ms[FM_TIER_1D] = 0;
	c->nat_retention_ms = 48 * 3600 * 1000ull;
	memcpy(c->dims, fm_dim_defaults, fm_dim_ndefaults * sizeof(int));
	c->ndims = fm_dim_ndefaults;
}

void fm_store_conf_free(struct fm_store_conf *c)
{
	int i;

	for (i = 0; i < c->nopts; i++) {
		free(c->opts[i].key);
		free(c->opts[i].value);
	}
	free(c->opts);
	free(c->backend);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

const char *fm_store_conf_opt(const struct fm_store_conf *c, const char *key)
{
	int i;

	for (i = 0; i < c->nopts; i++)
		if (!strcmp(c->opts[i].key, key))
			return c->opts[i].value;
	return NULL;
}

/* ---- the writer ---- */

struct fm_store {
	const struct fm_store_conf *c;
	const struct fm_store_ops *ops;
	void *be;
	struct fm_rollup *ru;
	bool connected;
	uint64_t rollup_at, maintain_at;	/* when each is next due */
};

int fm_store_prepare(const struct fm_store_conf *c, uid_t uid, gid_t gid,
		     char *err, size_t errlen)
{
	const struct fm_store_ops *ops = fm_store_backend(c->backend, err, errlen);

	if (!ops)
		return FM_STORE_FAILED;
	return ops->prepare ? ops->prepare(c, uid, gid, err, errlen) : 0;
}

struct fm_store *fm_store_new(const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct fm_store *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->c = c;
	s->ops = fm_store_backend(c->backend, err, errlen);
	if (!s->ops || s->ops->open(&s->be, c, err, errlen) < 0) {
		free(s);
		return NULL;
	}
	s->ru = fm_rollup_new(c->dims, c->ndims);
	if (!s->ru) {
		s->ops->close(s->be);
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return s;
}

static void recovered(void *ctx, const struct fm_srec *r)
{
	struct fm_store *s = ctx;

	if (fm_rollup_add(s->ru, r) < 0)
		s->connected = false;	/* out of memory: connect fails, tries again */
}

int fm_store_connect(struct fm_store *s, uint64_t now_ms, char *err, size_t errlen)
{
	int ret;

	if (s->connected)
		return 0;
	ret = s->ops->connect(s->be, now_ms, err, errlen);
	if (ret < 0)
		return ret;
	/* What the last connection counted but did not write is in raw rows. */
	fm_rollup_clear(s->ru);
	s->connected = true;
	if (s->ops->recover) {
		ret = s->ops->recover(s->be, recovered, s, err, errlen);
		if (!ret && !s->connected) {
			snprintf(err, errlen, "out of memory recounting rollups");
			ret = FM_STORE_DOWN;
		}
		if (ret < 0) {
			s->ops->disconnect(s->be);
			s->connected = false;
			return ret;
		}
	}
	s->rollup_at = now_ms + s->c->rollup_ms;
	s->maintain_at = now_ms;
	return 0;
}

int fm_store_write(struct fm_store *s, const struct fm_srec *r, size_t n,
		   char *err, size_t errlen)
{
	size_t i;
	int ret;

	if (!s->connected) {
		snprintf(err, errlen, "not connected");
		return FM_STORE_DOWN;
	}
	ret = s->ops->write(s->be, r, n, err, errlen);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++)
		if (fm_rollup_add(s->ru, &r[i]) < 0) {
			/* Written, not counted: a new connection recounts from the raw rows. */
			snprintf(err, errlen, "out of memory counting rollups; reconnecting to recount");
			return FM_STORE_DOWN;
		}
	return 0;
}

static int flush_rollups(struct fm_store *s, char *err, size_t errlen)
{
	const struct fm_rollup_row *rows;
	size_t n;
	int ret;

	if (!fm_rollup_pending(s->ru))
		return 0;
	if (fm_rollup_rows(s->ru, &rows, &n) < 0) {
		snprintf(err, errlen, "out of memory writing rollups; reconnecting to recount");
		return FM_STORE_DOWN;
	}
	ret = s->ops->write_rollups(s->be, rows, n, err, errlen);
	if (!ret)
		fm_rollup_clear(s->ru);
	return ret;
}

int fm_store_maintain(struct fm_store *s, uint64_t now_ms, char *err, size_t errlen)
{
	int ret;

	if (!s->connected)
		return FM_STORE_DOWN;
	if (now_ms >= s->rollup_at || fm_rollup_pending(s->ru) > ROLLUP_MAX_PENDING) {
		ret = flush_rollups(s, err, errlen);
		if (ret < 0)
			return ret;
		s->rollup_at = now_ms + s->c->rollup_ms;
	}
	if (now_ms >= s->maintain_at) {
		s->maintain_at = now_ms + MAINTAIN_MS;
		return s->ops->maintain(s->be, now_ms, err, errlen);
	}
	return 0;
}

void fm_store_disconnect(struct fm_store *s)
{
	char err[256];

	if (!s->connected)
		return;
	/* Best effort: what is not written now is recounted at the next connect. */
	flush_rollups(s, err, sizeof(err));
	s->ops->disconnect(s->be);
	s->connected = false;
}

void fm_store_free(struct fm_store *s)
{
	if (!s)
		return;
	fm_store_disconnect(s);
	s->ops->close(s->be);
	fm_rollup_free(s->ru);
	free(s);
}

/* ---- the reader ---- */

struct fm_store_reader {
	const struct fm_store_ops *ops;
	void *rd;
};

static struct fm_store_reader *reader(const char *url, const struct fm_store_conf *c,
				      char *err, size_t errlen)
{
	struct fm_store_reader *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->ops = fm_store_backend(url ? url : c->backend, err, errlen);
	if (!r->ops || r->ops->ropen(&r->rd, url, c, err, errlen) < 0) {
		free(r);
		return NULL;
	}
	return r;
}

struct fm_store_reader *fm_store_reader_open(const char *url, char *err, size_t errlen)
{
	return reader(url, NULL, err, errlen);
}

struct fm_store_reader *fm_store_reader_conf(const struct fm_store_conf *c,
					     char *err, size_t errlen)
{
	return reader(NULL, c, err, errlen);
}

void fm_store_reader_close(struct fm_store_reader *r)
{
	if (!r)
		return;
	r->ops->rclose(r->rd);
	free(r);
}

static int ask_nat(struct fm_store_reader *r, const struct fm_store_info *i,
		   struct fm_result *res, char *err, size_t errlen)
{
	const struct fm_query *q = &res->q;
	uint64_t back = i->nat.retention_ms > NAT_BACK_MS ? i->nat.retention_ms : NAT_BACK_MS;
	int ret;

	if (!i->nat.retention_ms)
		back = 30 * NAT_BACK_MS;
	res->searched_from_ms = q->at_ms > back ? q->at_ms - back : 0;
	res->searched_to_ms = q->at_ms + NAT_AHEAD_MS;
	ret = r->ops->nat_events(r->rd, &q->addr, q->port, res->searched_from_ms,
				 res->searched_to_ms, res, err, errlen);
	if (ret < 0)
		return ret;
	if (fm_result_nat_pair(res) < 0) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	return 0;
}

int fm_store_query(struct fm_store_reader *r, const struct fm_query *q,
		   struct fm_result *res, char *err, size_t errlen)
{
	struct fm_store_info info;
	uint64_t i;
	int dim;

	memset(res, 0, sizeof(*res));
	res->q = *q;
	if (fm_query_check(q, err, errlen) < 0)
		return FM_STORE_FAILED;
	memset(&info, 0, sizeof(info));
	if (r->ops->info(r->rd, &info, err, errlen) < 0)
		return FM_STORE_FAILED;
	info.now_ms = fm_now_ms();
	if (q->kind == FM_QUERY_NAT)
		return ask_nat(r, &info, res, err, errlen);

	dim = q->kind == FM_QUERY_TOP ? q->by :
	      q->kind == FM_QUERY_SERIES ? (q->attr >= 0 ? q->attr : FM_DIM_ALL) : -1;
	fm_plan_make(&info, dim, q->from_ms, q->to_ms,
		     q->kind == FM_QUERY_SERIES ? q->step_ms : 0, &res->plan);
	switch (q->kind) {
	case FM_QUERY_TOP:
		return res->plan.n ? r->ops->top(r->rd, q, &res->plan, res, err, errlen) : 0;
	case FM_QUERY_SERIES:
		res->npoints = (q->to_ms - q->from_ms + q->step_ms - 1) / q->step_ms;
		res->points = calloc(res->npoints, sizeof(*res->points));
		if (!res->points) {
			snprintf(err, errlen, "out of memory");
			return FM_STORE_FAILED;
		}
		for (i = 0; i < res->npoints; i++)
			res->points[i].time_ms = q->from_ms + i * q->step_ms;
		return res->plan.n ? r->ops->series(r->rd, q, &res->plan, res, err, errlen) : 0;
	case FM_QUERY_FLOWS:
		return res->plan.n ? r->ops->flows(r->rd, q, &res->plan, res, err, errlen) : 0;
	default:
		snprintf(err, errlen, "unknown query");
		return FM_STORE_FAILED;
	}
}
