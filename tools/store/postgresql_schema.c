// SPDX-License-Identifier: GPL-2.0
/*
 * The PostgreSQL store's schema (docs/store.md): parent tables
 * partitioned by range of time (declarative partitioning), a partition
 * per day (raw rows, NAT events, 5-minute rollups), month (hourly) or
 * year (daily), made as records arrive; the catalog of partitions;
 * connecting and errors. Names are made here from numbers and the column
 * table, never from input; values go as parameters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "postgresql.h"
#include "tsv.h"

#define SCHEMA_VERSION 1
/* Taken while the schema is made, so two flowmeterds starting at once do not race. */
#define SCHEMA_LOCK "4242420012"

const char *pg_kind_table(int kind)
{
	static const char *const t[SQ_KINDS] = { "flows", "rollup_5m", "rollup_1h", "rollup_1d", "nat" };

	return kind >= 0 && kind < SQ_KINDS ? t[kind] : "?";
}

const char *pg_conninfo(const char *url, const struct fm_store_conf *c, char *err, size_t errlen)
{
	const char *ci = url ? url : fm_store_conf_opt(c, "conninfo");

	if (!ci || !*ci) {
		snprintf(err, errlen, "a PostgreSQL store needs conninfo (\"host=... dbname=...\" "
			 "or postgresql://user@host/db)");
		return NULL;
	}
	return ci;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* "relation already exists, skipping" and the like */
}

PGconn *pg_connect(const char *conninfo, char *err, size_t errlen)
{
	/* Later keys win: what conninfo says about timeouts overrides these. */
	const char *const keys[] = { "connect_timeout", "fallback_application_name",
				     "keepalives_idle", "dbname", NULL };
	const char *const vals[] = { "5", "flowmeter", "10", conninfo, NULL };
	PGconn *db = PQconnectdbParams(keys, vals, 1);

	if (!db) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		snprintf(err, errlen, "%s", PQerrorMessage(db));
		err[strcspn(err, "\n")] = 0;
		PQfinish(db);
		return NULL;
	}
	PQsetNoticeProcessor(db, quiet, NULL);
	return db;
}

int pg_error(PGconn *db, PGresult *r, const char *what, char *err, size_t errlen)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorMessage(r) : "";
	int ret = FM_STORE_FAILED;

	if (!msg || !*msg)
		msg = PQerrorMessage(db);
	snprintf(err, errlen, "%s: %s", what, msg);
	err[strcspn(err, "\n")] = 0;
	if (PQstatus(db) != CONNECTION_OK)
		ret = FM_STORE_DOWN;
	else if (state && !strncmp(state, "53", 2))
		ret = FM_STORE_FULL;	/* insufficient resources: disk full, out of memory */
	else if (state && (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3)))
		ret = FM_STORE_DOWN;	/* connection exceptions, the server shutting down */
	PQclear(r);
	return ret;
}

int pg_exec(PGconn *db, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(db, sql);
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	return pg_error(db, r, "postgresql", err, errlen);
}

PGresult *pg_params(PGconn *db, const char *sql, int n, const char *const *vals,
		    const char *what, char *err, size_t errlen)
{
	PGresult *r = PQexecParams(db, sql, n, NULL, vals, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	pg_error(db, r, what, err, errlen);
	return NULL;
}

/* ---- the tables ---- */

/* The columns with their types; seq (arrival order) first. */
static const char *raw_ddl(void)
{
	static char ddl[4096];
	size_t n;
	int i;

	if (*ddl)
		return ddl;
	n = snprintf(ddl, sizeof(ddl), "seq bigint NOT NULL DEFAULT nextval('seq')");
	for (i = 0; i < fm_srec_ncols; i++)
		n += snprintf(ddl + n, sizeof(ddl) - n, ", %s %s%s", fm_srec_cols[i].name,
			      fm_srec_cols[i].type == FM_COL_TEXT ? "text" : "bigint",
			      i == FM_COL_TS ? " NOT NULL" : "");
	return ddl;
}

static int create(PGconn *db, uint64_t now_ms, char *err, size_t errlen)
{
	static const char *const rollup =
		"(dim text NOT NULL, bucket bigint NOT NULL, exporter text NOT NULL, "
		"value text NOT NULL, bytes bigint NOT NULL, packets bigint NOT NULL, "
		"flows bigint NOT NULL, PRIMARY KEY (dim, bucket, exporter, value)) "
		"PARTITION BY RANGE (bucket)";
	struct fm_buf b = { 0 };
	char now[32];
	const char *v[2] = { now, NULL };
	PGresult *r;
	int ret;

	fm_buf_printf(&b,
		"CREATE TABLE tiers (tier text PRIMARY KEY, retention_ms bigint NOT NULL, "
		"  kept_from_ms bigint NOT NULL DEFAULT 0);"
		"CREATE TABLE dimensions (name text PRIMARY KEY, since_ms bigint NOT NULL);"
		"CREATE TABLE partitions (name text PRIMARY KEY, kind text NOT NULL, "
		"  from_ms bigint NOT NULL, to_ms bigint NOT NULL);"
		"CREATE SEQUENCE seq;"
		"CREATE TABLE flows (%s) PARTITION BY RANGE (ts);"
		"CREATE INDEX flows_ts ON flows (ts);"
		/* Recounting after a crash looks for seq > rolled_seq: a BRIN costs ingest nothing. */
		"CREATE INDEX flows_seq ON flows USING brin (seq);"
		"CREATE TABLE nat (%s) PARTITION BY RANGE (ts);"
		"CREATE INDEX nat_post ON nat (post_nat_source_ip, post_nat_source_port, ts);"
		"CREATE INDEX nat_dst ON nat (destination_ip, destination_port, ts);"
		"CREATE TABLE rollup_5m %s; CREATE TABLE rollup_1h %s; CREATE TABLE rollup_1d %s;",
		raw_ddl(), raw_ddl(), rollup, rollup, rollup);
	if (b.oom) {
		fm_buf_free(&b);
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	ret = pg_exec(db, b.p, err, errlen);
	fm_buf_free(&b);
	if (ret < 0)
		return ret;
	snprintf(now, sizeof(now), "%llu", (unsigned long long)now_ms);
	v[1] = NULL;
	r = pg_params(db, "INSERT INTO meta (key, value) VALUES ('schema_version', '1'), "
		      "('created_ms', $1), ('rolled_seq', '0')", 1, v, "schema", err, errlen);
	if (!r)
		return FM_STORE_FAILED;
	PQclear(r);
	return 0;
}

static int exec_params(PGconn *db, const char *sql, int n, const char *const *v,
		       char *err, size_t errlen)
{
	PGresult *r = pg_params(db, sql, n, v, "schema", err, errlen);

	if (!r)
		return FM_STORE_FAILED;
	PQclear(r);
	return 0;
}

/* Retention for readers; kept_from stays what maintain made it. */
static int tiers(PGconn *db, const struct fm_store_conf *c, char *err, size_t errlen)
{
	char keep[32];
	const char *v[2] = { NULL, keep };
	int k, ret = 0;

	for (k = 0; k < SQ_KINDS && !ret; k++) {
		v[0] = sq_kind_name(k);
		snprintf(keep, sizeof(keep), "%llu", (unsigned long long)
			 (k == SQ_NAT ? c->nat_retention_ms : c->retention_ms[k]));
		ret = exec_params(db, "INSERT INTO tiers (tier, retention_ms) VALUES ($1, $2) "
				  "ON CONFLICT (tier) DO UPDATE SET retention_ms = excluded.retention_ms",
				  2, v, err, errlen);
	}
	return ret;
}

/* As SQLite's: a new store's dimensions since always, one added later since now. */
static int dimensions(PGconn *db, const struct fm_store_conf *c, uint64_t since,
		      char *err, size_t errlen)
{
	const char *v[FM_DIM_MAX + 1];
	char when[32];
	struct fm_buf b = { 0 };
	int i, ret = 0;

	snprintf(when, sizeof(when), "%llu", (unsigned long long)since);
	for (i = 0; i < c->ndims && !ret; i++) {
		v[0] = fm_dim_name(c->dims[i]);
		v[1] = when;
		ret = exec_params(db, "INSERT INTO dimensions (name, since_ms) VALUES ($1, $2) "
				  "ON CONFLICT DO NOTHING", 2, v, err, errlen);
	}
	if (ret)
		return ret;
	fm_buf_str(&b, "DELETE FROM dimensions WHERE name NOT IN (''");
	for (i = 0; i < c->ndims; i++) {
		fm_buf_printf(&b, ", $%d", i + 1);
		v[i] = fm_dim_name(c->dims[i]);
	}
	fm_buf_str(&b, ")");
	if (b.oom) {
		snprintf(err, errlen, "out of memory");
		ret = FM_STORE_FAILED;
	} else {
		ret = exec_params(db, b.p, c->ndims, v, err, errlen);
	}
	fm_buf_free(&b);
	return ret;
}

int pg_schema(PGconn *db, const struct fm_store_conf *c, uint64_t now_ms,
	      char *err, size_t errlen)
{
	PGresult *r;
	int v = 0, ret;

	ret = pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(" SCHEMA_LOCK "); "
		      "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL)",
		      err, errlen);
	if (ret < 0)
		return ret;
	r = pg_params(db, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL,
		      "schema", err, errlen);
	if (!r) {
		ret = FM_STORE_FAILED;
		goto out;
	}
	if (PQntuples(r))
		v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (v > SCHEMA_VERSION) {
		snprintf(err, errlen, "the store's schema is version %d, newer than this "
			 "flowmeter's (%d)", v, SCHEMA_VERSION);
		ret = FM_STORE_FAILED;
		goto out;
	}
	/* Version 1 is the first: later versions migrate from v here, one step each. */
	ret = v ? 0 : create(db, now_ms, err, errlen);
	if (!ret)
		ret = tiers(db, c, err, errlen);
	if (!ret)
		ret = dimensions(db, c, v ? now_ms : 0, err, errlen);
out:
	if (!ret)
		return pg_exec(db, "COMMIT", err, errlen);
	PQclear(PQexec(db, "ROLLBACK"));
	return ret;
}

int pg_part_create(PGconn *db, const struct sq_part *p, char *err, size_t errlen)
{
	char sql[512], from[32], to[32];
	const char *v[4] = { p->name, sq_kind_name(p->kind), from, to };
	int ret;

	snprintf(from, sizeof(from), "%llu", (unsigned long long)p->from_ms);
	snprintf(to, sizeof(to), "%llu", (unsigned long long)p->to_ms);
	/* Bounds are numbers made here; a partition's bounds cannot be parameters. */
	snprintf(sql, sizeof(sql), "CREATE TABLE IF NOT EXISTS %s PARTITION OF %s "
		 "FOR VALUES FROM (%s) TO (%s)", p->name, pg_kind_table(p->kind), from, to);
	ret = pg_exec(db, sql, err, errlen);
	if (ret < 0)
		return ret;
	return exec_params(db, "INSERT INTO partitions (name, kind, from_ms, to_ms) "
			   "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", 4, v, err, errlen);
}
