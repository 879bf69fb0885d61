/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rollups, computed in memory as records are stored, the same for every
 * backend: per tier (5 minutes, 1 hour, 1 day), exporter and dimension
 * (one attribute at a time, or "all"), the bytes, packets and flows of each
 * value. A record counts in the bucket of fm_srec_time (its end). The
 * pending deltas are handed to the backend as rows to add (upserts), then
 * cleared. Not thread-safe: the writer's alone.
 */
#ifndef FM_ROLLUP_H
#define FM_ROLLUP_H

#include <stddef.h>
#include <stdint.h>
#include "srec.h"

enum fm_tier { FM_TIER_RAW, FM_TIER_5M, FM_TIER_1H, FM_TIER_1D, FM_TIER__COUNT };

const char *fm_tier_name(int tier);	/* "raw", "5m", "1h", "1d" */
int fm_tier_lookup(const char *name);	/* -1 if none */
uint64_t fm_tier_ms(int tier);		/* bucket width; 0 for raw */

/* A dimension is an attribute (attrs.h) or this, "all": one value, "". */
#define FM_DIM_ALL ATTR__COUNT
#define FM_DIM_MAX 40

/* An attribute name, "protocol" (proto) or "all"; -1 if none. */
int fm_dim_lookup(const char *name);
const char *fm_dim_name(int dim);
/* protocol, source/destination ip, port, as, country, asn_org, and all. */
extern const int fm_dim_defaults[];
extern const int fm_dim_ndefaults;

struct fm_counts {
	uint64_t bytes, packets, flows;
};

/* One delta to add: strings valid until the rollup is next changed. */
struct fm_rollup_row {
	int tier;			/* FM_TIER_5M.. */
	uint64_t bucket_ms;		/* start of the bucket, UTC-aligned */
	const char *exporter;		/* address as text */
	const char *dim;		/* fm_dim_name */
	const char *value;		/* fm_attr_text of the record, "" if absent */
	struct fm_counts c;
};

struct fm_rollup;

struct fm_rollup *fm_rollup_new(const int *dims, int ndims);
void fm_rollup_free(struct fm_rollup *r);
/* Count one record (flows only; NAT events are not traffic). -1: out of memory. */
int fm_rollup_add(struct fm_rollup *r, const struct fm_srec *s);
/* Keys pending in the finest tier (what memory holds). */
size_t fm_rollup_pending(const struct fm_rollup *r);
/* Every pending delta, all tiers; valid until the next add or clear. -1: out of memory. */
int fm_rollup_rows(struct fm_rollup *r, const struct fm_rollup_row **rows, size_t *n);
void fm_rollup_clear(struct fm_rollup *r);

#endif
