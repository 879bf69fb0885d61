// SPDX-License-Identifier: GPL-2.0
/*
 * The next partition retention or the size cap drops (retention.h).
 */
#include "retention.h"

int fm_retention_victim(const struct fm_store_conf *c, const struct fm_part *p, int n,
			uint64_t now_ms, bool over_cap)
{
	int i, best = -1;

	for (i = 0; i < n; i++) {
		int k = p[i].kind;
		uint64_t keep;
		/* Raw and NAT events are one rank for the cap: the oldest of either goes. */
		int rank = k == FM_PART_NAT ? FM_TIER_RAW : k;

		if (k < 0 || k >= FM_PART_KINDS)
			continue;
		keep = k == FM_PART_NAT ? c->nat_retention_ms : c->retention_ms[k];
		if (keep && p[i].to_ms + keep <= now_ms)
			return i;
		if (!over_cap || p[i].to_ms > now_ms)
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		{
			int bk = p[best].kind == FM_PART_NAT ? FM_TIER_RAW : p[best].kind;

			if (rank < bk || (rank == bk && p[i].from_ms < p[best].from_ms))
				best = i;
		}
	}
	return best;
}
