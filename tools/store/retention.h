/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which partition goes next (docs/store.md, "Retention and partitions"):
 * the first past its tier's retention, else, over the size cap, the
 * oldest of the finest tier (raw rows and NAT events first) that does not
 * cover now. For the backends that list their partitions from the
 * server's catalog (PostgreSQL, ClickHouse).
 */
#ifndef FM_STORE_RETENTION_H
#define FM_STORE_RETENTION_H

#include <stdbool.h>
#include <stdint.h>
#include "store.h"

/* Partition kinds: the tiers, then NAT events. */
#define FM_PART_NAT FM_TIER__COUNT
#define FM_PART_KINDS (FM_TIER__COUNT + 1)

struct fm_part {
	char name[64];			/* the backend's: a table, a partition id */
	int kind;			/* FM_TIER_RAW.., FM_PART_NAT */
	uint64_t from_ms, to_ms;
};

/* The index into @p of the one to drop, or -1. */
int fm_retention_victim(const struct fm_store_conf *c, const struct fm_part *p, int n,
			uint64_t now_ms, bool over_cap);

#endif
