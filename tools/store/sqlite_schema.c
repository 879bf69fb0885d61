// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's schema (docs/store.md): the fixed tables, one table
 * per partition made from the column table (srec.c), partition names from
 * UTC dates. Table names are made here from numbers, never from input;
 * every value is bound.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sqlite.h"

#define SCHEMA_VERSION 1

static const char *const kind_names[SQ_KINDS] = { "raw", "5m", "1h", "1d", "nat" };

const char *sq_kind_name(int kind)
{
	return kind >= 0 && kind < SQ_KINDS ? kind_names[kind] : "?";
}

int sq_error(sqlite3 *db, int rc, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return FM_STORE_OK;
	case SQLITE_FULL:
		return FM_STORE_FULL;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_PERM:
	case SQLITE_NOMEM:
		return FM_STORE_DOWN;
	default:
		return FM_STORE_FAILED;
	}
}

int sq_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_error(db, rc, sql, err, errlen);
}

int sq_path(const char *url, const struct fm_store_conf *c, char *buf, size_t len,
	    char *err, size_t errlen)
{
	const char *p = url ? url : fm_store_conf_opt(c, "path");

	if (!url && !p)
		p = FM_SQLITE_DEFAULT_PATH;

	if (url) {
		if (strncmp(url, "sqlite://", 9)) {
			snprintf(err, errlen, "'%s': a SQLite store is sqlite:///path/to/file.db", url);
			return -1;
		}
		p = url + 9;
	}
	if (!p || !*p) {
		snprintf(err, errlen, "a SQLite store needs a path");
		return -1;
	}
	if (strlen(p) >= len) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	strcpy(buf, p);
	return 0;
}

/* ---- partitions ---- */

static uint64_t month_start(int year, int mon)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon, .tm_mday = 1 };

	return (uint64_t)timegm(&tm) * 1000;
}

void sq_part_of(int kind, uint64_t ms, struct sq_part *p)
{
	time_t t = ms / 1000;
	struct tm tm;

	gmtime_r(&t, &tm);
	p->kind = kind;
	switch (kind) {
	case FM_TIER_1H:
		snprintf(p->name, sizeof(p->name), "rollup_1h_%04d%02d", tm.tm_year + 1900, tm.tm_mon + 1);
		p->from_ms = month_start(tm.tm_year + 1900, tm.tm_mon);
		p->to_ms = month_start(tm.tm_year + 1900, tm.tm_mon + 1);
		return;
	case FM_TIER_1D:
		snprintf(p->name, sizeof(p->name), "rollup_1d_%04d", tm.tm_year + 1900);
		p->from_ms = month_start(tm.tm_year + 1900, 0);
		p->to_ms = month_start(tm.tm_year + 1901, 0);
		return;
	}
	snprintf(p->name, sizeof(p->name), "%s_%04d%02d%02d",
		 kind == FM_TIER_RAW ? "flows" : kind == SQ_NAT ? "nat" : "rollup_5m",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	p->from_ms = ms / 86400000 * 86400000;
	p->to_ms = p->from_ms + 86400000;
}

static const char *raw_ddl(void)
{
	static char ddl[4096];
	size_t n = 0;
	int i;

	if (*ddl)
		return ddl;
	for (i = 0; i < fm_srec_ncols; i++)
		n += snprintf(ddl + n, sizeof(ddl) - n, "%s%s %s", i ? ", " : "",
			      fm_srec_cols[i].name,
			      fm_srec_cols[i].type == FM_COL_TEXT ? "TEXT" : "INTEGER");
	return ddl;
}

const char *sq_columns(void)
{
	static char cols[2048];
	size_t n = 0;
	int i;

	if (*cols)
		return cols;
	for (i = 0; i < fm_srec_ncols; i++)
		n += snprintf(cols + n, sizeof(cols) - n, "%s%s", i ? "," : "", fm_srec_cols[i].name);
	return cols;
}

void sq_row(sqlite3_stmt *st, int first, struct fm_srec *s)
{
	int i;

	memset(s, 0, offsetof(struct fm_srec, arena));
	for (i = 0; i < fm_srec_ncols; i++) {
		int c = first + i;

		if (sqlite3_column_type(st, c) == SQLITE_NULL)
			continue;
		if (fm_srec_cols[i].type == FM_COL_TEXT)
			fm_srec_set_text(s, i, (const char *)sqlite3_column_text(st, c));
		else
			fm_srec_set_int(s, i, sqlite3_column_int64(st, c));
	}
}

int sq_part_create(sqlite3 *db, const struct sq_part *p)
{
	char sql[5000];
	sqlite3_stmt *st;
	int rc;

	if (p->kind == FM_TIER_RAW || p->kind == SQ_NAT)
		snprintf(sql, sizeof(sql), "CREATE TABLE IF NOT EXISTS %s (%s)", p->name, raw_ddl());
	else
		snprintf(sql, sizeof(sql),
			 "CREATE TABLE IF NOT EXISTS %s (dim TEXT NOT NULL, bucket INTEGER NOT NULL, "
			 "exporter TEXT NOT NULL, value TEXT NOT NULL, bytes INTEGER NOT NULL, "
			 "packets INTEGER NOT NULL, flows INTEGER NOT NULL, "
			 "PRIMARY KEY (dim, bucket, exporter, value)) WITHOUT ROWID", p->name);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && p->kind == FM_TIER_RAW) {
		snprintf(sql, sizeof(sql), "CREATE INDEX IF NOT EXISTS %s_ts ON %s (ts)",
			 p->name, p->name);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK && p->kind == SQ_NAT) {
		/* Either way an outside address is named: SNAT's post-NAT source, DNAT's destination. */
		snprintf(sql, sizeof(sql),
			 "CREATE INDEX IF NOT EXISTS %s_post ON %s (post_nat_source_ip, post_nat_source_port, ts);"
			 "CREATE INDEX IF NOT EXISTS %s_dst ON %s (destination_ip, destination_port, ts)",
			 p->name, p->name, p->name, p->name);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO partitions (name, kind, from_ms, to_ms, "
				"rolled_rowid) VALUES (?, ?, ?, ?, 0)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sq_kind_name(p->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, p->from_ms);
	sqlite3_bind_int64(st, 4, p->to_ms);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- the fixed tables ---- */

static int step_done(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_error(db, rc, "schema", err, errlen);
}

static int version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	*v = 0;
	rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int create(sqlite3 *db, uint64_t now_ms, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int ret;

	ret = sq_exec(db,
		"CREATE TABLE tiers (tier TEXT PRIMARY KEY, retention_ms INTEGER NOT NULL, "
		"  kept_from_ms INTEGER NOT NULL DEFAULT 0);"
		"CREATE TABLE dimensions (name TEXT PRIMARY KEY, since_ms INTEGER NOT NULL);"
		"CREATE TABLE partitions (name TEXT PRIMARY KEY, kind TEXT NOT NULL, "
		"  from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL, rolled_rowid INTEGER NOT NULL);"
		"CREATE INDEX partitions_kind ON partitions (kind, from_ms);", err, errlen);
	if (ret < 0)
		return ret;
	if (sqlite3_prepare_v2(db, "INSERT INTO meta (key, value) VALUES ('schema_version', ?), "
			       "('created_ms', ?)", -1, &st, NULL) != SQLITE_OK)
		return sq_error(db, SQLITE_ERROR, "schema", err, errlen);
	sqlite3_bind_int(st, 1, SCHEMA_VERSION);
	sqlite3_bind_int64(st, 2, now_ms);
	ret = step_done(db, st, err, errlen);
	sqlite3_finalize(st);
	return ret;
}

/* Retention for readers; kept_from stays what maintain made it. */
static int tiers(sqlite3 *db, const struct fm_store_conf *c, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int k, ret = 0;

	if (sqlite3_prepare_v2(db, "INSERT INTO tiers (tier, retention_ms) VALUES (?, ?) "
			       "ON CONFLICT (tier) DO UPDATE SET retention_ms = excluded.retention_ms",
			       -1, &st, NULL) != SQLITE_OK)
		return sq_error(db, SQLITE_ERROR, "schema", err, errlen);
	for (k = 0; k < SQ_KINDS && !ret; k++) {
		sqlite3_bind_text(st, 1, sq_kind_name(k), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, k == SQ_NAT ? c->nat_retention_ms : c->retention_ms[k]);
		ret = step_done(db, st, err, errlen);
	}
	sqlite3_finalize(st);
	return ret;
}

/*
 * The dimensions rolled up, and since when: those of a new store since
 * always (0), one added later since now (older buckets lack it), one no
 * longer configured forgotten.
 */
static int dimensions(sqlite3 *db, const struct fm_store_conf *c, uint64_t since,
		      char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char list[FM_DIM_MAX * 4 + 64];
	size_t n = 0;
	int i, ret = 0;

	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO dimensions (name, since_ms) VALUES (?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return sq_error(db, SQLITE_ERROR, "schema", err, errlen);
	for (i = 0; i < c->ndims && !ret; i++) {
		sqlite3_bind_text(st, 1, fm_dim_name(c->dims[i]), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, since);
		ret = step_done(db, st, err, errlen);
	}
	sqlite3_finalize(st);
	if (ret)
		return ret;
	/* DELETE ... NOT IN (?, ?, ...): one placeholder per dimension. */
	n = snprintf(list, sizeof(list), "DELETE FROM dimensions WHERE name NOT IN (''");
	for (i = 0; i < c->ndims; i++)
		n += snprintf(list + n, sizeof(list) - n, ", ?");
	snprintf(list + n, sizeof(list) - n, ")");
	if (sqlite3_prepare_v2(db, list, -1, &st, NULL) != SQLITE_OK)
		return sq_error(db, SQLITE_ERROR, "schema", err, errlen);
	for (i = 0; i < c->ndims; i++)
		sqlite3_bind_text(st, i + 1, fm_dim_name(c->dims[i]), -1, SQLITE_STATIC);
	ret = step_done(db, st, err, errlen);
	sqlite3_finalize(st);
	return ret;
}

int sq_schema(sqlite3 *db, const struct fm_store_conf *c, uint64_t now_ms,
	      char *err, size_t errlen)
{
	int v, rc, ret;

	ret = sq_exec(db, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS meta "
		      "(key TEXT PRIMARY KEY, value)", err, errlen);
	if (ret < 0)
		return ret;
	rc = version(db, &v);
	if (rc != SQLITE_OK) {
		ret = sq_error(db, rc, "schema", err, errlen);
	} else if (v > SCHEMA_VERSION) {
		snprintf(err, errlen, "the store's schema is version %d, newer than this "
			 "flowmeter's (%d)", v, SCHEMA_VERSION);
		ret = FM_STORE_FAILED;
	} else {
		/* Version 1 is the first: later versions migrate from v here, one step each. */
		ret = v ? 0 : create(db, now_ms, err, errlen);
		if (!ret)
			ret = tiers(db, c, err, errlen);
		if (!ret)
			ret = dimensions(db, c, v ? now_ms : 0, err, errlen);
	}
	if (!ret)
		return sq_exec(db, "COMMIT", err, errlen);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}
