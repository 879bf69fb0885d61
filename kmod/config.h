/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Settings. Each network namespace has its own (netns.h), changed through
 * its sysctls and the control plane by the setters of settings.c; the module
 * parameters (config.c) are the initial namespace's, and the defaults of
 * every other namespace but for its destinations, which start empty: a
 * container exports nothing until it is configured there.
 */
#ifndef FM_CONFIG_H
#define FM_CONFIG_H

#include <uapi/linux/flowmeter.h>
#include <linux/limits.h>
#include <linux/types.h>
#include <flowmeter/wire.h>
#include "destination.h"

struct fm_settings {
	int protocol;			/* NF5_VERSION, NF9_VERSION or IPFIX_VERSION */
	int active_timeout;		/* seconds */
	int inactive_timeout;		/* seconds */
	unsigned int maxflows;		/* 0 = unlimited */
	int sndbuf;			/* 0 = socket default */
	unsigned int refresh_rate;	/* PDUs between templates */
	unsigned int timeout_rate;	/* minutes between templates */
	unsigned int engine_id;
	int natevents;
	int nat_queue;			/* bytes of queue between conntrack and us */
	unsigned int hooks;		/* FLOWMETER_HOOK_* bits: metering without rules */
	int hook_priority;
	u32 hook_mark, hook_mask;	/* meter packets with mark & mask == mark */
	/* The reference's, kept and not acted on (ref_settings.c). */
	int debug;
	int promisc;
	int scan_min;			/* jiffies, 1 to HZ / 10 */
};

/* fm_settings.hooks: FLOWMETER_HOOK_* bits, the control plane's own. */
#define FM_HOOK_ALL	((FLOWMETER_HOOK_POSTROUTING << 1) - 1)

/*
 * Timeouts are kept in jiffies and reported in milliseconds: at most what
 * an int of milliseconds holds (24 days), which any HZ on any word size
 * turns into jiffies without overflow.
 */
#define FM_TIMEOUT_MAX		(INT_MAX / 1000)
#define FM_TIMEOUT_RATE_MAX	(FM_TIMEOUT_MAX / 60)	/* minutes */

/* Buckets of a flow table: 512 MB of them on 64 bits. */
#define FM_HASHSIZE_MAX		(1U << 26)
#define FM_NAT_QUEUE_MIN	4096

static inline bool fm_proto_valid(int protocol)
{
	return protocol == NF5_VERSION || protocol == NF9_VERSION ||
	       protocol == IPFIX_VERSION;
}

/* What the module parameters said, checked; valid after fm_config_init(). */
extern struct fm_settings fm_params;
extern unsigned int fm_param_hashsize;	/* buckets, power of two */
extern unsigned int fm_param_maxflows_all;	/* all namespaces; 0 = no cap */
/* The reference's strings (ref_settings.c checks and keeps them). */
extern char *fm_param_sampler, *fm_param_aggregation, *fm_param_snmp_rules;

/* Check the parameters; a bad one refuses the load with one log line. */
int fm_config_init(void);
/* What destination= gave: parsed for the exporter, as text for the sysctl. */
int fm_config_dests(const struct fm_dest **dests);
const char *fm_config_dest_str(void);

/* "forward,output" and friends; 0 and *@err on a word we do not know. */
int fm_hooks_parse(const char *s, unsigned int *hooks, const char **err);
/* The same, written back: "forward,output" or "" for none. */
int fm_hooks_print(char *buf, size_t len, unsigned int hooks);

#endif
