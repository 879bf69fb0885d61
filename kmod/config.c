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
#include <linux/netfilter_ipv4.h>
#include <linux/string.h>
#include "config.h"
#include "flow.h"
#include "socket.h"

/* The reference's default, and the most the RAM-scaled default gives. */
#define MAXFLOWS_DEFAULT	2000000

struct fm_settings fm_params = {
	.protocol		= NF5_VERSION,
	.active_timeout		= 30 * 60,
	.inactive_timeout	= 15,
	.refresh_rate		= 20,
	.timeout_rate		= 30,
	.nat_queue		= 4 << 20,
	.hook_priority		= NF_IP_PRI_FILTER + 1,
	.scan_min		= 1,
};
unsigned int fm_param_hashsize;
unsigned int fm_param_maxflows_all;

static char *destination = "127.0.0.1:2055";
module_param(destination, charp, 0444);
MODULE_PARM_DESC(destination,
		 "collectors: addr:port[@bindaddr][,...], [v6addr]:port for IPv6");

module_param_named(protocol, fm_params.protocol, int, 0444);
MODULE_PARM_DESC(protocol, "export protocol: 5, 9 or 10 (IPFIX)");

module_param_named(active_timeout, fm_params.active_timeout, int, 0444);
MODULE_PARM_DESC(active_timeout, "export a running flow after this many seconds");

module_param_named(inactive_timeout, fm_params.inactive_timeout, int, 0444);
MODULE_PARM_DESC(inactive_timeout, "export a flow idle for this many seconds");

module_param_named(hashsize, fm_param_hashsize, uint, 0444);
MODULE_PARM_DESC(hashsize, "flow hash buckets (0 = from RAM size)");

/* Set or not: an unset maxflows scales with RAM. */
static bool maxflows_given, maxflows_all_given;

static int maxflows_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	if (!ret)
		*(kp->arg == &fm_params.maxflows ? &maxflows_given :
					    &maxflows_all_given) = true;
	return ret;
}

static const struct kernel_param_ops maxflows_ops = {
	.set	= maxflows_set,
	.get	= param_get_uint,
};
module_param_cb(maxflows, &maxflows_ops, &fm_params.maxflows, 0444);
MODULE_PARM_DESC(maxflows, "most flows kept at once, per network namespace (0 = no limit; default: from RAM, at most 2000000)");
module_param_cb(maxflows_all, &maxflows_ops, &fm_param_maxflows_all, 0444);
MODULE_PARM_DESC(maxflows_all, "most flows of all network namespaces together (0 = no cap; default: as maxflows)");

module_param_named(sndbuf, fm_params.sndbuf, int, 0444);
MODULE_PARM_DESC(sndbuf, "export socket send buffer in bytes (0 = default)");

module_param_named(refresh_rate, fm_params.refresh_rate, uint, 0444);
MODULE_PARM_DESC(refresh_rate, "v9/IPFIX: resend templates every this many PDUs");

module_param_named(timeout_rate, fm_params.timeout_rate, uint, 0444);
MODULE_PARM_DESC(timeout_rate, "v9/IPFIX: resend templates every this many minutes");

module_param_named(engine_id, fm_params.engine_id, uint, 0444);
MODULE_PARM_DESC(engine_id, "v5 engine id, v9 source id, IPFIX observation domain");

module_param_named(natevents, fm_params.natevents, int, 0444);
MODULE_PARM_DESC(natevents, "export NAT translations from conntrack (0/1)");

module_param_named(natevents_queue, fm_params.nat_queue, int, 0444);
MODULE_PARM_DESC(natevents_queue, "bytes of queue between conntrack and the exporter");

static char *hooks;
module_param(hooks, charp, 0444);
MODULE_PARM_DESC(hooks, "meter without rules at these netfilter hooks: prerouting,input,forward,output,postrouting (IPv4 and IPv6)");

module_param_named(hook_priority, fm_params.hook_priority, int, 0444);
MODULE_PARM_DESC(hook_priority, "priority of those hooks (default: just after the filter table)");

static char *hook_mark;
module_param(hook_mark, charp, 0444);
MODULE_PARM_DESC(hook_mark, "meter at the hooks only packets whose mark matches MARK[/MASK]");

/*
 * Parameters of the reference module that flowmeter keeps without acting
 * on them (ref_settings.c, flowmeter.8): an options line written for it
 * still loads, and a value that would change what is metered is reported.
 */
char *fm_param_sampler;
module_param_named(sampler, fm_param_sampler, charp, 0444);
MODULE_PARM_DESC(sampler, "kept, not applied: every packet is metered (net.netflow.sampler)");
char *fm_param_aggregation;
module_param_named(aggregation, fm_param_aggregation, charp, 0444);
MODULE_PARM_DESC(aggregation, "kept, not applied (net.netflow.aggregation)");
char *fm_param_snmp_rules;
module_param_named(snmp_rules, fm_param_snmp_rules, charp, 0444);
MODULE_PARM_DESC(snmp_rules, "kept, not applied: interfaces are exported by ifindex");
module_param_named(promisc, fm_params.promisc, int, 0444);
MODULE_PARM_DESC(promisc, "kept, not applied: only what netfilter sees is metered");
module_param_named(debug, fm_params.debug, int, 0444);
MODULE_PARM_DESC(debug, "kept for compatibility (net.netflow.debug)");
static int exportcpu = -1;
module_param(exportcpu, int, 0444);
MODULE_PARM_DESC(exportcpu, "accepted for compatibility: the export workqueue is unbound");
module_param_named(scan_min, fm_params.scan_min, int, 0444);
MODULE_PARM_DESC(scan_min, "kept for compatibility: flows are scanned once a second");

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

static const char *const hook_names[] = {
	"prerouting", "input", "forward", "output", "postrouting",
};

int fm_hooks_parse(const char *s, unsigned int *out, const char **err)
{
	unsigned int h = 0, i, len;

	while (*s) {
		while (*s == ',' || *s == ' ' || *s == '\n')
			s++;
		if (!*s)
			break;
		len = strcspn(s, ",\n ");
		for (i = 0; i < ARRAY_SIZE(hook_names); i++)
			if (strlen(hook_names[i]) == len && !strncmp(s, hook_names[i], len))
				break;
		if (i == ARRAY_SIZE(hook_names)) {
			if (len == 4 && !strncmp(s, "none", 4)) {
				s += len;
				continue;
			}
			*err = "hooks are prerouting, input, forward, output, postrouting or none";
			return -EINVAL;
		}
		h |= 1U << i;
		s += len;
	}
	*out = h;
	return 0;
}

int fm_hooks_print(char *buf, size_t len, unsigned int h)
{
	unsigned int i;
	int n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(hook_names); i++)
		if (h & (1U << i))
			n += scnprintf(buf + n, len - n, "%s%s", n ? "," : "",
				       hook_names[i]);
	return n;
}

/* "MARK" or "MARK/MASK", numbers as kstrtou32 reads them (0x.. too). */
static int parse_mark(const char *s, u32 *mark, u32 *mask)
{
	char buf[32], *slash;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		return -EINVAL;
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (kstrtou32(buf, 0, mark))
		return -EINVAL;
	*mask = U32_MAX;
	if (slash && kstrtou32(slash, 0, mask))
		return -EINVAL;
	return 0;
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
	struct fm_settings *p = &fm_params;
	const char *err = NULL;
	int n;

	if (!fm_proto_valid(p->protocol)) {
		bad_param("protocol", "%d; must be 5, 9 or 10 (IPFIX)",
			  p->protocol);
		return -EINVAL;
	}
	if (p->active_timeout <= 0 || p->active_timeout > FM_TIMEOUT_MAX) {
		bad_param("active_timeout", "%d; must be 1 to %d seconds",
			  p->active_timeout, FM_TIMEOUT_MAX);
		return -EINVAL;
	}
	if (p->inactive_timeout <= 0 || p->inactive_timeout > FM_TIMEOUT_MAX) {
		bad_param("inactive_timeout", "%d; must be 1 to %d seconds",
			  p->inactive_timeout, FM_TIMEOUT_MAX);
		return -EINVAL;
	}
	if (p->sndbuf < 0 || p->sndbuf > FM_SNDBUF_MAX) {
		bad_param("sndbuf", "%d; must be 0 (default) or a size in bytes up to %d",
			  p->sndbuf, FM_SNDBUF_MAX);
		return -EINVAL;
	}
	if (p->refresh_rate == 0) {
		bad_param("refresh_rate", "0; must be at least 1 PDU");
		return -EINVAL;
	}
	if (p->timeout_rate > FM_TIMEOUT_RATE_MAX) {
		bad_param("timeout_rate", "%u; must be 0 (off) to %u minutes",
			  p->timeout_rate, FM_TIMEOUT_RATE_MAX);
		return -EINVAL;
	}
	if (p->natevents != 0 && p->natevents != 1) {
		bad_param("natevents", "%d; must be 0 or 1", p->natevents);
		return -EINVAL;
	}
	if (p->nat_queue < FM_NAT_QUEUE_MIN) {
		bad_param("natevents_queue", "%d; must be at least %d bytes",
			  p->nat_queue, FM_NAT_QUEUE_MIN);
		return -EINVAL;
	}
	if (fm_param_hashsize > FM_HASHSIZE_MAX) {
		bad_param("hashsize", "%u; at most %u", fm_param_hashsize, FM_HASHSIZE_MAX);
		return -EINVAL;
	}
	if (hooks && fm_hooks_parse(hooks, &p->hooks, &err)) {
		bad_param("hooks", "'%s': %s", hooks, err);
		return -EINVAL;
	}
	if (hook_mark && *hook_mark &&
	    parse_mark(hook_mark, &p->hook_mark, &p->hook_mask)) {
		bad_param("hook_mark", "'%s'; must be MARK or MARK/MASK", hook_mark);
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
	fm_param_hashsize = fm_param_hashsize ?
			    roundup_pow_of_two(fm_param_hashsize) : auto_hashsize();
	if (!maxflows_given)
		p->maxflows = auto_maxflows();
	if (!maxflows_all_given)
		fm_param_maxflows_all = p->maxflows;

	return 0;
}
