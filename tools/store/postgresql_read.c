// SPDX-License-Identifier: GPL-2.0
/*
 * The PostgreSQL store's readers: a connection of their own in read-only
 * transactions; the SQL is sqltext.c's, every value a parameter
 * (PQexecParams). The parent tables are asked, and PostgreSQL reads only
 * the partitions a range touches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "postgresql.h"
#include "sqltext.h"
#include "tsv.h"

struct rd {
	PGconn *db;
};

void pg_rclose(void *rd)
{
	struct rd *r = rd;

	if (!r)
		return;
	if (r->db)
		PQfinish(r->db);
	free(r);
}

int pg_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen)
{
	const char *ci = pg_conninfo(url, c, err, errlen);
	struct rd *r;

	if (!ci)
		return FM_STORE_FAILED;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	r->db = pg_connect(ci, err, errlen);
	if (!r->db || pg_exec(r->db, "SET default_transaction_read_only = on", err, errlen) < 0) {
		pg_rclose(r);
		return FM_STORE_FAILED;
	}
	*rd = r;
	return 0;
}

/* Run @s; the result or NULL with @err. */
static PGresult *run(struct rd *r, struct fm_sql *s, char *err, size_t errlen)
{
	if (fm_sql_done(s, err, errlen) < 0)
		return NULL;
	return pg_params(r->db, s->b.p, s->nvals, (const char *const *)s->vals, "query",
			 err, errlen);
}

int pg_info(void *rd, struct fm_store_info *i, char *err, size_t errlen)
{
	struct rd *r = rd;
	PGresult *res;
	int n;

	res = pg_params(r->db, "SELECT tier, retention_ms, kept_from_ms FROM tiers", 0, NULL,
			"not a flowmeter store", err, errlen);
	if (!res)
		return FM_STORE_FAILED;
	for (n = 0; n < PQntuples(res); n++) {
		const char *t = PQgetvalue(res, n, 0);
		int k = fm_tier_lookup(t);
		struct fm_tier_info *ti = k >= 0 ? &i->tier[k] : !strcmp(t, "nat") ? &i->nat : NULL;

		if (ti) {
			ti->retention_ms = strtoull(PQgetvalue(res, n, 1), NULL, 10);
			ti->kept_from_ms = strtoull(PQgetvalue(res, n, 2), NULL, 10);
		}
	}
	PQclear(res);
	res = pg_params(r->db, "SELECT name, since_ms FROM dimensions", 0, NULL, "dimensions",
			err, errlen);
	if (!res)
		return FM_STORE_FAILED;
	i->ndims = 0;
	for (n = 0; n < PQntuples(res) && i->ndims < FM_DIM_MAX; n++) {
		int d = fm_dim_lookup(PQgetvalue(res, n, 0));

		if (d < 0)
			continue;
		i->dims[i->ndims] = d;
		i->dim_since_ms[i->ndims++] = strtoull(PQgetvalue(res, n, 1), NULL, 10);
	}
	PQclear(res);
	return 0;
}

/* top and series: one statement, its (k, b, p, f) rows. */
int pg_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen)
{
	struct rd *r = rd;
	struct fm_sql s;
	PGresult *pr = NULL;
	int i, ret = 0;

	fm_sql_init(&s, FM_SQL_PG);
	if (fm_sql_aggregate(&s, q, p)) {
		pr = run(r, &s, err, errlen);
		ret = pr ? 0 : FM_STORE_FAILED;
	}
	fm_sql_free(&s);
	for (i = 0; pr && i < PQntuples(pr) && !ret; i++)
		if (fm_sql_aggregate_row(res, q, PQgetvalue(pr, i, 0), PQgetvalue(pr, i, 1),
					 PQgetvalue(pr, i, 2), PQgetvalue(pr, i, 3)) < 0) {
			snprintf(err, errlen, "out of memory");
			ret = FM_STORE_FAILED;
		}
	PQclear(pr);
	return ret;
}

/* Rows of fm_sql_columns() into res->recs. */
static int records(void *rd, struct fm_sql *s, struct fm_result *res, size_t *got,
		   char *err, size_t errlen)
{
	struct rd *r = rd;
	PGresult *pr = run(r, s, err, errlen);
	struct fm_srec rec;
	char *f[128];
	int i, j;

	*got = 0;
	if (!pr)
		return FM_STORE_FAILED;
	for (i = 0; i < PQntuples(pr); i++) {
		for (j = 0; j < fm_srec_ncols; j++)
			f[j] = PQgetisnull(pr, i, j) ? NULL : PQgetvalue(pr, i, j);
		fm_srec_from_fields(&rec, f, fm_srec_ncols);
		if (fm_result_add_rec(res, &rec) < 0) {
			PQclear(pr);
			snprintf(err, errlen, "out of memory");
			return FM_STORE_FAILED;
		}
		(*got)++;
	}
	PQclear(pr);
	return 0;
}

int pg_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN];
	struct fm_sql s;
	size_t got;
	int ret;

	fm_sql_init(&s, FM_SQL_PG);
	fm_sql_nat(&s, fm_addr_str(a, addr, sizeof(addr)), port, from, to);
	ret = records(rd, &s, res, &got, err, errlen);
	fm_sql_free(&s);
	return ret;
}

int pg_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen)
{
	return fm_sql_flows_read(q, p, FM_SQL_PG, records, rd, res, err, errlen);
}
