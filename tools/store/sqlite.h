/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SQLite backend: fm_store_sqlite for the registry, and what its
 * files share (sqlite_schema.c): the schema, partition names, the
 * catalog, rows into records and SQLite's errors into FM_STORE_*.
 */
#ifndef FM_STORE_SQLITE_H
#define FM_STORE_SQLITE_H

#include <sqlite3.h>
#include "store.h"

extern const struct fm_store_ops fm_store_sqlite;

/* Where a store configured without a path is, and where `flowmeter` looks. */
#define FM_SQLITE_DEFAULT_PATH "/var/lib/flowmeter/flows.db"

/* Partition kinds: the tiers, then NAT events. */
#define SQ_NAT FM_TIER__COUNT
#define SQ_KINDS (FM_TIER__COUNT + 1)

const char *sq_kind_name(int kind);		/* "raw", "5m", "1h", "1d", "nat" */

/* Room for any table name made here. */
#define SQ_NAME 64

struct sq_part {
	char name[SQ_NAME];		/* flows_20261201, rollup_1h_202612, ... */
	int kind;
	uint64_t from_ms, to_ms;
};

/* The partition of @kind holding time @ms. */
void sq_part_of(int kind, uint64_t ms, struct sq_part *p);
/* Create it (table, indexes, catalog row) if it is not there; inside a transaction. */
int sq_part_create(sqlite3 *db, const struct sq_part *p);

/* "sqlite:///path" or a configuration's path: option into @buf; -1 with @err. */
int sq_path(const char *url, const struct fm_store_conf *c, char *buf, size_t len,
	    char *err, size_t errlen);
/* Create the schema or check its version; record retention and dimensions. */
int sq_schema(sqlite3 *db, const struct fm_store_conf *c, uint64_t now_ms,
	      char *err, size_t errlen);
/* The columns, in order, as a SELECT list ("ts,received,..."). */
const char *sq_columns(void);
/* A row of sq_columns() (from column @first on) into @s. */
void sq_row(sqlite3_stmt *st, int first, struct fm_srec *s);

/* SQLite's result as FM_STORE_*, the message in @err. */
int sq_error(sqlite3 *db, int rc, const char *what, char *err, size_t errlen);
/* sqlite3_exec with sq_error. */
int sq_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* The readers (sqlite_read.c). */
int sq_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen);
int sq_info(void *rd, struct fm_store_info *i, char *err, size_t errlen);
int sq_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen);
int sq_series(void *rd, const struct fm_query *q, const struct fm_plan *p,
	      struct fm_result *res, char *err, size_t errlen);
int sq_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen);
int sq_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen);
void sq_rclose(void *rd);

#endif
