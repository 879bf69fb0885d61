// SPDX-License-Identifier: GPL-2.0
/*
 * The tier plan (plan.h): coarsest first, each tier takes the whole
 * buckets of what is left, finer tiers and raw rows the edges.
 */
#include <string.h>
#include "plan.h"

/* From when raw rows (or a tier's rows, dimensions aside) are all there. */
static uint64_t kept_from(const struct fm_store_info *i, int tier)
{
	const struct fm_tier_info *t = &i->tier[tier];
	uint64_t from = t->kept_from_ms;

	if (t->retention_ms && t->retention_ms < i->now_ms &&
	    i->now_ms - t->retention_ms > from)
		from = i->now_ms - t->retention_ms;
	return from;
}

bool fm_tier_retained(const struct fm_store_info *i, int tier, uint64_t from_ms)
{
	return from_ms >= kept_from(i, tier);
}

/*
 * From when rollup @tier answers for @dim: retained, rolled up (the
 * bucket a dimension was added in is not whole), and, for a series, its
 * buckets tile the steps. UINT64_MAX: never.
 */
static uint64_t usable_from(const struct fm_store_info *i, int tier, int dim,
			    uint64_t start, uint64_t step)
{
	uint64_t w = fm_tier_ms(tier), from = kept_from(i, tier), since;
	int d;

	if (dim < 0 || (step && (step % w || start % w)))
		return UINT64_MAX;
	for (d = 0; d < i->ndims; d++)
		if (i->dims[d] == dim) {
			since = (i->dim_since_ms[d] + w - 1) / w * w;
			return since > from ? since : from;
		}
	return UINT64_MAX;
}

struct planner {
	const struct fm_store_info *i;
	int dim;
	uint64_t start, step;
	struct fm_plan *p;
};

static void add(struct planner *pl, int tier, uint64_t from, uint64_t to)
{
	struct fm_plan *p = pl->p;

	if (from >= to)
		return;
	if (p->n && p->seg[p->n - 1].tier == tier && p->seg[p->n - 1].to_ms == from) {
		p->seg[p->n - 1].to_ms = to;
		return;
	}
	if (p->n < FM_PLAN_MAX)
		p->seg[p->n++] = (struct fm_segment){ tier, from, to };
	else
		p->approximate = true;	/* cannot happen with four tiers: said, not hidden */
}

/* [from, to) where raw rows are gone: the finest usable tier's buckets around it. */
static void round_out(struct planner *pl, uint64_t from, uint64_t to)
{
	int t;

	if (from >= to)
		return;
	pl->p->approximate = true;
	for (t = FM_TIER_5M; t < FM_TIER__COUNT; t++) {
		uint64_t w = fm_tier_ms(t), a = from / w * w;

		if (usable_from(pl->i, t, pl->dim, pl->start, pl->step) <= a) {
			add(pl, t, a, (to + w - 1) / w * w);
			return;
		}
	}
}

static void cover(struct planner *pl, uint64_t from, uint64_t to, int tier)
{
	uint64_t w, a, b, u;

	if (from >= to)
		return;
	if (tier == FM_TIER_RAW) {
		u = kept_from(pl->i, FM_TIER_RAW);
		if (u > from) {
			round_out(pl, from, u < to ? u : to);
			from = u;
		}
		if (from < to)
			add(pl, FM_TIER_RAW, from, to);
		return;
	}
	w = fm_tier_ms(tier);
	u = usable_from(pl->i, tier, pl->dim, pl->start, pl->step);
	a = u > from ? u : from;
	a = a > UINT64_MAX - w ? UINT64_MAX : (a + w - 1) / w * w;
	b = to / w * w;
	if (a >= b) {
		cover(pl, from, to, tier - 1);
		return;
	}
	cover(pl, from, a, tier - 1);
	add(pl, tier, a, b);
	cover(pl, b, to, tier - 1);
}

/*
 * Rounding outward can reach into a neighbour (tiers retained in an odd
 * order): the rounded segment gives way, so nothing is read twice.
 */
static void clip(struct fm_plan *p)
{
	int i, j;

	for (i = 1; i < p->n; i++)
		if (p->seg[i].from_ms < p->seg[i - 1].to_ms)
			p->seg[i].from_ms = p->seg[i - 1].to_ms;
	for (i = j = 0; i < p->n; i++)
		if (p->seg[i].from_ms < p->seg[i].to_ms)
			p->seg[j++] = p->seg[i];
	p->n = j;
}

int fm_plan_make(const struct fm_store_info *i, int dim, uint64_t from_ms,
		 uint64_t to_ms, uint64_t step_ms, struct fm_plan *p)
{
	struct planner pl = { i, dim, from_ms, step_ms, p };

	memset(p, 0, sizeof(*p));
	cover(&pl, from_ms, to_ms, FM_TIER_1D);
	clip(p);
	return p->n ? 0 : -1;
}
