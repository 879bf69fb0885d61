/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which tier answers which part of a query's range. A range [from, to) is
 * cut where the coarsest tiers' buckets fit inside it: the middle from the
 * coarsest tier whose whole buckets lie in it, the edges from finer tiers,
 * the rest from raw rows. A tier is used only where it is retained and
 * holds the dimension asked for. When raw rows are gone (or the attribute
 * is no dimension), an edge is rounded outward to the finest retained
 * tier's buckets and the answer says "approximate". Shared by every
 * backend: they only read the segments they are given.
 */
#ifndef FM_PLAN_H
#define FM_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "rollup.h"

/* What a store keeps, as its database says (written by the writer). */
struct fm_tier_info {
	uint64_t retention_ms;		/* 0: forever */
	uint64_t kept_from_ms;		/* older data was dropped (retention, size cap); 0: none */
};

struct fm_store_info {
	uint64_t now_ms;
	struct fm_tier_info tier[FM_TIER__COUNT];
	struct fm_tier_info nat;
	int ndims;
	int dims[FM_DIM_MAX];
	uint64_t dim_since_ms[FM_DIM_MAX];	/* rolled up since */
};

/* Whether @tier holds all of its data from @from_ms on. */
bool fm_tier_retained(const struct fm_store_info *i, int tier, uint64_t from_ms);

#define FM_PLAN_MAX 8

struct fm_segment {
	int tier;			/* FM_TIER_RAW.. */
	uint64_t from_ms, to_ms;	/* [from, to): bucket starts (rollups), times (raw) */
};

struct fm_plan {
	int n;
	struct fm_segment seg[FM_PLAN_MAX];	/* in time order, adjacent */
	bool approximate;		/* rounded outward, or part of the range not retained */
};

/*
 * Plan [from, to) for dimension @dim (an attribute or FM_DIM_ALL; one that
 * is not rolled up reads raw only). @step (series) > 0 allows only tiers
 * whose buckets tile it from @from. 0, or -1 if nothing retained covers
 * any of the range (p->n == 0).
 */
int fm_plan_make(const struct fm_store_info *i, int dim, uint64_t from_ms,
		 uint64_t to_ms, uint64_t step_ms, struct fm_plan *p);

#endif
