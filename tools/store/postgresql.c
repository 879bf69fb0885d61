// SPDX-License-Identifier: GPL-2.0
/*
 * The PostgreSQL store's writer (fm_store_postgresql): a batch is one
 * transaction, its partitions created first and the records sent with
 * COPY ... FROM STDIN (text format, tsv.h's escaping), flows and NAT
 * events each in one COPY. Rollups are COPYed into a temporary table and
 * added with INSERT ... ON CONFLICT DO UPDATE in the transaction that also
 * moves meta.rolled_seq: raw rows with a higher seq are what recover
 * hands back. One writer per database (docs/store.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "postgresql.h"
#include "retention.h"
#include "sqltext.h"
#include "tsv.h"

static const char *const options[] = { "conninfo", NULL };

/* Partitions known to exist on this connection (made or seen). */
#define NKNOWN 64

struct pg {
	const struct fm_store_conf *c;
	const char *conninfo;
	PGconn *db;
	char known[NKNOWN][SQ_NAME];
	int nknown, next_known;
	int64_t written_seq;		/* the last raw row committed */
	int64_t rolled_seq;		/* ...and the last in the rollups */
	struct fm_buf flows, nat;	/* COPY data, kept for its memory */
};

static int pg_open(void **be, const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct pg *s;
	const char *ci = pg_conninfo(NULL, c, err, errlen);

	if (!ci)
		return FM_STORE_FAILED;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	s->c = c;
	s->conninfo = ci;
	*be = s;
	return 0;
}

static void pg_disconnect(void *be)
{
	struct pg *s = be;

	if (s->db)
		PQfinish(s->db);
	s->db = NULL;
	s->nknown = s->next_known = 0;
}

static void pg_close(void *be)
{
	struct pg *s = be;

	pg_disconnect(s);
	fm_buf_free(&s->flows);
	fm_buf_free(&s->nat);
	free(s);
}

/* One value of a query without parameters, as a number; -1 on failure (@err). */
static int query_int(struct pg *s, const char *sql, int64_t *v, char *err, size_t errlen)
{
	PGresult *r = pg_params(s->db, sql, 0, NULL, "postgresql", err, errlen);

	if (!r)
		return PQstatus(s->db) == CONNECTION_OK ? FM_STORE_FAILED : FM_STORE_DOWN;
	*v = PQntuples(r) && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	return 0;
}

static int pg_connect_be(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct pg *s = be;
	int ret;

	s->db = pg_connect(s->conninfo, err, errlen);
	if (!s->db)
		return FM_STORE_DOWN;
	ret = pg_schema(s->db, s->c, now_ms, err, errlen);
	if (!ret)
		ret = pg_exec(s->db, "CREATE TEMPORARY TABLE delta (tier text, dim text, "
			      "bucket bigint, exporter text, value text, bytes bigint, packets bigint, "
			      "flows bigint) ON COMMIT DELETE ROWS", err, errlen);
	if (!ret)
		ret = query_int(s, "SELECT value::bigint FROM meta WHERE key = 'rolled_seq'",
				&s->rolled_seq, err, errlen);
	if (ret < 0) {
		pg_disconnect(s);
		return FM_STORE_DOWN;	/* a wrong version or no rights will not get better soon */
	}
	s->written_seq = s->rolled_seq;
	return 0;
}

static bool known(struct pg *s, const char *name)
{
	int i;

	for (i = 0; i < s->nknown; i++)
		if (!strcmp(s->known[i], name))
			return true;
	return false;
}

static void forget(struct pg *s, const char *name)
{
	int i;

	for (i = 0; i < s->nknown; i++)
		if (!strcmp(s->known[i], name))
			s->known[i][0] = 0;
}

/* Partition of @kind for @ms made if this connection has not seen it; in a transaction. */
static int need_part(struct pg *s, int kind, uint64_t ms, char *err, size_t errlen)
{
	struct sq_part p;
	int ret;

	sq_part_of(kind, ms, &p);
	if (known(s, p.name))
		return 0;
	ret = pg_part_create(s->db, &p, err, errlen);
	if (ret < 0)
		return ret;
	/* Remembered before commit: a rollback forgets the whole list (fail()). */
	snprintf(s->known[s->next_known], SQ_NAME, "%s", p.name);
	s->next_known = (s->next_known + 1) % NKNOWN;
	if (s->nknown < NKNOWN)
		s->nknown++;
	return 0;
}

static int fail(struct pg *s, int ret)
{
	if (PQstatus(s->db) == CONNECTION_OK)
		PQclear(PQexec(s->db, "ROLLBACK"));
	s->nknown = s->next_known = 0;	/* partitions made in it are gone */
	return ret;
}

/* COPY @table (@cols) FROM STDIN with @data. */
static int copy(struct pg *s, const char *table, const char *cols, const struct fm_buf *data,
		char *err, size_t errlen)
{
	char sql[2600];
	PGresult *r;

	snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", table, cols);
	r = PQexec(s->db, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		return pg_error(s->db, r, table, err, errlen);
	PQclear(r);
	if (PQputCopyData(s->db, data->p, data->len) != 1 || PQputCopyEnd(s->db, NULL) != 1)
		return pg_error(s->db, NULL, table, err, errlen);
	r = PQgetResult(s->db);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		int ret = pg_error(s->db, r, table, err, errlen);

		while ((r = PQgetResult(s->db)))
			PQclear(r);
		return ret;
	}
	PQclear(r);
	while ((r = PQgetResult(s->db)))
		PQclear(r);
	return 0;
}

static int pg_write(void *be, const struct fm_srec *r, size_t n, char *err, size_t errlen)
{
	struct pg *s = be;
	size_t i, nflows = 0;
	int64_t seq = 0;
	int ret;

	if (!s->db)
		return FM_STORE_DOWN;
	fm_buf_reset(&s->flows);
	fm_buf_reset(&s->nat);
	ret = pg_exec(s->db, "BEGIN", err, errlen);
	for (i = 0; i < n && !ret; i++) {
		bool nat = r[i].rec.kind == FM_REC_NAT;

		ret = need_part(s, nat ? SQ_NAT : FM_TIER_RAW, fm_srec_time(&r[i]), err, errlen);
		fm_tsv_rec(nat ? &s->nat : &s->flows, &r[i]);
		nflows += !nat;
	}
	if (!ret && (s->flows.oom || s->nat.oom)) {
		snprintf(err, errlen, "out of memory");
		ret = FM_STORE_FAILED;
	}
	if (!ret && s->flows.len)
		ret = copy(s, "flows", fm_sql_columns(), &s->flows, err, errlen);
	if (!ret && s->nat.len)
		ret = copy(s, "nat", fm_sql_columns(), &s->nat, err, errlen);
	if (!ret && nflows)
		ret = query_int(s, "SELECT currval('seq')", &seq, err, errlen);
	if (!ret)
		ret = pg_exec(s->db, "COMMIT", err, errlen);
	if (ret < 0)
		return fail(s, ret);
	if (nflows)
		s->written_seq = seq;
	return 0;
}

static int pg_write_rollups(void *be, const struct fm_rollup_row *rows, size_t n,
			    char *err, size_t errlen)
{
	struct pg *s = be;
	struct fm_buf *b = &s->flows;
	char mark[32];
	const char *v[1] = { mark };
	PGresult *res;
	size_t i;
	int t, ret;

	if (!s->db)
		return FM_STORE_DOWN;
	fm_buf_reset(b);
	ret = pg_exec(s->db, "BEGIN", err, errlen);
	for (i = 0; i < n && !ret; i++) {
		const struct fm_rollup_row *w = &rows[i];

		ret = need_part(s, w->tier, w->bucket_ms, err, errlen);
		fm_buf_printf(b, "%s\t%s\t%" PRIu64 "\t", fm_tier_name(w->tier), w->dim, w->bucket_ms);
		fm_tsv_text(b, w->exporter);
		fm_buf_add(b, "\t", 1);
		fm_tsv_text(b, w->value);
		fm_buf_printf(b, "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
			      w->c.bytes, w->c.packets, w->c.flows);
	}
	if (!ret && b->oom) {
		snprintf(err, errlen, "out of memory");
		ret = FM_STORE_FAILED;
	}
	if (!ret && b->len)
		ret = copy(s, "delta", "tier, dim, bucket, exporter, value, bytes, packets, flows",
			   b, err, errlen);
	for (t = FM_TIER_5M; t < FM_TIER__COUNT && !ret && b->len; t++) {
		char sql[1024];
		const char *tv[1] = { fm_tier_name(t) };

		/* Grouped, since one command may not update a row twice. */
		snprintf(sql, sizeof(sql),
			 "INSERT INTO %s AS r (dim, bucket, exporter, value, bytes, packets, flows) "
			 "SELECT dim, bucket, exporter, value, sum(bytes), sum(packets), sum(flows) "
			 "FROM delta WHERE tier = $1 GROUP BY dim, bucket, exporter, value "
			 "ON CONFLICT (dim, bucket, exporter, value) DO UPDATE SET "
			 "bytes = r.bytes + excluded.bytes, packets = r.packets + excluded.packets, "
			 "flows = r.flows + excluded.flows", pg_kind_table(t));
		res = pg_params(s->db, sql, 1, tv, pg_kind_table(t), err, errlen);
		if (!res)
			ret = PQstatus(s->db) == CONNECTION_OK ? FM_STORE_FAILED : FM_STORE_DOWN;
		PQclear(res);
	}
	/* The same transaction says how far raw rows are now rolled up. */
	snprintf(mark, sizeof(mark), "%" PRId64, s->written_seq);
	if (!ret) {
		res = pg_params(s->db, "UPDATE meta SET value = $1 WHERE key = 'rolled_seq'", 1, v,
				"meta", err, errlen);
		if (!res)
			ret = PQstatus(s->db) == CONNECTION_OK ? FM_STORE_FAILED : FM_STORE_DOWN;
		PQclear(res);
	}
	if (!ret)
		ret = pg_exec(s->db, "COMMIT", err, errlen);
	if (ret < 0)
		return fail(s, ret);
	s->rolled_seq = s->written_seq;
	return 0;
}

static int pg_recover(void *be, void (*fn)(void *ctx, const struct fm_srec *s), void *ctx,
		      char *err, size_t errlen)
{
	struct pg *s = be;
	char from[32], sql[2600];
	const char *v[1] = { from };
	struct fm_srec rec;
	char *f[128];
	PGresult *r;
	int i, j, n;

	snprintf(from, sizeof(from), "%" PRId64, s->rolled_seq);
	snprintf(sql, sizeof(sql), "SELECT seq, %s FROM flows WHERE seq > $1::bigint ORDER BY seq",
		 fm_sql_columns());
	r = pg_params(s->db, sql, 1, v, "recover", err, errlen);
	if (!r)
		return FM_STORE_DOWN;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		for (j = 0; j < fm_srec_ncols; j++)
			f[j] = PQgetisnull(r, i, j + 1) ? NULL : PQgetvalue(r, i, j + 1);
		fm_srec_from_fields(&rec, f, fm_srec_ncols);
		fn(ctx, &rec);
		s->written_seq = strtoll(PQgetvalue(r, i, 0), NULL, 10);
	}
	PQclear(r);
	return 0;
}

/* ---- retention and the size cap ---- */

static int kind_of(const char *name)
{
	int k;

	for (k = 0; k < SQ_KINDS; k++)
		if (!strcmp(sq_kind_name(k), name))
			return k;
	return -1;
}

/* The partition retention or the size cap drops next; "" when none. */
static int victim(struct pg *s, uint64_t now, bool over_cap, char *name, int *kind,
		  uint64_t *to, char *err, size_t errlen)
{
	PGresult *r = pg_params(s->db, "SELECT name, kind, from_ms, to_ms FROM partitions "
				"ORDER BY from_ms", 0, NULL, "partitions", err, errlen);
	struct fm_part *parts;
	int i, n, v;

	*name = 0;
	if (!r)
		return FM_STORE_DOWN;
	n = PQntuples(r);
	parts = calloc(n ? n : 1, sizeof(*parts));
	if (!parts) {
		PQclear(r);
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	for (i = 0; i < n; i++) {
		snprintf(parts[i].name, sizeof(parts[i].name), "%s", PQgetvalue(r, i, 0));
		parts[i].kind = kind_of(PQgetvalue(r, i, 1));
		parts[i].from_ms = strtoull(PQgetvalue(r, i, 2), NULL, 10);
		parts[i].to_ms = strtoull(PQgetvalue(r, i, 3), NULL, 10);
	}
	PQclear(r);
	v = fm_retention_victim(s->c, parts, n, now, over_cap);
	if (v >= 0) {
		snprintf(name, SQ_NAME, "%s", parts[v].name);
		*kind = parts[v].kind;
		*to = parts[v].to_ms;
	}
	free(parts);
	return 0;
}

/* Drop partition @name (a catalog name, made by sq_part_of) and say what is gone. */
static int drop(struct pg *s, const char *name, int kind, uint64_t to, char *err, size_t errlen)
{
	char sql[128], end[32];
	const char *v[2] = { name, NULL };
	PGresult *r;
	int ret;

	forget(s, name);
	snprintf(sql, sizeof(sql), "BEGIN; DROP TABLE IF EXISTS %s", name);
	ret = pg_exec(s->db, sql, err, errlen);
	if (!ret) {
		r = pg_params(s->db, "DELETE FROM partitions WHERE name = $1", 1, v, "partitions",
			      err, errlen);
		ret = r ? 0 : FM_STORE_FAILED;
		PQclear(r);
	}
	if (!ret) {
		snprintf(end, sizeof(end), "%" PRIu64, to);
		v[0] = end;
		v[1] = sq_kind_name(kind);
		r = pg_params(s->db, "UPDATE tiers SET kept_from_ms = greatest(kept_from_ms, $1::bigint) "
			      "WHERE tier = $2", 2, v, "tiers", err, errlen);
		ret = r ? 0 : FM_STORE_FAILED;
		PQclear(r);
	}
	if (!ret)
		ret = pg_exec(s->db, "COMMIT", err, errlen);
	return ret < 0 ? fail(s, ret) : 0;
}

static int pg_maintain(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct pg *s = be;
	char name[SQ_NAME];
	uint64_t to = 0;
	int kind = 0, ret;

	if (!s->db)
		return FM_STORE_DOWN;
	for (;;) {
		int64_t used = 0;

		if (s->c->max_size) {
			ret = query_int(s, "SELECT sum(pg_total_relation_size(name::regclass)) "
					"FROM partitions", &used, err, errlen);
			if (ret < 0)
				return ret;
		}
		ret = victim(s, now_ms, s->c->max_size && used > (int64_t)s->c->max_size,
			     name, &kind, &to, err, errlen);
		if (ret < 0)
			return ret;
		if (!*name)
			return 0;
		ret = drop(s, name, kind, to, err, errlen);
		if (ret < 0)
			return ret;
	}
}

const struct fm_store_ops fm_store_postgresql = {
	.name = "postgresql",
	.options = options,
	.open = pg_open,
	.connect = pg_connect_be,
	.write = pg_write,
	.write_rollups = pg_write_rollups,
	.recover = pg_recover,
	.maintain = pg_maintain,
	.disconnect = pg_disconnect,
	.close = pg_close,
	.ropen = pg_ropen,
	.info = pg_info,
	.top = pg_top,
	.series = pg_top,
	.nat_events = pg_nat_events,
	.flows = pg_flows,
	.rclose = pg_rclose,
};
