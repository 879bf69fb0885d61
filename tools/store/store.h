/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow store (libfmstore.a): flowmeterd's store sinks write records
 * into it, `flowmeter` and the HTTP API ask it questions (query.h). One
 * interface, several databases: a backend is a struct fm_store_ops in a
 * file of its own (sqlite.c; postgresql.c and clickhouse.c to come), found
 * by name in the registry (registry.c). What all backends share lives
 * here and beside: the stored record (srec.h), the rollups (rollup.h),
 * which tier answers what (plan.h), the questions (query.h), times
 * (when.h), the JSON (json.h). docs/store.md has the schema and the JSON.
 *
 * A writer (struct fm_store) belongs to one thread, the sink's; a reader
 * (struct fm_store_reader) opens a connection of its own and may be used
 * by one thread at a time.
 */
#ifndef FM_STORE_H
#define FM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "plan.h"
#include "query.h"
#include "rollup.h"
#include "srec.h"

/* What writes and backends return. */
enum {
	FM_STORE_OK = 0,
	FM_STORE_FAILED = -1,	/* this batch (or query) failed; the connection is fine */
	FM_STORE_DOWN = -2,	/* the connection is gone: disconnect, connect again later */
	FM_STORE_FULL = -3,	/* disk or quota full: the batch was dropped */
};

/* A backend's own key (sqlite: path), as the configuration had it. */
struct fm_store_opt {
	char *key, *value;
	int line, col;
};

/* One configured store (config_store.c fills it; docs/flowmeterd.8). */
struct fm_store_conf {
	char *backend;			/* "sqlite", "postgresql", "clickhouse" */
	char *name;			/* label in metrics: the backend's name unless given */
	struct fm_store_opt *opts;
	int nopts;
	unsigned int queue;		/* records the sink queues (65536) */
	unsigned int batch;		/* records a write takes at most (5000) */
	unsigned int flush_ms;		/* a batch at least this often (1000) */
	unsigned int rollup_ms;		/* rollups are written this often (60000) */
	uint64_t retention_ms[FM_TIER__COUNT];	/* 0: forever (48h, 30d, 365d, 0) */
	uint64_t nat_retention_ms;	/* NAT events (48h) */
	uint64_t max_size;		/* bytes, 0: no cap; oldest partitions go first */
	int dims[FM_DIM_MAX];		/* rolled-up dimensions (fm_dim_defaults) */
	int ndims;
	int line, col;			/* where it was configured */
};

void fm_store_conf_init(struct fm_store_conf *c);
/* Frees what @c points to (not @c). */
void fm_store_conf_free(struct fm_store_conf *c);
const char *fm_store_conf_opt(const struct fm_store_conf *c, const char *key);

/*
 * A backend. The writer's calls come from one thread; every call that can
 * fail returns FM_STORE_* and says why in @err. Partitions are the
 * backend's: raw rows and NAT events by day, 5-minute rollups by day,
 * hourly by month, daily by year; retention drops whole partitions, never
 * rows.
 */
struct fm_store_ops {
	const char *name;		/* also the URL scheme: sqlite:///path */
	const char *const *options;	/* the keys of the backend's own section */

	/* The writer. */
	/* As root, before privileges go: make the store usable by @uid:@gid. May be NULL. */
	int (*prepare)(const struct fm_store_conf *c, uid_t uid, gid_t gid,
		       char *err, size_t errlen);
	/* Allocate, check the options; no I/O. */
	int (*open)(void **be, const struct fm_store_conf *c, char *err, size_t errlen);
	/*
	 * Connect; create the schema or migrate it (its version lives in the
	 * database); record retention and dimensions there for readers.
	 */
	int (*connect)(void *be, uint64_t now_ms, char *err, size_t errlen);
	/* Raw records (flows and NAT events) in one transaction: all or none. */
	int (*write)(void *be, const struct fm_srec *r, size_t n, char *err, size_t errlen);
	/*
	 * Add these deltas to the rollup tables (upserts), in one transaction,
	 * and remember that every record written so far is in the rollups.
	 */
	int (*write_rollups)(void *be, const struct fm_rollup_row *rows, size_t n,
			     char *err, size_t errlen);
	/*
	 * After connect: call @fn for every flow written but not yet in the
	 * rollups (a crash or a lost connection came between), so they are
	 * counted again. May be NULL (then such records miss the rollups).
	 */
	int (*recover)(void *be, void (*fn)(void *ctx, const struct fm_srec *s), void *ctx,
		       char *err, size_t errlen);
	/* Retention and the size cap: drop whole partitions. */
	int (*maintain)(void *be, uint64_t now_ms, char *err, size_t errlen);
	void (*disconnect)(void *be);
	void (*close)(void *be);

	/* The readers: a connection of their own, read-only where the database can. */
	/* From a URL ("sqlite:///var/lib/flowmeter/flows.db") or a configuration. */
	int (*ropen)(void **rd, const char *url, const struct fm_store_conf *c,
		     char *err, size_t errlen);
	int (*info)(void *rd, struct fm_store_info *i, char *err, size_t errlen);
	/* Fill rows (ordered, at most q->limit) and total from the plan's segments. */
	int (*top)(void *rd, const struct fm_query *q, const struct fm_plan *p,
		   struct fm_result *res, char *err, size_t errlen);
	/* Add every segment's counts into res->points (fm_result_add_point). */
	int (*series)(void *rd, const struct fm_query *q, const struct fm_plan *p,
		      struct fm_result *res, char *err, size_t errlen);
	/*
	 * NAT events in [from, to) whose post-NAT source or pre-NAT destination
	 * is @a:@port, into res->recs, oldest first.
	 */
	int (*nat_events)(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from_ms,
			  uint64_t to_ms, struct fm_result *res, char *err, size_t errlen);
	/* Raw flows of the plan's segments matching q, newest first, at most q->limit. */
	int (*flows)(void *rd, const struct fm_query *q, const struct fm_plan *p,
		     struct fm_result *res, char *err, size_t errlen);
	void (*rclose)(void *rd);
};

/* By name or URL scheme; NULL with "unknown" or "not built in" in @err. */
const struct fm_store_ops *fm_store_backend(const char *name, char *err, size_t errlen);
/* "sqlite, postgresql, clickhouse": for messages. */
const char *fm_store_backend_names(void);

/*
 * The writer: a backend plus the rollups and the schedule of maintenance.
 * fm_store_write counts what was written into the rollups; maintain writes
 * them every rollup_ms (and at disconnect), and drops what retention says.
 */
struct fm_store;

int fm_store_prepare(const struct fm_store_conf *c, uid_t uid, gid_t gid,
		     char *err, size_t errlen);
/* @c must outlive the store. */
struct fm_store *fm_store_new(const struct fm_store_conf *c, char *err, size_t errlen);
int fm_store_connect(struct fm_store *s, uint64_t now_ms, char *err, size_t errlen);
int fm_store_write(struct fm_store *s, const struct fm_srec *r, size_t n,
		   char *err, size_t errlen);
/* Call about once a second; does what is due. */
int fm_store_maintain(struct fm_store *s, uint64_t now_ms, char *err, size_t errlen);
/* Writes pending rollups if it can, then lets go of the connection. */
void fm_store_disconnect(struct fm_store *s);
void fm_store_free(struct fm_store *s);

/* The reader. */
struct fm_store_reader;

struct fm_store_reader *fm_store_reader_open(const char *url, char *err, size_t errlen);
struct fm_store_reader *fm_store_reader_conf(const struct fm_store_conf *c,
					     char *err, size_t errlen);
/* Plan (plan.h), then ask the backend. 0, or FM_STORE_* with @err. */
int fm_store_query(struct fm_store_reader *r, const struct fm_query *q,
		   struct fm_result *res, char *err, size_t errlen);
void fm_store_reader_close(struct fm_store_reader *r);

#endif
