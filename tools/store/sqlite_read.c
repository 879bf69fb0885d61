// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's readers: a read-only connection of their own (WAL
 * lets them read while the writer writes). A query is one statement: a
 * UNION ALL of one SELECT per partition table of each segment of the plan,
 * grouped outside. Table and column names come from the catalog and the
 * column table; every value is bound.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "addr.h"
#include "sqlite.h"

struct rd {
	sqlite3 *db;
};

/* ---- a statement being written, with its values ---- */

struct bind {
	bool text;
	int64_t i;
	const char *t;		/* lives as long as the query */
};

struct sqlb {
	char *s;
	size_t len;
	FILE *f;
	struct bind *b;
	int nb, cap;
	bool oom;
};

static void sqlb_init(struct sqlb *q)
{
	memset(q, 0, sizeof(*q));
	q->f = open_memstream(&q->s, &q->len);
	q->oom = !q->f;
}

static void sqlb_free(struct sqlb *q)
{
	if (q->f)
		fclose(q->f);
	free(q->s);
	free(q->b);
}

static void sql(struct sqlb *q, const char *fmt, ...)
{
	va_list ap;

	if (q->oom)
		return;
	va_start(ap, fmt);
	vfprintf(q->f, fmt, ap);
	va_end(ap);
}

static struct bind *bind_new(struct sqlb *q)
{
	if (q->nb == q->cap) {
		int cap = q->cap ? q->cap * 2 : 32;
		struct bind *b = realloc(q->b, cap * sizeof(*b));

		if (!b) {
			q->oom = true;
			return NULL;
		}
		q->b = b;
		q->cap = cap;
	}
	return &q->b[q->nb++];
}

/* A "?" in the text and its value. */
static void val_i(struct sqlb *q, int64_t v)
{
	struct bind *b = bind_new(q);

	if (b)
		*b = (struct bind){ .i = v };
	sql(q, "?");
}

static void val_t(struct sqlb *q, const char *t)
{
	struct bind *b = bind_new(q);

	if (b)
		*b = (struct bind){ .text = true, .t = t };
	sql(q, "?");
}

static int sqlb_prepare(sqlite3 *db, struct sqlb *q, sqlite3_stmt **st, char *err, size_t errlen)
{
	int i, rc;

	if (q->oom || fflush(q->f)) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	rc = sqlite3_prepare_v2(db, q->s, -1, st, NULL);
	if (rc != SQLITE_OK)
		return sq_error(db, rc, "query", err, errlen);
	for (i = 0; i < q->nb; i++)
		if (q->b[i].text)
			sqlite3_bind_text(*st, i + 1, q->b[i].t, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(*st, i + 1, q->b[i].i);
	return 0;
}

/* ---- the catalog ---- */

struct tables {
	char (*name)[SQ_NAME];
	int n;
};

/* The partitions of @kind overlapping [from, to), oldest (or newest) first. */
static int tables(struct rd *r, int kind, uint64_t from, uint64_t to, bool newest,
		  struct tables *t, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, cap = 0;

	t->n = 0;
	rc = sqlite3_prepare_v2(r->db, newest ?
		"SELECT name FROM partitions WHERE kind = ? AND from_ms < ? AND to_ms > ? ORDER BY from_ms DESC" :
		"SELECT name FROM partitions WHERE kind = ? AND from_ms < ? AND to_ms > ? ORDER BY from_ms",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_error(r->db, rc, "partitions", err, errlen);
	sqlite3_bind_text(st, 1, sq_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, from);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->n == cap) {
			void *p = realloc(t->name, (cap = cap ? cap * 2 : 16) * sizeof(*t->name));

			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			t->name = p;
		}
		snprintf(t->name[t->n++], SQ_NAME, "%s", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sq_error(r->db, rc, "partitions", err, errlen);
}

/* ---- open, info ---- */

void sq_rclose(void *rd)
{
	struct rd *r = rd;

	if (!r)
		return;
	sqlite3_close_v2(r->db);
	free(r);
}

int sq_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen)
{
	char path[4096];
	struct stat st;
	struct rd *r;
	int rc;

	if (sq_path(url, c, path, sizeof(path), err, errlen) < 0)
		return FM_STORE_FAILED;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s (no store there yet?)", path, strerror(errno));
		return FM_STORE_FAILED;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	rc = sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(r->db, 5000);
	if (rc != SQLITE_OK) {
		sq_error(r->db, rc, path, err, errlen);
		sq_rclose(r);
		return FM_STORE_FAILED;
	}
	*rd = r;
	return 0;
}

int sq_info(void *rd, struct fm_store_info *i, char *err, size_t errlen)
{
	struct rd *r = rd;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(r->db, "SELECT tier, retention_ms, kept_from_ms FROM tiers",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		sq_error(r->db, rc, "not a flowmeter store", err, errlen);
		return FM_STORE_FAILED;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int k = fm_tier_lookup(t);
		struct fm_tier_info *ti = k >= 0 ? &i->tier[k] : !strcmp(t, "nat") ? &i->nat : NULL;

		if (ti) {
			ti->retention_ms = sqlite3_column_int64(st, 1);
			ti->kept_from_ms = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sq_error(r->db, rc, "tiers", err, errlen);
	rc = sqlite3_prepare_v2(r->db, "SELECT name, since_ms FROM dimensions", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_error(r->db, rc, "dimensions", err, errlen);
	i->ndims = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i->ndims < FM_DIM_MAX) {
		int d = fm_dim_lookup((const char *)sqlite3_column_text(st, 0));

		if (d < 0)
			continue;
		i->dims[i->ndims] = d;
		i->dim_since_ms[i->ndims++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_error(r->db, rc, "dimensions", err, errlen);
}

/* ---- top and series: one UNION ALL over the plan ---- */

/* The text a raw row has for dimension @dim, as a rollup value has it. */
static void raw_value(struct sqlb *q, int dim)
{
	int col = dim == FM_DIM_ALL ? -1 : fm_col_of_attr(dim);

	if (col < 0)
		sql(q, "''");
	else if (fm_srec_cols[col].type == FM_COL_TEXT)
		sql(q, "coalesce(%s, '')", fm_srec_cols[col].name);
	else
		sql(q, "coalesce(CAST(%s AS TEXT), '')", fm_srec_cols[col].name);
}

/*
 * One SELECT per table of every segment, giving (k, b, p, f): k the value
 * (top) or the step's start (series). 0 and *n the number of SELECTs.
 */
static int segments(struct rd *r, const struct fm_query *q, const struct fm_plan *p,
		    struct sqlb *b, int *n, char *err, size_t errlen)
{
	bool series = q->kind == FM_QUERY_SERIES;
	int dim = series ? (q->attr >= 0 ? q->attr : FM_DIM_ALL) : q->by;
	int s, t, ret;

	*n = 0;
	for (s = 0; s < p->n; s++) {
		const struct fm_segment *g = &p->seg[s];
		bool raw = g->tier == FM_TIER_RAW;
		const char *tcol = raw ? "ts" : "bucket";
		struct tables tb = { 0 };

		ret = tables(r, g->tier, g->from_ms, g->to_ms, false, &tb, err, errlen);
		for (t = 0; !ret && t < tb.n; t++) {
			sql(b, "%sSELECT ", (*n)++ ? " UNION ALL " : "");
			if (series) {
				val_i(b, q->from_ms);
				sql(b, " + ((%s - ", tcol);
				val_i(b, q->from_ms);
				sql(b, ") / ");
				val_i(b, q->step_ms);
				sql(b, ") * ");
				val_i(b, q->step_ms);
			} else if (raw) {
				raw_value(b, dim);
			} else {
				sql(b, "value");
			}
			sql(b, " AS k, sum(bytes) AS b, sum(packets) AS p, sum(flows) AS f FROM %s WHERE ",
			    tb.name[t]);
			if (!raw) {
				sql(b, "dim = ");
				val_t(b, fm_dim_name(dim));
				if (series) {
					sql(b, " AND value = ");
					val_t(b, q->attr >= 0 ? q->value : "");
				}
				sql(b, " AND ");
			} else if (series && q->attr >= 0) {
				raw_value(b, q->attr);
				sql(b, " = ");
				val_t(b, q->value);
				sql(b, " AND ");
			}
			sql(b, "%s >= ", tcol);
			val_i(b, g->from_ms);
			sql(b, " AND %s < ", tcol);
			val_i(b, g->to_ms);
			if (*q->exporter) {
				sql(b, " AND %s = ", raw ? "sampler" : "exporter");
				val_t(b, q->exporter);
			}
			sql(b, " GROUP BY k");
		}
		free(tb.name);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int aggregate(void *rd, const struct fm_query *q, const struct fm_plan *p,
		     struct fm_result *res, char *err, size_t errlen)
{
	static const char *const order[] = { "b", "p", "f" };
	struct rd *r = rd;
	sqlite3_stmt *st;
	struct sqlb b;
	int n, rc, ret;

	sqlb_init(&b);
	sql(&b, "SELECT k, sum(b), sum(p), sum(f) FROM (");
	ret = segments(r, q, p, &b, &n, err, errlen);
	if (q->kind == FM_QUERY_TOP)
		sql(&b, ") GROUP BY k ORDER BY sum(%s) DESC, k", order[q->order]);
	else
		sql(&b, ") GROUP BY k ORDER BY k");
	if (ret < 0 || !n) {
		sqlb_free(&b);
		return ret;
	}
	ret = sqlb_prepare(r->db, &b, &st, err, errlen);
	sqlb_free(&b);
	if (ret < 0)
		return ret;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fm_counts c = { sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
				       sqlite3_column_int64(st, 3) };

		if (q->kind == FM_QUERY_SERIES) {
			fm_result_add_point(res, sqlite3_column_int64(st, 0), &c);
			continue;
		}
		fm_result_add_point(res, 0, &c);	/* the total */
		if (res->nrows < q->limit &&
		    fm_result_add_row(res, (const char *)sqlite3_column_text(st, 0), &c) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sq_error(r->db, rc, "query", err, errlen);
}

int sq_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen)
{
	return aggregate(rd, q, p, res, err, errlen);
}

int sq_series(void *rd, const struct fm_query *q, const struct fm_plan *p,
	      struct fm_result *res, char *err, size_t errlen)
{
	return aggregate(rd, q, p, res, err, errlen);
}

/* ---- records ---- */

/* Rows of sq_columns() into res->recs, at most @max (0: all); how many. */
static int rows(struct rd *r, struct sqlb *b, struct fm_result *res, size_t max,
		size_t *got, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	struct fm_srec rec;
	int rc = SQLITE_DONE, ret;

	*got = 0;
	ret = sqlb_prepare(r->db, b, &st, err, errlen);
	if (ret < 0)
		return ret;
	while ((!max || *got < max) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_row(st, 0, &rec);
		if (fm_result_add_rec(res, &rec) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		(*got)++;
	}
	if (max && *got == max)
		rc = SQLITE_DONE;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sq_error(r->db, rc, "query", err, errlen);
}

int sq_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen)
{
	struct rd *r = rd;
	struct tables tb = { 0 };
	char addr[INET6_ADDRSTRLEN];
	size_t got;
	int t, ret;

	fm_addr_str(a, addr, sizeof(addr));
	ret = tables(r, SQ_NAT, from, to, false, &tb, err, errlen);
	for (t = 0; !ret && t < tb.n; t++) {
		struct sqlb b;

		sqlb_init(&b);
		sql(&b, "SELECT %s FROM %s WHERE ((post_nat_source_ip = ", sq_columns(), tb.name[t]);
		val_t(&b, addr);
		sql(&b, " AND post_nat_source_port = ");
		val_i(&b, port);
		sql(&b, ") OR (destination_ip = ");
		val_t(&b, addr);
		sql(&b, " AND destination_port = ");
		val_i(&b, port);
		sql(&b, ")) AND ts >= ");
		val_i(&b, from);
		sql(&b, " AND ts < ");
		val_i(&b, to);
		sql(&b, " ORDER BY ts, rowid");
		ret = rows(r, &b, res, 0, &got, err, errlen);
		sqlb_free(&b);
	}
	free(tb.name);
	return ret;
}

int sq_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen)
{
	struct rd *r = rd;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	size_t got, want = (size_t)q->limit + 1;	/* one more says "truncated" */
	int s, t, ret = 0;

	fm_addr_str(&q->src, src, sizeof(src));
	fm_addr_str(&q->dst, dst, sizeof(dst));
	for (s = p->n - 1; s >= 0 && !ret && want; s--) {
		const struct fm_segment *g = &p->seg[s];
		struct tables tb = { 0 };

		if (g->tier != FM_TIER_RAW)
			continue;
		ret = tables(r, FM_TIER_RAW, g->from_ms, g->to_ms, true, &tb, err, errlen);
		for (t = 0; !ret && t < tb.n && want; t++) {
			struct sqlb b;

			sqlb_init(&b);
			sql(&b, "SELECT %s FROM %s WHERE ts >= ", sq_columns(), tb.name[t]);
			val_i(&b, g->from_ms);
			sql(&b, " AND ts < ");
			val_i(&b, g->to_ms);
			if (q->src.family) {
				sql(&b, " AND source_ip = ");
				val_t(&b, src);
			}
			if (q->dst.family) {
				sql(&b, " AND destination_ip = ");
				val_t(&b, dst);
			}
			if (q->flow_port >= 0) {
				sql(&b, " AND (source_port = ");
				val_i(&b, q->flow_port);
				sql(&b, " OR destination_port = ");
				val_i(&b, q->flow_port);
				sql(&b, ")");
			}
			if (q->proto >= 0) {
				sql(&b, " AND proto = ");
				val_i(&b, q->proto);
			}
			if (*q->exporter) {
				sql(&b, " AND sampler = ");
				val_t(&b, q->exporter);
			}
			sql(&b, " ORDER BY ts DESC, rowid DESC LIMIT ");
			val_i(&b, want);
			ret = rows(r, &b, res, want, &got, err, errlen);
			sqlb_free(&b);
			want -= got;
		}
		free(tb.name);
	}
	if (!ret && res->nrecs > q->limit) {
		res->nrecs = q->limit;
		res->truncated = true;
	}
	return ret;
}
