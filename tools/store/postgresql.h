/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PostgreSQL backend: fm_store_postgresql for the registry, and what
 * its files share (postgresql_schema.c): connecting, the schema and its
 * partitions, statements and PostgreSQL's errors as FM_STORE_*. The
 * readers are postgresql_read.c.
 */
#ifndef FM_STORE_POSTGRESQL_H
#define FM_STORE_POSTGRESQL_H

#include <libpq-fe.h>
#include "sqlite.h"
#include "store.h"

extern const struct fm_store_ops fm_store_postgresql;

/*
 * Partitions are named and bounded as SQLite's tables are (sq_part_of:
 * flows_20261201, rollup_1h_202612, nat_20261201, ...), attached to the
 * parent table of their kind (pg_kind_table).
 */
const char *pg_kind_table(int kind);		/* "flows", "rollup_5m", ..., "nat" */

/* "postgresql://..." or the configuration's conninfo; NULL with @err. */
const char *pg_conninfo(const char *url, const struct fm_store_conf *c, char *err, size_t errlen);
/* Connected, or NULL (FM_STORE_DOWN) with @err. */
PGconn *pg_connect(const char *conninfo, char *err, size_t errlen);

/* A failed result or a lost connection as FM_STORE_*, the message in @err; frees @r. */
int pg_error(PGconn *db, PGresult *r, const char *what, char *err, size_t errlen);
/* A statement without values (DDL, BEGIN, COMMIT); 0 or pg_error's. */
int pg_exec(PGconn *db, const char *sql, char *err, size_t errlen);
/* With values, text; the result (PGRES_TUPLES_OK or COMMAND_OK) or NULL after pg_error. */
PGresult *pg_params(PGconn *db, const char *sql, int n, const char *const *vals,
		    const char *what, char *err, size_t errlen);

/* Create the schema or migrate it; record retention and dimensions. */
int pg_schema(PGconn *db, const struct fm_store_conf *c, uint64_t now_ms,
	      char *err, size_t errlen);
/* Create partition @p if it is not there (and its catalog row); inside a transaction. */
int pg_part_create(PGconn *db, const struct sq_part *p, char *err, size_t errlen);

/* The readers (postgresql_read.c). */
int pg_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen);
int pg_info(void *rd, struct fm_store_info *i, char *err, size_t errlen);
int pg_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen);
int pg_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen);
int pg_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen);
void pg_rclose(void *rd);

#endif
