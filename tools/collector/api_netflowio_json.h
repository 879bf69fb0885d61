/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netflow.io's request bodies (api_netflowio_json.c): the prefixes of
 * PUT/DELETE /senders/<ip> ({"prefixes":[{"prefix":"172.16.1.0",
 * "prefixLen":24}]}, also the registry file's senders) and the time
 * buckets of POST /stats/<sender>. Each parser takes a buffer and knows
 * no HTTP: a fuzzer calls them as they are. 0, or -1 with what is wrong
 * in @err (the API's 400).
 */
#ifndef FM_API_NETFLOWIO_JSON_H
#define FM_API_NETFLOWIO_JSON_H

#include <stddef.h>
#include <stdint.h>
#include "record.h"

/* What a request may hold, at most: past these it is a mistake. */
#define FM_NFIO_MAX_PREFIXES 1024	/* per sender, and per request */
#define FM_NFIO_MAX_BUCKETS 1024	/* per stats request, all prefixes together */
#define FM_NFIO_MAX_FIELDS 16		/* per bucket */
#define FM_NFIO_KEY_MAX 64		/* a prefix, bucket or field as written */

struct fm_nfio_prefix {
	struct fm_addr net;		/* its first address, host bits zero */
	int len;
};

/* A registered sender (an exporter's address) and the prefixes it is asked about. */
struct fm_nfio_sender {
	struct fm_addr ip;
	struct fm_nfio_prefix *p;
	size_t np;
};

/* The span of a bucket, as netflow.io's body names its lists. */
enum fm_nfio_span { FM_NFIO_YEARS, FM_NFIO_MONTHS, FM_NFIO_DAYS, FM_NFIO_HOURS,
		    FM_NFIO_MINUTES, FM_NFIO__SPANS };

/* A tracked field: all, proto:6, srcip:A, dstip:A, srcport:P, dstport:P, srcas:N, dstas:N. */
enum fm_nfio_field_kind { FM_NFIO_ALL, FM_NFIO_PROTO, FM_NFIO_SRCIP, FM_NFIO_DSTIP,
			  FM_NFIO_SRCPORT, FM_NFIO_DSTPORT, FM_NFIO_SRCAS, FM_NFIO_DSTAS };

struct fm_nfio_field {
	enum fm_nfio_field_kind kind;
	struct fm_addr addr;		/* srcip, dstip */
	uint32_t value;			/* proto, ports, AS */
	char key[FM_NFIO_KEY_MAX];	/* as written: the answer's key */
};

struct fm_nfio_bucket {
	enum fm_nfio_span span;
	char key[FM_NFIO_KEY_MAX];	/* "2014-02-02 05:00", as written */
	uint64_t from_ms, to_ms;	/* UTC, [from, to) */
	struct fm_nfio_field f[FM_NFIO_MAX_FIELDS];
	int nf;				/* without fields: one, all */
};

struct fm_nfio_stats_prefix {
	char key[FM_NFIO_KEY_MAX];	/* "2001:db8::/32", as written */
	struct fm_nfio_prefix p;
	struct fm_nfio_bucket *b;
	size_t nb;
};

struct fm_nfio_stats {
	struct fm_nfio_stats_prefix *p;
	size_t np;
};

const char *fm_nfio_span_name(enum fm_nfio_span s);	/* "years", ... */

/* {"prefixes": [...]} (an empty body: none). *out is malloc'd (free it), also when n is 0. */
int fm_nfio_parse_prefixes(const char *buf, size_t len, struct fm_nfio_prefix **out,
			   size_t *n, char *err, size_t errlen);
/* {"PREFIX/LEN": {"years": [...], "minutes": ["2014-02-02 05:00" or {"...": [fields]}]}}. */
int fm_nfio_parse_stats(const char *buf, size_t len, struct fm_nfio_stats *s,
			char *err, size_t errlen);
void fm_nfio_stats_free(struct fm_nfio_stats *s);
/* The registry file: {"senders": [{"ip": "...", "prefixes": [...]}]}; *out malloc'd. */
int fm_nfio_parse_registry(const char *buf, size_t len, struct fm_nfio_sender **out,
			   size_t *n, char *err, size_t errlen);
void fm_nfio_senders_free(struct fm_nfio_sender *s, size_t n);

/* "172.16.1.0/24" into @buf (INET6_ADDRSTRLEN + 4 bytes). */
const char *fm_nfio_prefix_str(const struct fm_nfio_prefix *p, char *buf, size_t len);
/* "ADDR/LEN" or the parts apart; the address must be the prefix's first. 0 or -1. */
int fm_nfio_prefix_parse(const char *addr, long long len, struct fm_nfio_prefix *p,
			 char *err, size_t errlen);

#endif
