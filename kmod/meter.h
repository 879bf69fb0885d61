/* SPDX-License-Identifier: GPL-2.0 */
/* The packet path shared by the NETFLOW target and our netfilter hooks. */
#ifndef FM_METER_H
#define FM_METER_H

#include <linux/types.h>

struct fm_table;
struct net_device;
struct sk_buff;

/* Meter @skb of @family seen between @in and @out into @t. Under RCU. */
void fm_meter(struct fm_table *t, const struct sk_buff *skb, u8 family,
	      const struct net_device *in, const struct net_device *out);

#endif
