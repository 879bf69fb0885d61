/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The questions (query.h) as SQL for the stores whose tables are one per
 * tier, partitioned inside the server: PostgreSQL (values are $n
 * parameters, sent apart from the text) and ClickHouse (18.16's HTTP
 * interface has no query parameters: values become literals escaped by
 * its string rules, numbers printed by us). Table and column names come
 * from the column table and the tier names, never from input. The tables
 * are flows, nat, rollup_5m, rollup_1h, rollup_1d (docs/store.md).
 */
#ifndef FM_STORE_SQLTEXT_H
#define FM_STORE_SQLTEXT_H

#include "query.h"
#include "tsv.h"

enum fm_sql_dialect { FM_SQL_PG, FM_SQL_CH };

struct fm_sql {
	enum fm_sql_dialect d;
	struct fm_buf b;		/* the text */
	char **vals;			/* PG: the parameters, $1.. */
	int nvals, cap;
	bool oom;
};

void fm_sql_init(struct fm_sql *q, enum fm_sql_dialect d);
void fm_sql_free(struct fm_sql *q);
/* Text (names, keywords): never values. */
void fm_sql(struct fm_sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A value. */
void fm_sql_int(struct fm_sql *q, int64_t v);
void fm_sql_text(struct fm_sql *q, const char *t);
/* 0, or -1 (out of memory) with @err. */
int fm_sql_done(struct fm_sql *q, char *err, size_t errlen);

/* Every column of fm_srec_cols, in order, comma-separated. */
const char *fm_sql_columns(void);
/* The table of a rollup tier ("rollup_5m"). */
const char *fm_sql_rollup_table(int tier);

/*
 * top and series: one statement giving rows (k, bytes, packets, flows),
 * k the value (top, in order) or a step's start (series). Whether there
 * was anything to ask (a plan with segments).
 */
bool fm_sql_aggregate(struct fm_sql *s, const struct fm_query *q, const struct fm_plan *p);
/* One such row into @res: the total and a top row, or a series point. -1: out of memory. */
int fm_sql_aggregate_row(struct fm_result *res, const struct fm_query *q, const char *k,
			 const char *bytes, const char *packets, const char *flows);
/* Raw flows of one segment matching @q, newest first, at most @limit. */
void fm_sql_flows(struct fm_sql *s, const struct fm_query *q, const struct fm_segment *g,
		  size_t limit);
/* Run @s and add its records to @res; how many in @got. */
typedef int (*fm_sql_records_fn)(void *rd, struct fm_sql *s, struct fm_result *res,
				 size_t *got, char *err, size_t errlen);
/* The flows query: the plan's raw segments newest first, q->limit records, "truncated". */
int fm_sql_flows_read(const struct fm_query *q, const struct fm_plan *p, enum fm_sql_dialect d,
		      fm_sql_records_fn records, void *rd, struct fm_result *res,
		      char *err, size_t errlen);
/* NAT events naming @addr:@port outside in [from, to), oldest first. */
void fm_sql_nat(struct fm_sql *s, const char *addr, uint16_t port, uint64_t from_ms,
		uint64_t to_ms);

#endif
