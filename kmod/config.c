// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters. Names, defaults and meanings are those of the
 * ipt-netflow module this one replaces, so existing /etc/modprobe.d files
 * load unchanged. Values are checked once at load; a bad one refuses the
 * load with a single line naming the parameter.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/log2.h>
#include "config.h"
#include "flow.h"
#include "socket.h"

static char *destination = "127.0.0.1:2055";
module_param(destination, charp, 0444);
MODULE_PARM_DESC(destination,
		 "collectors: addr:port[@bindaddr][,...], [v6addr]:port for IPv6");

int fm_protocol = 5;
module_param_named(protocol, fm_protocol, int, 0444);
MODULE_PARM_DESC(protocol, "export protocol: 5, 9 or 10 (IPFIX)");

int fm_active_timeout = 30 * 60;
module_param_named(active_timeout, fm_active_timeout, int, 0444);
MODULE_PARM_DESC(active_timeout, "export a running flow after this many seconds");

int fm_inactive_timeout = 15;
module_param_named(inactive_timeout, fm_inactive_timeout, int, 0444);
MODULE_PARM_DESC(inactive_timeout, "export a flow idle for this many seconds");

unsigned int fm_hashsize;
module_param_named(hashsize, fm_hashsize, uint, 0444);
MODULE_PARM_DESC(hashsize, "flow hash buckets (0 = from RAM size)");

/* The reference's default, and the most the RAM-scaled default gives. */
#define MAXFLOWS_DEFAULT	2000000
unsigned int fm_maxflows;
static bool maxflows_given;

static int maxflows_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	if (!ret)
		maxflows_given = true;
	return ret;
}

static const struct kernel_param_ops maxflows_ops = {
	.set	= maxflows_set,
	.get	= param_get_uint,
};
module_param_cb(maxflows, &maxflows_ops, &fm_maxflows, 0444);
MODULE_PARM_DESC(maxflows, "most flows kept at once (0 = no limit; default: from RAM, at most 2000000)");

int fm_sndbuf;
module_param_named(sndbuf, fm_sndbuf, int, 0444);
MODULE_PARM_DESC(sndbuf, "export socket send buffer in bytes (0 = default)");

unsigned int fm_refresh_rate = 20;
module_param_named(refresh_rate, fm_refresh_rate, uint, 0444);
MODULE_PARM_DESC(refresh_rate, "v9/IPFIX: resend templates every this many PDUs");

unsigned int fm_timeout_rate = 30;
module_param_named(timeout_rate, fm_timeout_rate, uint, 0444);
MODULE_PARM_DESC(timeout_rate, "v9/IPFIX: resend templates every this many minutes");

unsigned int fm_engine_id;
module_param_named(engine_id, fm_engine_id, uint, 0444);
MODULE_PARM_DESC(engine_id, "v5 engine id, v9 source id, IPFIX observation domain");

int fm_natevents;
module_param_named(natevents, fm_natevents, int, 0444);
MODULE_PARM_DESC(natevents, "export NAT translations from conntrack (0/1)");

/*
 * Parameters of the reference module that flowmeter does not implement.
 * They are accepted so a user's options line still loads, and a non-default
 * value is reported once so nobody believes it took effect.
 */
static char *sampler;
module_param(sampler, charp, 0444);
MODULE_PARM_DESC(sampler, "not supported, ignored");
static char *aggregation;
module_param(aggregation, charp, 0444);
MODULE_PARM_DESC(aggregation, "not supported, ignored");
static char *snmp_rules;
module_param(snmp_rules, charp, 0444);
MODULE_PARM_DESC(snmp_rules, "not supported, ignored");
static int promisc;
module_param(promisc, int, 0444);
MODULE_PARM_DESC(promisc, "not supported, ignored");
static int debug;
module_param(debug, int, 0444);
MODULE_PARM_DESC(debug, "accepted for compatibility, ignored");
static int exportcpu = -1;
module_param(exportcpu, int, 0444);
MODULE_PARM_DESC(exportcpu, "accepted for compatibility, ignored");
static unsigned int scan_min = 1;
module_param(scan_min, uint, 0444);
MODULE_PARM_DESC(scan_min, "accepted for compatibility, ignored");

/* Read once, by the exporter's init; later changes live in its sockets. */
static struct fm_dest dests[FM_MAX_DESTINATIONS];
static int ndests;

int fm_config_dests(const struct fm_dest **d)
{
	*d = dests;
	return ndests;
}

const char *fm_config_dest_str(void)
{
	return destination ? destination : "";
}

#define bad_param(name, fmt, ...) \
	pr_err("invalid parameter " name ": " fmt "\n", ##__VA_ARGS__)

/*
 * Flows may take 1/16 of RAM by default: a spoofed-source flood cannot take
 * a small router's memory before the limit applies (256 MB of RAM: 131072
 * flows). Machines with 4 GB or more get the reference's 2000000.
 */
static unsigned int auto_maxflows(void)
{
	u64 bytes = (u64)totalram_pages() << PAGE_SHIFT;
	u64 n = div_u64(bytes / 16, sizeof(struct fm_flow));

	return clamp_t(u64, n, 1024, MAXFLOWS_DEFAULT);
}

/* Buckets for about one flow per bucket at 1/1024 of RAM, as a power of 2. */
static unsigned int auto_hashsize(void)
{
	unsigned long pages = totalram_pages();
	unsigned long n = (pages << PAGE_SHIFT) / 1024 / sizeof(void *);

	n = clamp(n, 1024UL, 1UL << 20);
	return rounddown_pow_of_two(n);
}

int fm_config_init(void)
{
	const char *err = NULL;
	int n;

	if (!fm_proto_valid(fm_protocol)) {
		bad_param("protocol", "%d; must be 5, 9 or 10 (IPFIX)",
			  fm_protocol);
		return -EINVAL;
	}
	if (fm_active_timeout <= 0 || fm_active_timeout > FM_TIMEOUT_MAX) {
		bad_param("active_timeout", "%d; must be 1 to %d seconds",
			  fm_active_timeout, FM_TIMEOUT_MAX);
		return -EINVAL;
	}
	if (fm_inactive_timeout <= 0 || fm_inactive_timeout > FM_TIMEOUT_MAX) {
		bad_param("inactive_timeout", "%d; must be 1 to %d seconds",
			  fm_inactive_timeout, FM_TIMEOUT_MAX);
		return -EINVAL;
	}
	if (fm_sndbuf < 0 || fm_sndbuf > FM_SNDBUF_MAX) {
		bad_param("sndbuf", "%d; must be 0 (default) or a size in bytes up to %d",
			  fm_sndbuf, FM_SNDBUF_MAX);
		return -EINVAL;
	}
	if (fm_refresh_rate == 0) {
		bad_param("refresh_rate", "0; must be at least 1 PDU");
		return -EINVAL;
	}
	if (fm_timeout_rate > FM_TIMEOUT_RATE_MAX) {
		bad_param("timeout_rate", "%u; must be 0 (off) to %u minutes",
			  fm_timeout_rate, FM_TIMEOUT_RATE_MAX);
		return -EINVAL;
	}
	if (fm_natevents != 0 && fm_natevents != 1) {
		bad_param("natevents", "%d; must be 0 or 1", fm_natevents);
		return -EINVAL;
	}
	if (fm_hashsize > (1U << 26)) {
		bad_param("hashsize", "%u; at most %u", fm_hashsize, 1U << 26);
		return -EINVAL;
	}
	n = fm_dest_parse(destination ? destination : "", dests,
			  FM_MAX_DESTINATIONS, &err);
	if (n < 0) {
		bad_param("destination", "'%s': %s",
			  destination ? destination : "", err);
		return -EINVAL;
	}
	ndests = n;
	fm_hashsize = fm_hashsize ? roundup_pow_of_two(fm_hashsize) :
				    auto_hashsize();
	if (!maxflows_given)
		fm_maxflows = auto_maxflows();

	if (sampler && *sampler)
		pr_notice("sampler=%s is not supported; every packet is metered\n",
			  sampler);
	if (aggregation && *aggregation)
		pr_notice("aggregation=%s is not supported; ignored\n",
			  aggregation);
	if (snmp_rules && *snmp_rules)
		pr_notice("snmp_rules=%s is not supported; interfaces are exported as ifindex\n",
			  snmp_rules);
	if (promisc)
		pr_notice("promisc=%d is not supported; ignored\n",
			  promisc);
	return 0;
}
