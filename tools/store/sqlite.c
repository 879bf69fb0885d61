// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite store's writer (fm_store_sqlite): WAL, synchronous=NORMAL (a
 * commit survives the process being killed), one transaction per batch,
 * an insert statement prepared once per partition table. A failed
 * transaction is rolled back whole, and the cached statements go with it,
 * since a table it created is gone too. The readers are sqlite_read.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sqlite.h"

static const char *const options[] = { "path", NULL };

/* Statements per partition table, kept while their tables are. */
#define NSTMT 16
/* At least fm_srec_ncols (sq_open checks). */
#define SQ_MAX_COLS 64

struct stmt {
	struct sq_part part;
	sqlite3_stmt *st;
	uint64_t used;			/* for eviction: last use */
	uint64_t nulls;			/* raw inserts: the columns bound NULL now */
};

/* How far a raw partition's rows are written, and so rolled up once the rollups are. */
struct mark {
	char name[SQ_NAME];
	int64_t rowid;
};

struct sq {
	const struct fm_store_conf *c;
	char path[PATH_MAX];
	sqlite3 *db;
	struct stmt stmts[NSTMT];
	uint64_t uses;
	struct mark *marks;		/* raw partitions written since the rollups were */
	int nmarks, capmarks;
	struct mark *pending;		/* ...in the transaction under way */
	int npending, cappending;
	/* A record's addresses as text, a buffer per column: bound without a copy. */
	char txt[SQ_MAX_COLS][INET6_ADDRSTRLEN];
	struct ckpt *ckpt;
	int wal_frames;			/* after the last commit */
};

/*
 * The checkpointer: a thread with a connection of its own copies the WAL
 * into the database every CKPT_MS (PASSIVE: it never waits for the writer,
 * nor the writer for it). With SQLite's automatic checkpoints the writer's
 * commit did that, and fsync'd the file: a busy disk stalled it for a
 * second and more, the sink's queue filled and records were dropped. The
 * writer's own commits (WAL, synchronous=NORMAL) do not fsync.
 */
#define CKPT_MS 1000
/*
 * Pages in the WAL (4 KiB each) past which the writer makes it start over.
 * A writer that never pauses (a full queue) begins every batch with
 * frames the checkpointer has not copied yet, and then SQLite never
 * rewinds the WAL: it grew by gigabytes. The RESTART copies what is left
 * (little: the checkpointer copied the rest) and waits 100 ms at most.
 */
#define CKPT_RESTART 16384

struct ckpt {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	sqlite3 *db;
};

static void *ckpt_main(void *arg)
{
	struct ckpt *k = arg;
	struct timespec ts;

	pthread_mutex_lock(&k->lock);
	while (!k->stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += CKPT_MS / 1000;
		pthread_cond_timedwait(&k->cond, &k->lock, &ts);
		if (k->stop)
			break;
		pthread_mutex_unlock(&k->lock);
		/* Errors (disk full, busy) leave the WAL to the next round, or to the last close. */
		sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

/* After the writer's schema is there; NULL: SQLite's automatic checkpoints stay. */
static struct ckpt *ckpt_start(const char *path)
{
	struct ckpt *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close_v2(k->db);
		free(k);
		return NULL;
	}
	sqlite3_busy_timeout(k->db, 100);
	/* A connection learns the file is in WAL mode when it first reads it: till then checkpoints are no-ops. */
	if (sqlite3_exec(k->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close_v2(k->db);
		free(k);
		return NULL;
	}
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->cond, NULL);
	if (pthread_create(&k->thread, NULL, ckpt_main, k)) {
		sqlite3_close_v2(k->db);
		pthread_cond_destroy(&k->cond);
		pthread_mutex_destroy(&k->lock);
		free(k);
		return NULL;
	}
	return k;
}

/* Before the writer's connection closes: the last close checkpoints what is left. */
static void ckpt_stop(struct ckpt *k)
{
	if (!k)
		return;
	pthread_mutex_lock(&k->lock);
	k->stop = true;
	pthread_cond_signal(&k->cond);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	sqlite3_close_v2(k->db);
	pthread_cond_destroy(&k->cond);
	pthread_mutex_destroy(&k->lock);
	free(k);
}

static int sq_open(void **be, const struct fm_store_conf *c, char *err, size_t errlen)
{
	struct sq *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	s->c = c;
	if (fm_srec_ncols > SQ_MAX_COLS) {
		snprintf(err, errlen, "%d columns, SQ_MAX_COLS is %d", fm_srec_ncols, SQ_MAX_COLS);
		free(s);
		return FM_STORE_FAILED;
	}
	if (sq_path(NULL, c, s->path, sizeof(s->path), err, errlen) < 0) {
		free(s);
		return FM_STORE_FAILED;
	}
	*be = s;
	return 0;
}

/* Whether @uid:@gid may write in a directory of mode @st. */
static bool writable(const struct stat *st, uid_t uid, gid_t gid)
{
	return (st->st_uid == uid && (st->st_mode & S_IWUSR)) ||
	       (st->st_gid == gid && (st->st_mode & S_IWGRP)) || (st->st_mode & S_IWOTH);
}

/*
 * As root: the file's directory is made if missing, and given to the user
 * flowmeterd will run as if that user could not write it (WAL needs to make
 * files beside the database); the database and its WAL files too.
 */
static int sq_prepare(const struct fm_store_conf *c, uid_t uid, gid_t gid,
		      char *err, size_t errlen)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char path[PATH_MAX], dir[PATH_MAX], f[PATH_MAX + 8];
	struct stat st;
	size_t i;

	if (sq_path(NULL, c, path, sizeof(path), err, errlen) < 0)
		return FM_STORE_FAILED;
	strcpy(dir, path);
	dirname(dir);
	if (stat(dir, &st) < 0) {
		if (mkdir(dir, 0750) < 0 || stat(dir, &st) < 0) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return FM_STORE_FAILED;
		}
		st.st_uid = (uid_t)-1;	/* made here: give it away */
	}
	if (!writable(&st, uid, gid) && chown(dir, uid, gid) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return FM_STORE_FAILED;
	}
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(f, sizeof(f), "%s%s", path, ext[i]);
		if (!stat(f, &st) && st.st_uid != uid && chown(f, uid, gid) < 0) {
			snprintf(err, errlen, "%s: %s", f, strerror(errno));
			return FM_STORE_FAILED;
		}
	}
	return 0;
}

static void forget_stmts(struct sq *s)
{
	int i;

	for (i = 0; i < NSTMT; i++) {
		sqlite3_finalize(s->stmts[i].st);
		memset(&s->stmts[i], 0, sizeof(s->stmts[i]));
	}
}

static void sq_disconnect(void *be)
{
	struct sq *s = be;

	ckpt_stop(s->ckpt);
	s->ckpt = NULL;
	forget_stmts(s);
	if (s->db)
		sqlite3_close_v2(s->db);
	s->db = NULL;
	s->nmarks = s->npending = 0;
}

static void sq_close(void *be)
{
	struct sq *s = be;

	sq_disconnect(s);
	free(s->marks);
	free(s->pending);
	free(s);
}

static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct sq *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* Between batches: a WAL past CKPT_RESTART pages starts over. */
static void wal_restart(struct sq *s)
{
	if (!s->ckpt || s->wal_frames <= CKPT_RESTART)
		return;
	sqlite3_busy_timeout(s->db, 100);
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	sqlite3_busy_timeout(s->db, 5000);
	s->wal_frames = 0;
}

static int sq_connect(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct sq *s = be;
	int rc, ret;

	rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ret = sq_error(s->db, rc, s->path, err, errlen);
		sq_disconnect(s);
		return ret < 0 ? ret : FM_STORE_DOWN;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* auto_vacuum only takes on a new file: before any table. */
	ret = sq_exec(s->db, "PRAGMA auto_vacuum = INCREMENTAL", err, errlen);
	if (!ret)
		ret = sq_exec(s->db, "PRAGMA journal_mode = WAL", err, errlen);
	if (!ret)
		ret = sq_exec(s->db, "PRAGMA synchronous = NORMAL", err, errlen);
	/*
	 * 32 MiB of pages (the default is 2): the ts indexes and the rollups'
	 * keys are written all over their trees, which then stay in memory.
	 */
	if (!ret)
		ret = sq_exec(s->db, "PRAGMA cache_size = -32768", err, errlen);
	if (!ret)
		ret = sq_schema(s->db, s->c, now_ms, err, errlen);
	if (ret < 0) {
		/* A file that is not a database or the wrong version will not get better. */
		sq_disconnect(s);
		return ret == FM_STORE_FAILED ? FM_STORE_DOWN : ret;
	}
	s->ckpt = ckpt_start(s->path);
	if (s->ckpt)
		sqlite3_wal_hook(s->db, wal_hook, s);	/* in place of SQLite's checkpoints */
	return 0;
}

/* The insert (raw) or upsert (rollup) statement of partition @p, made if new. */
static struct stmt *stmt_for(struct sq *s, const struct sq_part *p, int *rc)
{
	struct stmt *e, *victim = &s->stmts[0];
	char sql[4096];
	size_t n;
	int i;

	for (i = 0; i < NSTMT; i++) {
		e = &s->stmts[i];
		if (e->st && !strcmp(e->part.name, p->name)) {
			e->used = ++s->uses;
			return e;
		}
		if (!e->st || e->used < victim->used)
			victim = e;
	}
	*rc = sq_part_create(s->db, p);
	if (*rc != SQLITE_OK)
		return NULL;
	if (p->kind == FM_TIER_RAW || p->kind == SQ_NAT) {
		n = snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) VALUES (?", p->name, sq_columns());
		for (i = 1; i < fm_srec_ncols; i++)
			n += snprintf(sql + n, sizeof(sql) - n, ",?");
		snprintf(sql + n, sizeof(sql) - n, ")");
	} else {
		snprintf(sql, sizeof(sql), "INSERT INTO %s (dim, bucket, exporter, value, bytes, "
			 "packets, flows) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dim, bucket, "
			 "exporter, value) DO UPDATE SET bytes = bytes + excluded.bytes, "
			 "packets = packets + excluded.packets, flows = flows + excluded.flows",
			 p->name);
	}
	sqlite3_finalize(victim->st);
	memset(victim, 0, sizeof(*victim));
	*rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &victim->st, NULL);
	if (*rc != SQLITE_OK)
		return NULL;
	victim->part = *p;
	victim->used = ++s->uses;
	victim->nulls = ~0ull;		/* a new statement's parameters are all NULL */
	return victim;
}

static int mark_set(struct mark **arr, int *n, int *cap, const char *name, int64_t rowid)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*arr)[i].name, name)) {
			if (rowid > (*arr)[i].rowid)
				(*arr)[i].rowid = rowid;
			return 0;
		}
	if (*n == *cap) {
		int nc = *cap ? *cap * 2 : 8;
		struct mark *m = realloc(*arr, nc * sizeof(*m));

		if (!m)
			return -1;
		*arr = m;
		*cap = nc;
	}
	snprintf((*arr)[*n].name, sizeof((*arr)[*n].name), "%s", name);
	(*arr)[(*n)++].rowid = rowid;
	return 0;
}

/*
 * Text is bound SQLITE_STATIC: it lives in @r (the caller's until the
 * step) or in s->txt, which the next record overwrites only after it.
 * Copies (SQLITE_TRANSIENT) were a sixth of a write. A reset keeps the
 * bindings, so a column already NULL is not bound again (half a record's
 * columns are NULL; their binds were a twentieth).
 */
static void bind_rec(struct sq *s, struct stmt *e, const struct fm_srec *r)
{
	int i;

	for (i = 0; i < fm_srec_ncols; i++) {
		uint64_t bit = 1ull << i;
		const char *t = NULL;
		bool null = false;
		int64_t v;

		if (fm_srec_cols[i].type == FM_COL_TEXT) {
			t = fm_srec_get_text(r, i, s->txt[i], sizeof(s->txt[i]));
			null = !t;
		} else {
			null = !fm_srec_get_int(r, i, &v);
		}
		if (null) {
			if (!(e->nulls & bit))
				sqlite3_bind_null(e->st, i + 1);
			e->nulls |= bit;
			continue;
		}
		if (t)
			sqlite3_bind_text(e->st, i + 1, t, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(e->st, i + 1, v);
		e->nulls &= ~bit;
	}
}

/* Roll back, and forget what the transaction made. */
static int fail(struct sq *s, int rc, const char *what, char *err, size_t errlen)
{
	int ret = sq_error(s->db, rc, what, err, errlen);

	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	forget_stmts(s);
	s->npending = 0;
	return ret;
}

/*
 * sq_part_of, again only when @ms leaves the partition @p was last: a
 * batch's records mostly share a day, and gmtime plus the name's printf
 * per record were a fifth of a write's instructions.
 */
static void part_of(int kind, uint64_t ms, struct sq_part *p)
{
	if (!p->name[0] || p->kind != kind || ms < p->from_ms || ms >= p->to_ms)
		sq_part_of(kind, ms, p);
}

static int sq_write(void *be, const struct fm_srec *r, size_t n, char *err, size_t errlen)
{
	struct sq *s = be;
	struct sq_part p = { .name = "" };
	sqlite3_stmt *st;
	struct stmt *e;
	size_t i;
	int rc;

	if (!s->db)
		return FM_STORE_DOWN;
	wal_restart(s);
	rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "begin", err, errlen);
	s->npending = 0;
	for (i = 0; i < n; i++) {
		int kind = r[i].rec.kind == FM_REC_NAT ? SQ_NAT : FM_TIER_RAW;

		part_of(kind, fm_srec_time(&r[i]), &p);
		e = stmt_for(s, &p, &rc);
		if (!e)
			return fail(s, rc, p.name, err, errlen);
		st = e->st;
		bind_rec(s, e, &r[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return fail(s, rc, p.name, err, errlen);
		if (kind == FM_TIER_RAW &&
		    mark_set(&s->pending, &s->npending, &s->cappending, p.name,
			     sqlite3_last_insert_rowid(s->db)) < 0)
			return fail(s, SQLITE_NOMEM, "out of memory", err, errlen);
	}
	rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "commit", err, errlen);
	for (i = 0; i < (size_t)s->npending; i++)
		if (mark_set(&s->marks, &s->nmarks, &s->capmarks, s->pending[i].name,
			     s->pending[i].rowid) < 0) {
			snprintf(err, errlen, "out of memory");
			return FM_STORE_DOWN;	/* the rollups would not know: recount */
		}
	return 0;
}

static int sq_write_rollups(void *be, const struct fm_rollup_row *rows, size_t n,
			    char *err, size_t errlen)
{
	struct sq_part p = { .name = "" };
	struct sq *s = be;
	sqlite3_stmt *st;
	struct stmt *e;
	size_t i;
	int rc;

	if (!s->db)
		return FM_STORE_DOWN;
	wal_restart(s);
	rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "begin", err, errlen);
	for (i = 0; i < n; i++) {
		const struct fm_rollup_row *w = &rows[i];

		part_of(w->tier, w->bucket_ms, &p);
		e = stmt_for(s, &p, &rc);
		if (!e)
			return fail(s, rc, p.name, err, errlen);
		st = e->st;
		sqlite3_bind_text(st, 1, w->dim, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, w->bucket_ms);
		sqlite3_bind_text(st, 3, w->exporter, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, w->value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, w->c.bytes);
		sqlite3_bind_int64(st, 6, w->c.packets);
		sqlite3_bind_int64(st, 7, w->c.flows);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return fail(s, rc, p.name, err, errlen);
	}
	/* The same transaction says how far raw rows are now rolled up. */
	rc = sqlite3_prepare_v2(s->db, "UPDATE partitions SET rolled_rowid = ? WHERE name = ?",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "partitions", err, errlen);
	for (i = 0; i < (size_t)s->nmarks && rc != -1; i++) {
		sqlite3_bind_int64(st, 1, s->marks[i].rowid);
		sqlite3_bind_text(st, 2, s->marks[i].name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc == -1)
		return fail(s, sqlite3_errcode(s->db), "partitions", err, errlen);
	rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "commit", err, errlen);
	s->nmarks = 0;
	return 0;
}

static int sq_recover(void *be, void (*fn)(void *ctx, const struct fm_srec *s), void *ctx,
		      char *err, size_t errlen)
{
	struct sq *s = be;
	sqlite3_stmt *parts, *st;
	struct fm_srec rec;
	char sql[4096];
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(s->db, "SELECT name, rolled_rowid FROM partitions WHERE kind = 'raw'",
				-1, &parts, NULL);
	if (rc != SQLITE_OK)
		return sq_error(s->db, rc, "partitions", err, errlen);
	while (!ret && (rc = sqlite3_step(parts)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(parts, 0);
		int64_t done = sqlite3_column_int64(parts, 1), last = done;

		snprintf(sql, sizeof(sql), "SELECT rowid, %s FROM %s WHERE rowid > ? ORDER BY rowid",
			 sq_columns(), name);
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
		if (rc != SQLITE_OK) {
			ret = sq_error(s->db, rc, name, err, errlen);
			break;
		}
		sqlite3_bind_int64(st, 1, done);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			last = sqlite3_column_int64(st, 0);
			sq_row(st, 1, &rec);
			fn(ctx, &rec);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			ret = sq_error(s->db, rc, name, err, errlen);
		else if (last > done &&
			 mark_set(&s->marks, &s->nmarks, &s->capmarks, name, last) < 0)
			ret = sq_error(s->db, SQLITE_NOMEM, "out of memory", err, errlen);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sq_error(s->db, rc, "partitions", err, errlen);
	sqlite3_finalize(parts);
	return ret;
}

/* ---- retention and the size cap ---- */

static int64_t pragma(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* What the store holds: pages in use, not the file (dropped pages are free until vacuumed). */
static int64_t used_bytes(sqlite3 *db)
{
	return (pragma(db, "PRAGMA page_count") - pragma(db, "PRAGMA freelist_count")) *
	       pragma(db, "PRAGMA page_size");
}

static uint64_t retention(const struct fm_store_conf *c, int kind)
{
	return kind == SQ_NAT ? c->nat_retention_ms : c->retention_ms[kind];
}

/* Drop partition @name of @kind ending at @to; inside a transaction. */
static int drop(struct sq *s, const char *name, int kind, uint64_t to)
{
	sqlite3_stmt *st;
	char sql[128];
	int rc, i;

	for (i = 0; i < NSTMT; i++)
		if (s->stmts[i].st && !strcmp(s->stmts[i].part.name, name)) {
			sqlite3_finalize(s->stmts[i].st);
			memset(&s->stmts[i], 0, sizeof(s->stmts[i]));
		}
	for (i = 0; i < s->nmarks; i++)
		if (!strcmp(s->marks[i].name, name))
			s->marks[i] = s->marks[--s->nmarks];
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s", name);
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_prepare_v2(s->db, "DELETE FROM partitions WHERE name = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	rc = sqlite3_prepare_v2(s->db, "UPDATE tiers SET kept_from_ms = max(kept_from_ms, ?) "
				"WHERE tier = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, to);
	sqlite3_bind_text(st, 2, sq_kind_name(kind), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int kind_of(const char *name)
{
	int k;

	for (k = 0; k < SQ_KINDS; k++)
		if (!strcmp(sq_kind_name(k), name))
			return k;
	return -1;
}

/*
 * One partition to drop: the first past its retention, else, over the
 * size cap, the oldest of the finest tier (raw and NAT first) that does
 * not cover now. 0 with *name empty when there is none.
 */
static int victim(struct sq *s, uint64_t now, bool over_cap, char *name, int *kind,
		  uint64_t *to)
{
	sqlite3_stmt *st;
	int rc, best = SQ_KINDS + 1;
	uint64_t best_from = UINT64_MAX;

	*name = 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT name, kind, from_ms, to_ms FROM partitions "
				"ORDER BY from_ms", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = kind_of((const char *)sqlite3_column_text(st, 1));
		uint64_t from = sqlite3_column_int64(st, 2), end = sqlite3_column_int64(st, 3);
		uint64_t keep = k >= 0 ? retention(s->c, k) : 0;
		/* Raw and NAT events are one rank for the cap: the oldest of either goes. */
		int rank = k == SQ_NAT ? FM_TIER_RAW : k;

		if (k < 0)
			continue;
		if (keep && end + keep <= now) {
			snprintf(name, SQ_NAME, "%s", sqlite3_column_text(st, 0));
			*kind = k;
			*to = end;
			break;
		}
		if (over_cap && end <= now && (rank < best || (rank == best && from < best_from))) {
			snprintf(name, SQ_NAME, "%s", sqlite3_column_text(st, 0));
			*kind = k;
			*to = end;
			best = rank;
			best_from = from;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int sq_maintain(void *be, uint64_t now_ms, char *err, size_t errlen)
{
	struct sq *s = be;
	char name[SQ_NAME];
	uint64_t to = 0;
	int kind = 0, rc, dropped = 0;

	if (!s->db)
		return FM_STORE_DOWN;
	for (;;) {
		bool over = s->c->max_size && used_bytes(s->db) > (int64_t)s->c->max_size;

		rc = victim(s, now_ms, over, name, &kind, &to);
		if (rc != SQLITE_OK)
			return sq_error(s->db, rc, "maintain", err, errlen);
		if (!*name)
			break;
		rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = drop(s, name, kind, to);
		if (rc != SQLITE_OK)
			return fail(s, rc, name, err, errlen);
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc, "commit", err, errlen);
		dropped++;
	}
	if (dropped) {
		/* Give the pages back to the file system, and empty the WAL. */
		sqlite3_exec(s->db, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
		sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	}
	return 0;
}

const struct fm_store_ops fm_store_sqlite = {
	.name = "sqlite",
	.options = options,
	.prepare = sq_prepare,
	.open = sq_open,
	.connect = sq_connect,
	.write = sq_write,
	.write_rollups = sq_write_rollups,
	.recover = sq_recover,
	.maintain = sq_maintain,
	.disconnect = sq_disconnect,
	.close = sq_close,
	.ropen = sq_ropen,
	.info = sq_info,
	.top = sq_top,
	.series = sq_series,
	.nat_events = sq_nat_events,
	.flows = sq_flows,
	.rclose = sq_rclose,
};
