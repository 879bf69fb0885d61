/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ClickHouse backend: fm_store_clickhouse for the registry, and what
 * its files share: the options, the HTTP interface (clickhouse_http.c,
 * libcurl), the readers (clickhouse_read.c). With a cluster, each shard
 * holds X_local tables and the server at url the Distributed tables X
 * over them; without, X are the MergeTree tables themselves.
 */
#ifndef FM_STORE_CLICKHOUSE_H
#define FM_STORE_CLICKHOUSE_H

#include <curl/curl.h>
#include "store.h"
#include "tsv.h"

extern const struct fm_store_ops fm_store_clickhouse;

#define CH_MAX_SHARDS 16
#define CH_DEFAULT_URL "http://127.0.0.1:8123/"
#define CH_DEFAULT_DB "flowmeter"

/* One server's HTTP interface. */
struct ch_server {
	char *url;			/* http://host:8123/ */
	CURL *h;
};

struct ch_conf {
	struct ch_server main;		/* asked, and holds the catalog (and Distributed tables) */
	struct ch_server shard[CH_MAX_SHARDS];	/* written to; without a cluster, main's url */
	int nshards;
	char *database, *user, *password, *cluster;
};

extern const char *const ch_options[];

/* From a configuration or "clickhouse://host:port/database?user=..&password=..". */
int ch_conf_parse(struct ch_conf *c, const char *url, const struct fm_store_conf *conf,
		  char *err, size_t errlen);
void ch_conf_free(struct ch_conf *c);

/*
 * POST to @srv: @query in the URL with @body (an INSERT's data), or @query
 * as the body when @body is NULL; in @database unless NULL. The answer
 * (TabSeparated) into @out if given. 0 or FM_STORE_* with the server's
 * message in @err.
 */
int ch_post(const struct ch_conf *c, struct ch_server *srv, const char *database,
	    const char *query, const struct fm_buf *body, struct fm_buf *out,
	    char *err, size_t errlen);
/* A statement on every shard (DDL, retention); stops at the first failure. */
int ch_each_shard(struct ch_conf *c, const char *query, char *err, size_t errlen);

/* The readers (clickhouse_read.c). */
int ch_ropen(void **rd, const char *url, const struct fm_store_conf *c, char *err, size_t errlen);
int ch_info(void *rd, struct fm_store_info *i, char *err, size_t errlen);
int ch_top(void *rd, const struct fm_query *q, const struct fm_plan *p,
	   struct fm_result *res, char *err, size_t errlen);
int ch_nat_events(void *rd, const struct fm_addr *a, uint16_t port, uint64_t from,
		  uint64_t to, struct fm_result *res, char *err, size_t errlen);
int ch_flows(void *rd, const struct fm_query *q, const struct fm_plan *p,
	     struct fm_result *res, char *err, size_t errlen);
void ch_rclose(void *rd);

#endif
