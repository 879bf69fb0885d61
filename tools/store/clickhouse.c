// SPDX-License-Identifier: GPL-2.0
/*
 * The ClickHouse store's writer (fm_store_clickhouse), over the HTTP
 * interface. Raw rows and NAT events go to MergeTree tables partitioned
 * by UTC day, a batch as one INSERT ... FORMAT TabSeparated (tsv.h) to
 * one shard, shards taking batches in turn. Rollups are flowmeterd's own
 * (rollup.c, the same numbers as every store), inserted as deltas into
 * SummingMergeTree tables that add them up as they merge; readers sum()
 * anyway, so unmerged parts answer right. Materialized views were not
 * used: they would compute the rollups a second way, per shard, and
 * could not be recounted after a crash. Each batch carries a number
 * (wseq); meta's rolled_wseq says which are in the rollups, and recover
 * hands back the rest. Retention is ALTER TABLE ... DROP PARTITION on
 * every shard. The catalog (meta, tiers, dimensions) is ReplacingMergeTree
 * tables on the server at url, read with argMax(value, version).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clickhouse.h"
#include "retention.h"
#include "sqltext.h"

#define SCHEMA_VERSION 1

struct ch {
	const struct fm_store_conf *c;
	struct ch_conf cc;
	bool connected;
	uint64_t wseq;			/* the last batch's number */
	uint64_t rolled;		/* ...and the last in the rollups */
	uint64_t version;		/* of catalog rows: newer wins */
	int next_shard;
	struct fm_buf flows, nat, q;
};

static const char *const local_tables[FM_PART_KINDS] = {
	"flows", "rollup_5m", "rollup_1h", "rollup_1d", "nat"
};
static const char *const kind_names[FM_PART_KINDS] = { "raw", "5m", "1h", "1d", "nat" };

/* The table a shard holds for @kind: X_local under a Distributed X, else X. */
static void local_name(const struct ch *s, int kind, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", local_tables[kind], s->cc.cluster ? "_local" : "");
}

static int ch_open(void **be, const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct ch *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	s->c = c;
	if (ch_conf_parse(&s->cc, NULL, c, err, errlen) < 0) {
		free(s);
		return FM_STORE_FAILED;
	}
	*be = s;
	return 0;
}

static void ch_disconnect(void *be)
{
	((struct ch *)be)->connected = false;
}

static void ch_close(void *be)
{
	struct ch *s = be;

	ch_conf_free(&s->cc);
	fm_buf_free(&s->flows);
	fm_buf_free(&s->nat);
	fm_buf_free(&s->q);
	free(s);
}

/* A statement on the main server; its TabSeparated answer in s->q. */
static int ask(struct ch *s, const char *sql, char *err, size_t errlen)
{
	fm_buf_reset(&s->q);
	return ch_post(&s->cc, &s->cc.main, s->cc.database, sql, NULL, &s->q, err, errlen);
}

static int run(struct ch *s, struct fm_sql *q, char *err, size_t errlen)
{
	int ret = fm_sql_done(q, err, errlen);

	if (!ret)
		ret = ask(s, q->b.p, err, errlen);
	fm_sql_free(q);
	return ret;
}

/* ---- the schema ---- */

static void raw_columns(struct fm_buf *b)
{
	int i;

	fm_buf_str(b, "(wseq UInt64");
	for (i = 0; i < fm_srec_ncols; i++)
		fm_buf_printf(b, ", %s %s", fm_srec_cols[i].name,
			      i == FM_COL_TS ? "Int64" :
			      fm_srec_cols[i].type == FM_COL_TEXT ? "Nullable(String)" :
			      "Nullable(Int64)");
	fm_buf_str(b, ")");
}

static const char rollup_columns[] =
	"(dim String, bucket Int64, exporter String, value String, "
	"bytes UInt64, packets UInt64, flows UInt64)";

/* Partitions: UTC day numbers, months and years (what DROP PARTITION names). */
static const char *const partition_by[FM_PART_KINDS] = {
	"intDiv(ts, 86400000)",
	"intDiv(bucket, 86400000)",
	"toYYYYMM(toDateTime(intDiv(bucket, 1000), 'UTC'))",
	"toYear(toDateTime(intDiv(bucket, 1000), 'UTC'))",
	"intDiv(ts, 86400000)",
};

/* CREATE TABLE for @kind: the shards' MergeTree, or the Distributed one over them. */
static void table_ddl(const struct ch *s, int kind, bool distributed, struct fm_buf *b)
{
	char local[64];

	local_name(s, kind, local, sizeof(local));
	fm_buf_printf(b, "CREATE TABLE IF NOT EXISTS %s ", distributed ? local_tables[kind] : local);
	if (kind == FM_TIER_RAW || kind == FM_PART_NAT)
		raw_columns(b);
	else
		fm_buf_str(b, rollup_columns);
	if (distributed)
		fm_buf_printf(b, " ENGINE = Distributed(%s, %s, %s)", s->cc.cluster, s->cc.database,
			      local);
	else if (kind == FM_TIER_RAW || kind == FM_PART_NAT)
		fm_buf_printf(b, " ENGINE = MergeTree() PARTITION BY %s ORDER BY ts",
			      partition_by[kind]);
	else
		fm_buf_printf(b, " ENGINE = SummingMergeTree() PARTITION BY %s "
			      "ORDER BY (dim, bucket, exporter, value)", partition_by[kind]);
}

static int exec_buf(struct ch *s, struct ch_server *srv, struct fm_buf *b, char *err, size_t errlen)
{
	int ret;

	if (b->oom) {
		snprintf(err, errlen, "out of memory");
		ret = FM_STORE_FAILED;
	} else {
		ret = ch_post(&s->cc, srv, s->cc.database, b->p, NULL, NULL, err, errlen);
	}
	fm_buf_reset(b);
	return ret;
}

static int create_tables(struct ch *s, char *err, size_t errlen)
{
	static const char *const catalog[] = {
		"CREATE TABLE IF NOT EXISTS meta (key String, value String, version UInt64) "
		"ENGINE = ReplacingMergeTree(version) ORDER BY key",
		"CREATE TABLE IF NOT EXISTS tiers (tier String, retention_ms UInt64, "
		"kept_from_ms UInt64, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY tier",
		"CREATE TABLE IF NOT EXISTS dimensions (name String, since_ms UInt64, present UInt8, "
		"version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY name",
	};
	struct fm_buf b = { 0 };
	char sql[128];
	int i, k, ret = 0;

	snprintf(sql, sizeof(sql), "CREATE DATABASE IF NOT EXISTS %s", s->cc.database);
	ret = ch_post(&s->cc, &s->cc.main, NULL, sql, NULL, NULL, err, errlen);
	for (i = 0; i < s->cc.nshards && !ret; i++)
		ret = ch_post(&s->cc, &s->cc.shard[i], NULL, sql, NULL, NULL, err, errlen);
	for (i = 0; i < 3 && !ret; i++)
		ret = ch_post(&s->cc, &s->cc.main, s->cc.database, catalog[i], NULL, NULL, err, errlen);
	for (k = 0; k < FM_PART_KINDS && !ret; k++) {
		for (i = 0; i < s->cc.nshards && !ret; i++) {
			table_ddl(s, k, false, &b);
			ret = exec_buf(s, &s->cc.shard[i], &b, err, errlen);
		}
		if (!ret && s->cc.cluster) {
			table_ddl(s, k, true, &b);
			ret = exec_buf(s, &s->cc.main, &b, err, errlen);
		}
	}
	fm_buf_free(&b);
	return ret;
}

/* The catalog's newest value of meta @key into @v (0 if none). */
static int meta_get(struct ch *s, const char *key, uint64_t *v, char *err, size_t errlen)
{
	struct fm_sql q;
	int ret;

	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "SELECT argMax(value, version) FROM meta WHERE key = ");
	fm_sql_text(&q, key);
	fm_sql(&q, " FORMAT TabSeparated");
	ret = run(s, &q, err, errlen);
	*v = ret || !s->q.p ? 0 : strtoull(s->q.p, NULL, 10);
	return ret;
}

static uint64_t next_version(struct ch *s)
{
	struct timespec ts;
	uint64_t v;

	clock_gettime(CLOCK_REALTIME, &ts);
	v = (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	s->version = v > s->version ? v : s->version + 1;
	return s->version;
}

static int meta_set(struct ch *s, const char *key, uint64_t v, char *err, size_t errlen)
{
	struct fm_sql q;

	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "INSERT INTO meta (key, value, version) VALUES (");
	fm_sql_text(&q, key);
	fm_sql(&q, ", '%" PRIu64 "', %" PRIu64 ")", v, next_version(s));
	return run(s, &q, err, errlen);
}

/* The line of @list that starts with @key then @sep (a tab, or the line's end), or NULL. */
static const char *line_of(const char *list, const char *key, char sep)
{
	size_t n = strlen(key);
	const char *p;

	for (p = list; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, n) && (p[n] == sep || (sep == '\n' && !p[n])))
			return p;
	return NULL;
}

/* The newest kept_from_ms of @tier in the TabSeparated (tier, kept) lines @list. */
static uint64_t kept_from(const char *list, const char *tier)
{
	const char *p = line_of(list, tier, '\t');

	return p ? strtoull(p + strlen(tier) + 1, NULL, 10) : 0;
}

/* Retention for readers, kept_from as it was. */
static int tiers(struct ch *s, char *err, size_t errlen)
{
	struct fm_sql q;
	char *have;
	int k, ret;

	ret = ask(s, "SELECT tier, argMax(kept_from_ms, version) FROM tiers GROUP BY tier "
		  "FORMAT TabSeparated", err, errlen);
	if (ret)
		return ret;
	have = strdup(s->q.p ? s->q.p : "");
	if (!have) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "INSERT INTO tiers (tier, retention_ms, kept_from_ms, version) VALUES ");
	for (k = 0; k < FM_PART_KINDS; k++) {
		fm_sql(&q, "%s(", k ? ", " : "");
		fm_sql_text(&q, kind_names[k]);
		fm_sql(&q, ", %" PRIu64 ", %" PRIu64 ", %" PRIu64 ")",
		       k == FM_PART_NAT ? s->c->nat_retention_ms : s->c->retention_ms[k],
		       kept_from(have, kind_names[k]), next_version(s));
	}
	free(have);
	return run(s, &q, err, errlen);
}

/* As SQLite's: a new store's dimensions since always, one added later since now. */
static int dimensions(struct ch *s, bool fresh, uint64_t now_ms, char *err, size_t errlen)
{
	struct fm_sql q;
	char *have, *line, *save = NULL;
	uint64_t v;
	bool any = false;
	int i, ret;

	ret = ask(s, "SELECT name FROM dimensions GROUP BY name HAVING argMax(present, version) = 1 "
		  "FORMAT TabSeparated", err, errlen);
	if (ret)
		return ret;
	have = strdup(s->q.p ? s->q.p : "");
	if (!have) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	v = next_version(s);
	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "INSERT INTO dimensions (name, since_ms, present, version) VALUES ");
	for (i = 0; i < s->c->ndims; i++) {
		const char *d = fm_dim_name(s->c->dims[i]);

		if (line_of(have, d, '\n'))
			continue;
		fm_sql(&q, "%s(", any ? ", " : "");
		fm_sql_text(&q, d);
		fm_sql(&q, ", %" PRIu64 ", 1, %" PRIu64 ")", fresh ? 0 : now_ms, v);
		any = true;
	}
	/* One no longer configured is forgotten (its later buckets would not be whole). */
	for (line = strtok_r(have, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int d = fm_dim_lookup(line);
		bool conf = false;

		for (i = 0; i < s->c->ndims && d >= 0; i++)
			conf |= s->c->dims[i] == d;
		if (conf)
			continue;
		fm_sql(&q, "%s(", any ? ", " : "");
		fm_sql_text(&q, line);
		fm_sql(&q, ", 0, 0, %" PRIu64 ")", v);
		any = true;
	}
	free(have);
	if (!any) {
		fm_sql_free(&q);
		return 0;
	}
	return run(s, &q, err, errlen);
}

static int ch_connect(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct ch *s = be;
	uint64_t v = 0;
	int ret;

	ret = create_tables(s, err, errlen);
	if (!ret)
		ret = meta_get(s, "schema_version", &v, err, errlen);
	if (!ret && v > SCHEMA_VERSION) {
		snprintf(err, errlen, "the store's schema is version %" PRIu64 ", newer than this "
			 "flowmeter's (%d)", v, SCHEMA_VERSION);
		ret = FM_STORE_FAILED;
	}
	/* Version 1 is the first: later versions migrate from v here, one step each. */
	if (!ret && !v)
		ret = meta_set(s, "schema_version", SCHEMA_VERSION, err, errlen);
	if (!ret && !v)
		ret = meta_set(s, "created_ms", now_ms, err, errlen);
	if (!ret)
		ret = tiers(s, err, errlen);
	if (!ret)
		ret = dimensions(s, !v, now_ms, err, errlen);
	if (!ret)
		ret = meta_get(s, "rolled_wseq", &s->rolled, err, errlen);
	if (!ret)
		ret = ask(s, "SELECT max(wseq) FROM flows FORMAT TabSeparated", err, errlen);
	if (ret)
		return FM_STORE_DOWN;
	s->wseq = s->q.p ? strtoull(s->q.p, NULL, 10) : 0;
	if (s->wseq < s->rolled)
		s->wseq = s->rolled;
	s->connected = true;
	return 0;
}

/* ---- writing ---- */

static int insert(struct ch *s, struct ch_server *srv, int kind, const char *cols,
		  const struct fm_buf *data, char *err, size_t errlen)
{
	char local[64], sql[2600];

	local_name(s, kind, local, sizeof(local));
	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) FORMAT TabSeparated", local, cols);
	return ch_post(&s->cc, srv, s->cc.database, sql, data, NULL, err, errlen);
}

static struct ch_server *next_shard(struct ch *s)
{
	struct ch_server *srv = &s->cc.shard[s->next_shard];

	s->next_shard = (s->next_shard + 1) % s->cc.nshards;
	return srv;
}

static const char *raw_cols(void)
{
	static char cols[2100];

	if (!*cols)
		snprintf(cols, sizeof(cols), "wseq,%s", fm_sql_columns());
	return cols;
}

static int ch_write(void *be, const struct fm_srec *r, size_t n, char *err, size_t errlen)
{
	struct ch *s = be;
	struct ch_server *srv;
	uint64_t seq;
	char num[24];
	size_t i;
	int len, ret = 0;

	if (!s->connected)
		return FM_STORE_DOWN;
	seq = s->wseq + 1;
	len = snprintf(num, sizeof(num), "%" PRIu64 "\t", seq);
	fm_buf_reset(&s->flows);
	fm_buf_reset(&s->nat);
	for (i = 0; i < n; i++) {
		struct fm_buf *b = r[i].rec.kind == FM_REC_NAT ? &s->nat : &s->flows;

		fm_buf_add(b, num, len);
		fm_tsv_rec(b, &r[i]);
	}
	if (s->flows.oom || s->nat.oom) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	srv = next_shard(s);
	if (s->flows.len)
		ret = insert(s, srv, FM_TIER_RAW, raw_cols(), &s->flows, err, errlen);
	if (!ret && s->nat.len)
		ret = insert(s, srv, FM_PART_NAT, raw_cols(), &s->nat, err, errlen);
	if (ret)
		return ret;
	s->wseq = seq;
	return 0;
}

static int ch_write_rollups(void *be, const struct fm_rollup_row *rows, size_t n,
			    char *err, size_t errlen)
{
	struct ch *s = be;
	struct ch_server *srv;
	size_t i;
	int t, ret = 0;

	if (!s->connected)
		return FM_STORE_DOWN;
	srv = next_shard(s);
	for (t = FM_TIER_5M; t < FM_TIER__COUNT && !ret; t++) {
		struct fm_buf *b = &s->flows;

		fm_buf_reset(b);
		for (i = 0; i < n; i++) {
			const struct fm_rollup_row *w = &rows[i];

			if (w->tier != t)
				continue;
			fm_buf_printf(b, "%s\t%" PRIu64 "\t", w->dim, w->bucket_ms);
			fm_tsv_text(b, w->exporter);
			fm_buf_add(b, "\t", 1);
			fm_tsv_text(b, w->value);
			fm_buf_printf(b, "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
				      w->c.bytes, w->c.packets, w->c.flows);
		}
		if (b->oom) {
			snprintf(err, errlen, "out of memory");
			return FM_STORE_FAILED;
		}
		if (b->len)
			ret = insert(s, srv, t, "dim, bucket, exporter, value, bytes, packets, flows",
				     b, err, errlen);
	}
	/*
	 * No transactions: a failure between the tiers' inserts and this mark
	 * counts those deltas again at the next connect (docs/store.md).
	 */
	if (!ret)
		ret = meta_set(s, "rolled_wseq", s->wseq, err, errlen);
	if (!ret)
		s->rolled = s->wseq;
	return ret;
}

static int ch_recover(void *be, void (*fn)(void *ctx, const struct fm_srec *s), void *ctx,
		      char *err, size_t errlen)
{
	struct ch *s = be;
	struct fm_srec rec;
	struct fm_sql q;
	char *line, *f[128];
	int ret, n;

	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "SELECT %s FROM flows WHERE wseq > %" PRIu64 " FORMAT TabSeparated",
	       fm_sql_columns(), s->rolled);
	ret = run(s, &q, err, errlen);
	if (ret)
		return FM_STORE_DOWN;
	for (line = s->q.p; line && *line; ) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = 0;
		n = fm_tsv_split(line, f, 128);
		fm_srec_from_fields(&rec, f, n);
		fn(ctx, &rec);
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* ---- retention ---- */

/* A partition id (day number, YYYYMM, YYYY) of @kind as its time range. */
static void bounds(int kind, const char *id, struct fm_part *p)
{
	uint64_t v = strtoull(id, NULL, 10);
	struct tm tm = { 0 };

	if (kind == FM_TIER_1H || kind == FM_TIER_1D) {
		tm.tm_year = (kind == FM_TIER_1H ? v / 100 : v) - 1900;
		tm.tm_mon = kind == FM_TIER_1H ? v % 100 - 1 : 0;
		tm.tm_mday = 1;
		p->from_ms = (uint64_t)timegm(&tm) * 1000;
		if (kind == FM_TIER_1H)
			tm.tm_mon++;
		else
			tm.tm_year++;
		p->to_ms = (uint64_t)timegm(&tm) * 1000;
		return;
	}
	p->from_ms = v * 86400000;
	p->to_ms = p->from_ms + 86400000;
}

struct plist {
	struct fm_part *p;
	int n, cap;
	uint64_t bytes;
};

/* Every shard's partitions; one entry per (kind, id), shards' sizes added. */
static int partitions(struct ch *s, struct plist *l, char *err, size_t errlen)
{
	struct fm_sql q;
	char *line, *f[4];
	int i, k, j, ret = 0;

	for (i = 0; i < s->cc.nshards && !ret; i++) {
		fm_sql_init(&q, FM_SQL_CH);
		fm_sql(&q, "SELECT table, partition, sum(bytes_on_disk) FROM system.parts WHERE active "
		       "AND database = ");
		fm_sql_text(&q, s->cc.database);
		fm_sql(&q, " GROUP BY table, partition FORMAT TabSeparated");
		ret = fm_sql_done(&q, err, errlen);
		fm_buf_reset(&s->q);
		if (!ret)
			ret = ch_post(&s->cc, &s->cc.shard[i], NULL, q.b.p, NULL, &s->q, err, errlen);
		fm_sql_free(&q);
		for (line = ret ? NULL : s->q.p; line && *line; ) {
			char *nl = strchr(line, '\n'), local[64];
			int kind = -1;

			if (nl)
				*nl = 0;
			if (fm_tsv_split(line, f, 3) == 3 && f[0] && f[1] && f[2]) {
				for (k = 0; k < FM_PART_KINDS && kind < 0; k++) {
					local_name(s, k, local, sizeof(local));
					if (!strcmp(local, f[0]))
						kind = k;
				}
			}
			line = nl ? nl + 1 : NULL;
			if (kind < 0)
				continue;
			l->bytes += strtoull(f[2], NULL, 10);
			for (j = 0; j < l->n; j++)
				if (l->p[j].kind == kind && !strcmp(l->p[j].name, f[1]))
					break;
			if (j < l->n)
				continue;
			if (l->n == l->cap) {
				int cap = l->cap ? l->cap * 2 : 64;
				void *p = realloc(l->p, cap * sizeof(*l->p));

				if (!p) {
					snprintf(err, errlen, "out of memory");
					return FM_STORE_FAILED;
				}
				l->p = p;
				l->cap = cap;
			}
			snprintf(l->p[l->n].name, sizeof(l->p[l->n].name), "%s", f[1]);
			l->p[l->n].kind = kind;
			bounds(kind, f[1], &l->p[l->n]);
			l->n++;
		}
	}
	/* Oldest first, as the victim wants them. */
	for (i = 1; i < l->n; i++)
		for (j = i; j > 0 && l->p[j].from_ms < l->p[j - 1].from_ms; j--) {
			struct fm_part t = l->p[j];

			l->p[j] = l->p[j - 1];
			l->p[j - 1] = t;
		}
	return ret;
}

static int drop(struct ch *s, const struct fm_part *p, char *err, size_t errlen)
{
	char local[64], sql[160];
	struct fm_sql q;
	int ret;

	local_name(s, p->kind, local, sizeof(local));
	/* The id is digits from system.parts: a number, printed again. */
	snprintf(sql, sizeof(sql), "ALTER TABLE %s DROP PARTITION %" PRIu64, local,
		 (uint64_t)strtoull(p->name, NULL, 10));
	ret = ch_each_shard(&s->cc, sql, err, errlen);
	if (ret)
		return ret;
	fm_sql_init(&q, FM_SQL_CH);
	fm_sql(&q, "INSERT INTO tiers (tier, retention_ms, kept_from_ms, version) SELECT tier, "
	       "argMax(retention_ms, version), greatest(argMax(kept_from_ms, version), toUInt64(%"
	       PRIu64 ")), %" PRIu64 " FROM tiers WHERE tier = ", p->to_ms, next_version(s));
	fm_sql_text(&q, kind_names[p->kind]);
	fm_sql(&q, " GROUP BY tier");
	return run(s, &q, err, errlen);
}

static int ch_maintain(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct ch *s = be;
	int ret = 0;

	if (!s->connected)
		return FM_STORE_DOWN;
	for (;;) {
		struct plist l = { 0 };
		int v;

		ret = partitions(s, &l, err, errlen);
		v = ret ? -1 : fm_retention_victim(s->c, l.p, l.n, now_ms,
						   s->c->max_size && l.bytes > s->c->max_size);
		if (v >= 0)
			ret = drop(s, &l.p[v], err, errlen);
		free(l.p);
		if (ret || v < 0)
			return ret;
	}
}

const struct fm_store_ops fm_store_clickhouse = {
	.name = "clickhouse",
	.options = ch_options,
	.open = ch_open,
	.connect = ch_connect,
	.write = ch_write,
	.write_rollups = ch_write_rollups,
	.recover = ch_recover,
	.maintain = ch_maintain,
	.disconnect = ch_disconnect,
	.close = ch_close,
	.ropen = ch_ropen,
	.info = ch_info,
	.top = ch_top,
	.series = ch_top,
	.nat_events = ch_nat_events,
	.flows = ch_flows,
	.rclose = ch_rclose,
};
