/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's settings: module parameters at load, changed later through
 * the sysctls (sysctl.c). Readers on the packet path and in the exporter use
 * READ_ONCE(); writers are config.c at load and the sysctl handlers.
 */
#ifndef FM_CONFIG_H
#define FM_CONFIG_H

#include <linux/limits.h>
#include <linux/types.h>
#include <flowmeter/wire.h>
#include "destination.h"

extern int fm_protocol;			/* NF5_VERSION, NF9_VERSION or IPFIX_VERSION */
extern int fm_active_timeout;		/* seconds */
extern int fm_inactive_timeout;		/* seconds */
extern unsigned int fm_hashsize;	/* buckets, power of two */
extern unsigned int fm_maxflows;	/* 0 = unlimited */
extern int fm_sndbuf;			/* 0 = socket default */
extern unsigned int fm_refresh_rate;	/* PDUs between templates */
extern unsigned int fm_timeout_rate;	/* minutes between templates */
extern unsigned int fm_engine_id;
extern int fm_natevents;

/*
 * Timeouts are kept in jiffies and reported in milliseconds: at most what
 * an int of milliseconds holds (24 days), which any HZ on any word size
 * turns into jiffies without overflow.
 */
#define FM_TIMEOUT_MAX		(INT_MAX / 1000)
#define FM_TIMEOUT_RATE_MAX	(FM_TIMEOUT_MAX / 60)	/* minutes */

static inline bool fm_proto_valid(int protocol)
{
	return protocol == NF5_VERSION || protocol == NF9_VERSION ||
	       protocol == IPFIX_VERSION;
}

/* Check the parameters; a bad one refuses the load with one log line. */
int fm_config_init(void);
/* What destination= gave: parsed for the exporter, as text for the sysctl. */
int fm_config_dests(const struct fm_dest **dests);
const char *fm_config_dest_str(void);

#endif
