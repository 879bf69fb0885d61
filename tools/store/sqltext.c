// SPDX-License-Identifier: GPL-2.0
/*
 * SQL for the stores with a table per tier (sqltext.h): PostgreSQL gets
 * parameters, ClickHouse escaped literals. The two differ in a few
 * spellings (NULLs, casts, integer division, sort order of text), kept
 * here side by side so both answer exactly as SQLite does.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "sqlite.h"
#include "sqltext.h"

void fm_sql_init(struct fm_sql *q, enum fm_sql_dialect d)
{
	memset(q, 0, sizeof(*q));
	q->d = d;
}

void fm_sql_free(struct fm_sql *q)
{
	int i;

	for (i = 0; i < q->nvals; i++)
		free(q->vals[i]);
	free(q->vals);
	fm_buf_free(&q->b);
	fm_sql_init(q, q->d);	/* freed twice is freed once */
}

void fm_sql(struct fm_sql *q, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		q->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		fm_buf_add(&q->b, small, n);
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&big, fmt, ap) < 0)
		q->oom = true;
	else
		fm_buf_add(&q->b, big, n);
	va_end(ap);
	free(big);
}

/* PG: the value as parameter $n, typed where it is used. */
static void param(struct fm_sql *q, const char *v, const char *type)
{
	char *d = strdup(v);

	if (d && q->nvals == q->cap) {
		int cap = q->cap ? q->cap * 2 : 16;
		char **vals = realloc(q->vals, cap * sizeof(*vals));

		if (!vals) {
			free(d);
			d = NULL;
		} else {
			q->vals = vals;
			q->cap = cap;
		}
	}
	if (!d) {
		q->oom = true;
		return;
	}
	q->vals[q->nvals++] = d;
	fm_sql(q, "$%d::%s", q->nvals, type);
}

void fm_sql_int(struct fm_sql *q, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	if (q->d == FM_SQL_PG)
		param(q, buf, "bigint");
	else
		fm_sql(q, "toInt64(%s)", buf);
}

void fm_sql_text(struct fm_sql *q, const char *t)
{
	const char *p;

	if (q->d == FM_SQL_PG) {
		param(q, t, "text");
		return;
	}
	/* ClickHouse's string literal: backslash escapes, so ' and \ and controls escaped. */
	fm_buf_add(&q->b, "'", 1);
	for (p = t; *p; p++) {
		switch (*p) {
		case '\'': fm_buf_add(&q->b, "\\'", 2); break;
		case '\\': fm_buf_add(&q->b, "\\\\", 2); break;
		case '\n': fm_buf_add(&q->b, "\\n", 2); break;
		case '\r': fm_buf_add(&q->b, "\\r", 2); break;
		case '\t': fm_buf_add(&q->b, "\\t", 2); break;
		default: fm_buf_add(&q->b, p, 1); break;
		}
	}
	fm_buf_add(&q->b, "'", 1);
}

int fm_sql_done(struct fm_sql *q, char *err, size_t errlen)
{
	if (q->oom || q->b.oom || !q->b.p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

const char *fm_sql_columns(void)
{
	return sq_columns();	/* the same list as SQLite's tables */
}

const char *fm_sql_rollup_table(int tier)
{
	static const char *const t[FM_TIER__COUNT] = { "flows", "rollup_5m", "rollup_1h", "rollup_1d" };

	return tier > 0 && tier < FM_TIER__COUNT ? t[tier] : "flows";
}

/* The text a raw row has for dimension @dim, as a rollup value has it. */
static void raw_value(struct fm_sql *s, int dim)
{
	int col = dim == FM_DIM_ALL ? -1 : fm_col_of_attr(dim);
	const char *name = col >= 0 ? fm_srec_cols[col].name : NULL;
	bool pg = s->d == FM_SQL_PG;

	if (!name)
		fm_sql(s, "''");
	else if (fm_srec_cols[col].type == FM_COL_TEXT)
		fm_sql(s, pg ? "coalesce(%s, '')" : "ifNull(%s, '')", name);
	else
		fm_sql(s, pg ? "coalesce(%s::text, '')" : "ifNull(toString(%s), '')", name);
}

/* A sum as a plain 64-bit integer (UNION ALL wants one type in ClickHouse). */
static void sum(struct fm_sql *s, const char *col, const char *as)
{
	fm_sql(s, s->d == FM_SQL_PG ? "coalesce(sum(%s), 0) AS %s" :
	       "toInt64(ifNull(sum(%s), 0)) AS %s", col, as);
}

bool fm_sql_aggregate(struct fm_sql *s, const struct fm_query *q, const struct fm_plan *p)
{
	static const char *const order[] = { "b", "p", "f" };
	bool series = q->kind == FM_QUERY_SERIES, pg = s->d == FM_SQL_PG;
	int dim = series ? (q->attr >= 0 ? q->attr : FM_DIM_ALL) : q->by;
	int i;

	if (!p->n)
		return false;
	fm_sql(s, "SELECT k, sum(b), sum(p), sum(f) FROM (");
	for (i = 0; i < p->n; i++) {
		const struct fm_segment *g = &p->seg[i];
		bool raw = g->tier == FM_TIER_RAW;
		const char *tcol = raw ? "ts" : "bucket";

		fm_sql(s, "%sSELECT ", i ? " UNION ALL " : "");
		if (series) {
			fm_sql(s, pg ? "(" : "toInt64(");
			fm_sql_int(s, q->from_ms);
			fm_sql(s, pg ? " + ((%s - " : " + intDiv(%s - ", tcol);
			fm_sql_int(s, q->from_ms);
			fm_sql(s, pg ? ") / " : ", ");
			fm_sql_int(s, q->step_ms);
			fm_sql(s, pg ? ") * " : ") * ");
			fm_sql_int(s, q->step_ms);
			fm_sql(s, ")");
		} else if (raw) {
			raw_value(s, dim);
		} else {
			fm_sql(s, "value");
		}
		fm_sql(s, " AS k, ");
		sum(s, "bytes", "b");
		fm_sql(s, ", ");
		sum(s, "packets", "p");
		fm_sql(s, ", ");
		sum(s, "flows", "f");
		fm_sql(s, " FROM %s WHERE ", fm_sql_rollup_table(g->tier));
		if (!raw) {
			fm_sql(s, "dim = ");
			fm_sql_text(s, fm_dim_name(dim));
			if (series) {
				fm_sql(s, " AND value = ");
				fm_sql_text(s, q->attr >= 0 ? q->value : "");
			}
			fm_sql(s, " AND ");
		} else if (series && q->attr >= 0) {
			raw_value(s, q->attr);
			fm_sql(s, " = ");
			fm_sql_text(s, q->value);
			fm_sql(s, " AND ");
		}
		fm_sql(s, "%s >= ", tcol);
		fm_sql_int(s, g->from_ms);
		fm_sql(s, " AND %s < ", tcol);
		fm_sql_int(s, g->to_ms);
		if (*q->exporter) {
			fm_sql(s, " AND %s = ", raw ? "sampler" : "exporter");
			fm_sql_text(s, q->exporter);
		}
		/* ClickHouse gives a row of zeros for a constant key over no rows. */
		fm_sql(s, " GROUP BY k HAVING count(*) > 0");
	}
	/* Ties in the order SQLite gives them: bytes, not the locale's collation. */
	if (!series)
		fm_sql(s, ") AS u GROUP BY k ORDER BY sum(%s) DESC, k%s", order[q->order],
		       pg ? " COLLATE \"C\"" : "");
	else
		fm_sql(s, ") AS u GROUP BY k ORDER BY k");
	return true;
}

int fm_sql_aggregate_row(struct fm_result *res, const struct fm_query *q, const char *k,
			 const char *bytes, const char *packets, const char *flows)
{
	struct fm_counts c = {
		strtoull(bytes ? bytes : "0", NULL, 10),
		strtoull(packets ? packets : "0", NULL, 10),
		strtoull(flows ? flows : "0", NULL, 10),
	};

	if (q->kind == FM_QUERY_SERIES) {
		fm_result_add_point(res, strtoull(k ? k : "0", NULL, 10), &c);
		return 0;
	}
	fm_result_add_point(res, 0, &c);	/* the total */
	if (res->nrows < q->limit && fm_result_add_row(res, k ? k : "", &c) < 0)
		return -1;
	return 0;
}

void fm_sql_flows(struct fm_sql *s, const struct fm_query *q, const struct fm_segment *g,
		  size_t limit)
{
	char a[INET6_ADDRSTRLEN];

	fm_sql(s, "SELECT %s FROM flows WHERE ts >= ", fm_sql_columns());
	fm_sql_int(s, g->from_ms);
	fm_sql(s, " AND ts < ");
	fm_sql_int(s, g->to_ms);
	if (q->src.family) {
		fm_sql(s, " AND source_ip = ");
		fm_sql_text(s, fm_addr_str(&q->src, a, sizeof(a)));
	}
	if (q->dst.family) {
		fm_sql(s, " AND destination_ip = ");
		fm_sql_text(s, fm_addr_str(&q->dst, a, sizeof(a)));
	}
	if (q->flow_port >= 0) {
		fm_sql(s, " AND (source_port = ");
		fm_sql_int(s, q->flow_port);
		fm_sql(s, " OR destination_port = ");
		fm_sql_int(s, q->flow_port);
		fm_sql(s, ")");
	}
	if (q->proto >= 0) {
		fm_sql(s, " AND proto = ");
		fm_sql_int(s, q->proto);
	}
	if (*q->exporter) {
		fm_sql(s, " AND sampler = ");
		fm_sql_text(s, q->exporter);
	}
	/* PostgreSQL: seq, the order of arrival, as SQLite's rowid. */
	fm_sql(s, " ORDER BY ts DESC%s LIMIT %zu", s->d == FM_SQL_PG ? ", seq DESC" : "", limit);
}

void fm_sql_nat(struct fm_sql *s, const char *addr, uint16_t port, uint64_t from_ms,
		uint64_t to_ms)
{
	/* Either way an outside address is named: SNAT's post-NAT source, DNAT's destination. */
	fm_sql(s, "SELECT %s FROM nat WHERE ((post_nat_source_ip = ", fm_sql_columns());
	fm_sql_text(s, addr);
	fm_sql(s, " AND post_nat_source_port = ");
	fm_sql_int(s, port);
	fm_sql(s, ") OR (destination_ip = ");
	fm_sql_text(s, addr);
	fm_sql(s, " AND destination_port = ");
	fm_sql_int(s, port);
	fm_sql(s, ")) AND ts >= ");
	fm_sql_int(s, from_ms);
	fm_sql(s, " AND ts < ");
	fm_sql_int(s, to_ms);
	fm_sql(s, " ORDER BY ts%s", s->d == FM_SQL_PG ? ", seq" : "");
}

int fm_sql_flows_read(const struct fm_query *q, const struct fm_plan *p, enum fm_sql_dialect d,
		      fm_sql_records_fn records, void *rd, struct fm_result *res,
		      char *err, size_t errlen)
{
	size_t got, want = (size_t)q->limit + 1;	/* one more says "truncated" */
	int i, ret = 0;

	for (i = p->n - 1; i >= 0 && !ret && want; i--) {
		struct fm_sql s;

		if (p->seg[i].tier != FM_TIER_RAW)
			continue;
		fm_sql_init(&s, d);
		fm_sql_flows(&s, q, &p->seg[i], want);
		ret = records(rd, &s, res, &got, err, errlen);
		fm_sql_free(&s);
		want -= got;
	}
	if (!ret && res->nrecs > q->limit) {
		res->nrecs = q->limit;
		res->truncated = true;
	}
	return ret;
}
