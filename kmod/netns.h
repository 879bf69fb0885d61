/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One meter per network namespace: its settings, flow table, exporter and
 * sockets (in that namespace), NAT events of its conntrack, statistics,
 * sysctls and /proc files. The pernet operations of netns.c make and end
 * them; everything else finds its namespace's meter with fm_net().
 */
#ifndef FM_NETNS_H
#define FM_NETNS_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "config.h"
#include "ref_settings.h"
#include "stats.h"

struct fm_table;
struct fm_exporter;
struct fm_nat;
struct ctl_table_header;
struct nf_hook_ops;

struct fm_net {
	struct net *net;
	struct fm_settings s;		/* READ_ONCE() to read, settings.c writes */
	struct mutex lock;		/* settings changes, table creation */
	unsigned int hashsize;		/* of the table, when there is one */
	struct fm_table *table;		/* made on first use (a rule, hooks) */
	struct fm_exporter *exp;
	struct fm_nat *nat;
	struct fm_cpu_stats __percpu *stats;
	struct fm_rate_state rates;
	atomic_t ipv6_rules;		/* protocol 5 is refused while any */
	struct nf_hook_ops *hook_ops;	/* registered, or NULL (hooks.c) */
	unsigned int nhook_ops;
	struct ctl_table_header *sysctl;
	char dest_str[1024];		/* net.netflow.destination as written */
	struct fm_ref_strings ref;	/* sampler, snmp-rules, aggregation */
};

extern unsigned int fm_net_id;

static inline struct fm_net *fm_net(const struct net *net)
{
	return net_generic(net, fm_net_id);
}

int fm_netns_init(void);
void fm_netns_exit(void);

#endif
