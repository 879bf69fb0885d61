/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The four questions a store answers and their answers, the same whether
 * they are asked of a database (fm_store_query), of flowmeterd's HTTP API
 * (/api/v1/KIND?PARAMS, the same parameters) or printed as JSON (json.h):
 *   top     the values of one attribute with the most bytes/packets/flows
 *   series  bytes, packets, flows per time step, optionally of one value
 *   nat     who was behind an outside address:port at a time
 *   flows   the raw records, newest first
 */
#ifndef FM_QUERY_H
#define FM_QUERY_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "plan.h"
#include "srec.h"

enum fm_query_kind { FM_QUERY_TOP, FM_QUERY_SERIES, FM_QUERY_NAT, FM_QUERY_FLOWS,
		     FM_QUERY__COUNT };
enum fm_order { FM_ORDER_BYTES, FM_ORDER_PACKETS, FM_ORDER_FLOWS };

#define FM_QUERY_VALUE_MAX 256

struct fm_query {
	enum fm_query_kind kind;
	uint64_t from_ms, to_ms;	/* top, series, flows: [from, to) */
	uint64_t at_ms;			/* nat */
	uint64_t step_ms;		/* series */
	int by;				/* top: a dimension (rollup.h) */
	int attr;			/* series: only records whose @attr is @value; -1: all */
	char value[FM_QUERY_VALUE_MAX];
	enum fm_order order;		/* top */
	unsigned int limit;		/* top: rows (10); flows: records (100) */
	char exporter[INET6_ADDRSTRLEN];	/* "": every exporter */
	struct fm_addr addr;		/* nat: the outside address... */
	uint16_t port;			/* ...and port */
	struct fm_addr src, dst;	/* flows: family 0 = any */
	int flow_port;			/* flows: source or destination port; -1 = any */
	int proto;			/* flows: -1 = any */
};

const char *fm_query_kind_name(enum fm_query_kind k);	/* "top", ... */
int fm_query_kind_lookup(const char *name);
const char *fm_order_name(enum fm_order o);		/* "bytes", ... */

/* Defaults: the last hour, by "all", 10 rows / 100 records, any port, proto. */
void fm_query_init(struct fm_query *q, enum fm_query_kind k, uint64_t now_ms);
/*
 * One parameter as the HTTP API takes it: from, to, since (a duration back
 * from now), at, step, by, attr, value, order, n, exporter, addr, port
 * (nat: the outside port; flows: either port), src, dst, proto (number or
 * name). Times as fm_time_parse. 0, or -1 with the reason in @err.
 */
int fm_query_param(struct fm_query *q, const char *key, const char *value,
		   uint64_t now_ms, char *err, size_t errlen);
/* The whole query is askable (from < to, nat has an address, ...). */
int fm_query_check(const struct fm_query *q, char *err, size_t errlen);
/* The query as URL parameters, malloc'd ("by=source_ip&from=...&to=..."). */
char *fm_query_params(const struct fm_query *q);

struct fm_top_row {
	char *value;
	struct fm_counts c;
};

struct fm_series_point {
	uint64_t time_ms;		/* start of the step */
	struct fm_counts c;
};

enum fm_nat_kind { FM_NAT_SNAT, FM_NAT_DNAT };

/* One translation that held the outside address:port at the time asked. */
struct fm_nat_mapping {
	enum fm_nat_kind kind;		/* SNAT/MASQUERADE: outside = post-NAT source;
					 * DNAT: outside = pre-NAT destination */
	uint8_t proto;
	struct fm_addr inside, outside, remote;
	uint16_t inside_port, outside_port, remote_port;
	uint64_t created_ms, deleted_ms;	/* 0: not among the stored events */
};

struct fm_result {
	struct fm_query q;		/* as asked, defaults filled in */
	struct fm_plan plan;		/* what was read (top, series, flows) */
	uint64_t searched_from_ms, searched_to_ms;	/* nat: the events looked at */
	struct fm_top_row *rows;	/* top: at most q.limit, in order */
	size_t nrows;
	struct fm_counts total;		/* top: of every value, not only the rows */
	struct fm_series_point *points;	/* series: every step from..to, zeros too */
	size_t npoints;
	struct fm_nat_mapping *maps;	/* nat: the answers */
	size_t nmaps;
	struct fm_srec *recs;		/* flows: newest first; nat: the mappings' events */
	size_t nrecs;
	bool truncated;			/* flows: more than q.limit matched */
};

/* "10.1.0.2:41001", "[2001:db8::1]:443" (INET6_ADDRSTRLEN + 8 bytes). */
const char *fm_hostport_str(const struct fm_addr *a, uint16_t port, char *buf, size_t len);
/* Back: 0, or -1 unless it is an address with a port. */
int fm_hostport_parse_addr(const char *s, struct fm_addr *a, uint16_t *port);

void fm_result_free(struct fm_result *r);
/* Grow the arrays (backends and the JSON reader); -1: out of memory. */
int fm_result_add_rec(struct fm_result *r, const struct fm_srec *s);
int fm_result_add_row(struct fm_result *r, const char *value, const struct fm_counts *c);
/* Add to the top total or a series point (series: by time; others ignored). */
void fm_result_add_point(struct fm_result *r, uint64_t time_ms, const struct fm_counts *c);
/* nat: pair @r->recs (candidate events) into the mappings live at q.at. */
int fm_result_nat_pair(struct fm_result *r);

#endif
