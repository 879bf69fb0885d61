// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time settings of a namespace's meter. Each setter checks as the
 * module parameter is checked and carries the change out where it lives:
 * protocol and destinations first send what is pending the old way, so no
 * counted traffic is lost; maxflows resizes the table's credit pool;
 * natevents opens or closes the conntrack listener; hooks re-register.
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "hooks.h"
#include "nat_events.h"
#include "netns.h"
#include "ref_settings.h"
#include "settings.h"
#include "socket.h"

const struct fm_setting fm_setting_info[FM_S__COUNT] = {
	[FM_S_PROTOCOL]		= { "protocol", NF5_VERSION, IPFIX_VERSION },
	[FM_S_ACTIVE_TIMEOUT]	= { "active_timeout", 1, FM_TIMEOUT_MAX },
	[FM_S_INACTIVE_TIMEOUT]	= { "inactive_timeout", 1, FM_TIMEOUT_MAX },
	[FM_S_MAXFLOWS]		= { "maxflows", 0, U32_MAX },
	[FM_S_SNDBUF]		= { "sndbuf", 0, FM_SNDBUF_MAX },
	[FM_S_REFRESH_RATE]	= { "refresh-rate", 1, U32_MAX },
	[FM_S_TIMEOUT_RATE]	= { "timeout-rate", 0, FM_TIMEOUT_RATE_MAX },
	[FM_S_ENGINE_ID]	= { "engine_id", 0, U32_MAX },
	[FM_S_NATEVENTS]	= { "natevents", 0, 1 },
	[FM_S_NAT_QUEUE]	= { "natevents_queue", FM_NAT_QUEUE_MIN, INT_MAX },
	[FM_S_HOOK_PRIORITY]	= { "hook_priority", INT_MIN, INT_MAX },
	[FM_S_HASHSIZE]		= { "hashsize", 1, FM_HASHSIZE_MAX },
	[FM_S_DEBUG]		= { "debug", INT_MIN, INT_MAX },
	[FM_S_SCAN_MIN]		= { "scan-min", 1, HZ / 10 },
	[FM_S_PROMISC]		= { "promisc", INT_MIN, INT_MAX },
};

s64 fm_setting_get(const struct fm_net *fn, enum fm_setting_id id)
{
	const struct fm_settings *s = &fn->s;

	switch (id) {
	case FM_S_PROTOCOL:		return READ_ONCE(s->protocol);
	case FM_S_ACTIVE_TIMEOUT:	return READ_ONCE(s->active_timeout);
	case FM_S_INACTIVE_TIMEOUT:	return READ_ONCE(s->inactive_timeout);
	case FM_S_MAXFLOWS:		return READ_ONCE(s->maxflows);
	case FM_S_SNDBUF:		return READ_ONCE(s->sndbuf);
	case FM_S_REFRESH_RATE:		return READ_ONCE(s->refresh_rate);
	case FM_S_TIMEOUT_RATE:		return READ_ONCE(s->timeout_rate);
	case FM_S_ENGINE_ID:		return READ_ONCE(s->engine_id);
	case FM_S_NATEVENTS:		return READ_ONCE(s->natevents);
	case FM_S_NAT_QUEUE:		return READ_ONCE(s->nat_queue);
	case FM_S_HOOK_PRIORITY:	return READ_ONCE(s->hook_priority);
	case FM_S_HASHSIZE:		return READ_ONCE(fn->hashsize);
	case FM_S_DEBUG:		return READ_ONCE(s->debug);
	case FM_S_SCAN_MIN:		return READ_ONCE(s->scan_min);
	case FM_S_PROMISC:		return READ_ONCE(s->promisc);
	default:			return 0;
	}
}

static int set_protocol(struct fm_net *fn, int v, const char **why)
{
	if (!fm_proto_valid(v)) {
		*why = "must be 5, 9 or 10";
		return -EINVAL;
	}
	if (v == NF5_VERSION && atomic_read(&fn->ipv6_rules) > 0) {
		*why = "ip6tables NETFLOW rules exist and v5 cannot carry IPv6";
		return -EBUSY;
	}
	if (v != READ_ONCE(fn->s.protocol))
		fm_export_set_protocol(fn->exp, v);
	return 0;
}

/*
 * A new table of @v buckets (rounded up to a power of two) takes over from
 * the old one, whose flows are exported at once, as a flush would: none is
 * lost and each packet is counted once, in one table or the other.
 */
static int set_hashsize(struct fm_net *fn, unsigned int v, const char **why)
{
	struct fm_table *t;
	int ret = 0;

	v = roundup_pow_of_two(v);
	mutex_lock(&fn->lock);
	if (v == fn->hashsize)
		goto out;
	if (fn->table) {
		t = fm_table_new(v, READ_ONCE(fn->s.maxflows), fn->stats);
		if (!t) {
			*why = "cannot allocate the new table";
			ret = -ENOMEM;
			goto out;
		}
		pr_info("flow table: %u -> %u buckets; its flows are exported now\n",
			fn->hashsize, v);
		fm_export_replace_table(fn->exp, t);
	}
	WRITE_ONCE(fn->hashsize, v);
out:
	mutex_unlock(&fn->lock);
	return ret;
}

int fm_setting_set(struct fm_net *fn, enum fm_setting_id id, s64 v, const char **why)
{
	const struct fm_setting *info = &fm_setting_info[id];
	struct fm_settings *s = &fn->s;
	int ret = 0;

	if (v < info->min || v > info->max) {
		*why = "out of range";	/* fm_setting_info says which */
		return -ERANGE;
	}
	switch (id) {
	case FM_S_PROTOCOL:
		return set_protocol(fn, v, why);
	case FM_S_ACTIVE_TIMEOUT:
		WRITE_ONCE(s->active_timeout, v);
		break;
	case FM_S_INACTIVE_TIMEOUT:
		WRITE_ONCE(s->inactive_timeout, v);
		break;
	case FM_S_MAXFLOWS:
		mutex_lock(&fn->lock);
		WRITE_ONCE(s->maxflows, v);
		if (fn->table)
			fm_table_set_maxflows(fn->table, v);
		mutex_unlock(&fn->lock);
		break;
	case FM_S_SNDBUF:
		WRITE_ONCE(s->sndbuf, v);
		if (v)
			fm_export_set_sndbuf(fn->exp, v);
		break;
	case FM_S_REFRESH_RATE:
		WRITE_ONCE(s->refresh_rate, v);
		break;
	case FM_S_TIMEOUT_RATE:
		WRITE_ONCE(s->timeout_rate, v);
		break;
	case FM_S_ENGINE_ID:
		WRITE_ONCE(s->engine_id, v);
		break;
	case FM_S_NATEVENTS:
		ret = fm_nat_set(fn, v);
		if (ret)
			*why = "cannot listen to conntrack's events";
		break;
	case FM_S_NAT_QUEUE:
		fm_nat_set_queue(fn, v);
		break;
	case FM_S_HOOK_PRIORITY:
		ret = fm_hooks_set(fn, READ_ONCE(s->hooks), v);
		if (ret)
			*why = "cannot register the netfilter hooks";
		break;
	case FM_S_HASHSIZE:
		return set_hashsize(fn, v, why);
	case FM_S_DEBUG:
		WRITE_ONCE(s->debug, v);
		break;
	case FM_S_SCAN_MIN:
		WRITE_ONCE(s->scan_min, v);
		break;
	case FM_S_PROMISC:
		fm_ref_set_promisc(fn, v);
		break;
	default:
		ret = -EINVAL;
	}
	return ret;
}

int fm_set_destinations(struct fm_net *fn, const char *str, const char **why)
{
	struct fm_dest *d;
	int n, ret;

	d = kcalloc(FM_MAX_DESTINATIONS, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	n = 0;
	/* Nothing but separators: no collector, nothing exported. */
	if (str[strspn(str, " ,\t\n")])
		n = fm_dest_parse(str, d, FM_MAX_DESTINATIONS, why);
	if (n < 0) {
		ret = -EINVAL;
		goto out;
	}
	ret = fm_export_set_destinations(fn->exp, d, n);
	if (!ret) {
		mutex_lock(&fn->lock);
		strscpy(fn->dest_str, str, sizeof(fn->dest_str));
		strim(fn->dest_str);
		mutex_unlock(&fn->lock);
	} else {
		*why = "cannot open the export sockets";
	}
out:
	kfree(d);
	return ret;
}

int fm_set_hook_bits(struct fm_net *fn, unsigned int hooks, const char **why)
{
	int ret = fm_hooks_set(fn, hooks, READ_ONCE(fn->s.hook_priority));

	if (ret)
		*why = "cannot register the netfilter hooks";
	return ret;
}

int fm_set_hooks(struct fm_net *fn, const char *str, const char **why)
{
	unsigned int hooks;
	int ret;

	ret = fm_hooks_parse(str, &hooks, why);
	return ret ?: fm_set_hook_bits(fn, hooks, why);
}

void fm_set_hook_mark(struct fm_net *fn, u32 mark, u32 mask)
{
	/* A packet may see the old mark with the new mask: harmless. */
	WRITE_ONCE(fn->s.hook_mark, mark & mask);
	WRITE_ONCE(fn->s.hook_mask, mask);
}

void fm_flush(struct fm_net *fn)
{
	fm_export_flush(fn->exp);
}
