// SPDX-License-Identifier: GPL-2.0
/*
 * The ClickHouse store's readers: the server at url (with a cluster, its
 * Distributed tables ask every shard), sqltext.c's SQL with every value an
 * escaped literal, answers as TabSeparated lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "clickhouse.h"
#include "sqltext.h"

struct rd {
	struct ch_conf cc;
	struct fm_buf ans;
};

void ch_rclose(void *rd)
{
	struct rd *r = rd;

	if (!r)
		return;
	ch_conf_free(&r->cc);
	fm_buf_free(&r->ans);
	free(r);
}

int ch_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct rd *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	if (ch_conf_parse(&r->cc, url, c, err, errlen) < 0) {
		free(r);
		return FM_STORE_FAILED;
	}
	*rd = r;
	return 0;
}

/* Run @q (freed); its lines in r->ans. */
static int run(struct rd *r, struct fm_sql *q, char *err, size_t errlen)
{
	int ret;

	fm_sql(q, " FORMAT TabSeparated");
	ret = fm_sql_done(q, err, errlen);
	fm_buf_reset(&r->ans);
	if (!ret)
		ret = ch_post(&r->cc, &r->cc.main, r->cc.database, q->b.p, NULL, &r->ans, err, errlen);
	fm_sql_free(q);
	return ret ? FM_STORE_FAILED : 0;
}

/* The next line of @p (NUL-terminated in place), fields split; 0 at the end. */
static int next_line(char **p, char **f, int max)
{
	char *line = *p, *nl;

	if (!line || !*line)
		return 0;
	nl = strchr(line, '\n');
	if (nl)
		*nl = 0;
	*p = nl ? nl + 1 : NULL;
	return fm_tsv_split(line, f, max);
}

int ch_info(void *rd, struct fm_store_info *i, char *err, size_t errlen)
{
	struct rd *r = rd;
	struct fm_sql q;
	char *p, *f[3];
	int n;

	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "SELECT tier, argMax(retention_ms, version), argMax(kept_from_ms, version) "
	       "FROM tiers GROUP BY tier");
	if (run(r, &q, err, errlen) < 0)
		return FM_STORE_FAILED;
	for (p = r->ans.p; (n = next_line(&p, f, 3)); ) {
		int k;
		struct fm_tier_info *ti;

		if (n < 3 || !f[0] || !f[1] || !f[2])
			continue;
		k = fm_tier_lookup(f[0]);
		ti = k >= 0 ? &i->tier[k] : !strcmp(f[0], "nat") ? &i->nat : NULL;
		if (ti) {
			ti->retention_ms = strtoull(f[1], NULL, 10);
			ti->kept_from_ms = strtoull(f[2], NULL, 10);
		}
	}
	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "SELECT name, argMax(since_ms, version) FROM dimensions GROUP BY name "
	       "HAVING argMax(present, version) = 1");
	if (run(r, &q, err, errlen) < 0)
		return FM_STORE_FAILED;
	i->ndims = 0;
	for (p = r->ans.p; (n = next_line(&p, f, 2)) && i->ndims < FM_DIM_MAX; ) {
		int d = n == 2 && f[0] && f[1] ? fm_dim_lookup(f[0]) : -1;

		if (d < 0)
			continue;
		i->dims[i->ndims] = d;
		i->dim_since_ms[i->ndims++] = strtoull(f[1], NULL, 10);
	}
	return 0;
}

int ch_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen)
{
	struct rd *r = rd;
	struct fm_sql s;
	char *line, *f[4];

	fm_sql_init(&s, FM_SQL_CH);
	if (!fm_sql_aggregate(&s, q, p)) {
		fm_sql_free(&s);
		return 0;
	}
	if (run(r, &s, err, errlen) < 0)
		return FM_STORE_FAILED;
	for (line = r->ans.p; next_line(&line, f, 4) == 4; )
		if (fm_sql_aggregate_row(res, q, f[0], f[1], f[2], f[3]) < 0) {
			snprintf(err, errlen, "out of memory");
			return FM_STORE_FAILED;
		}
	return 0;
}

/* Lines of fm_sql_columns() into res->recs. */
static int records(void *rd, struct fm_sql *s, struct fm_result *res, size_t *got,
		   char *err, size_t errlen)
{
	struct rd *r = rd;
	struct fm_srec rec;
	char *line, *f[128];
	int n;

	*got = 0;
	if (run(r, s, err, errlen) < 0)
		return FM_STORE_FAILED;
	for (line = r->ans.p; (n = next_line(&line, f, 128)); ) {
		fm_srec_from_fields(&rec, f, n);
		if (fm_result_add_rec(res, &rec) < 0) {
			snprintf(err, errlen, "out of memory");
			return FM_STORE_FAILED;
		}
		(*got)++;
	}
	return 0;
}

int ch_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN];
	struct fm_sql s;
	size_t got;

	fm_sql_init(&s, FM_SQL_CH);
	fm_sql_nat(&s, fm_addr_str(a, addr, sizeof(addr)), port, from, to);
	return records(rd, &s, res, &got, err, errlen);
}

int ch_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen)
{
	return fm_sql_flows_read(q, p, FM_SQL_CH, records, rd, res, err, errlen);
}
