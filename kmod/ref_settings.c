// SPDX-License-Identifier: GPL-2.0
/*
 * The reference's settings that flowmeter keeps without acting on them.
 * A modprobe.d line or a sysctl.d file written for ipt-netflow still loads
 * and applies: each value is checked as the reference checks it (a value
 * it refuses is refused here too), kept, and read back. A value that would
 * have changed what is metered or exported is reported in the log each
 * time it is set, so nobody believes it took effect.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include "config.h"
#include "netns.h"
#include "ref_settings.h"

/* The reference's sampling interval field: 14 bits. */
#define SAMPLER_INTERVAL_MAX	((1 << 14) - 1)

static void note(const char *name, const char *val, const char *what)
{
	pr_notice("%s=%s is kept but not applied: %s (see flowmeter(8))\n",
		  name, val, what);
}

/* "deterministic:N", "random:N", "hash:N"; "", "none", "off", "0": none. */
static bool sampler_on(const char *s, const char **why)
{
	const char *colon;
	unsigned int n;

	switch (tolower(*s)) {
	case '\0':
	case 'n':
	case 'o':
	case '0':
		return false;
	case 'd':
	case 'r':
	case 'h':
		break;
	default:
		*why = "unknown mode (deterministic, random or hash)";
		return false;
	}
	colon = strchr(s, ':');
	if (!colon) {
		*why = "no interval specified";
		return false;
	}
	if (kstrtouint(colon + 1, 10, &n) || n < 2 || n > SAMPLER_INTERVAL_MAX) {
		*why = "illegal interval (2 to 16383)";
		return false;
	}
	return true;
}

/* "eth:100,ppp:200": an interface name prefix and a number, each. */
static int check_snmp_rules(const char *s, const char **why)
{
	const char *p = s, *colon, *end;
	unsigned int n;
	char num[12];

	while (*p) {
		end = strchrnul(p, ',');
		colon = strnchr(p, end - p, ':');
		if (!colon || colon == p || colon + 1 == end ||
		    end - colon - 1 >= sizeof(num))
			goto bad;
		memcpy(num, colon + 1, end - colon - 1);
		num[end - colon - 1] = '\0';
		if (kstrtouint(num, 10, &n))
			goto bad;
		p = *end ? end + 1 : end;
	}
	return 0;
bad:
	*why = "must be PREFIX:NUMBER[,PREFIX:NUMBER...]";
	return -EINVAL;
}

static int keep(struct fm_net *fn, char *dst, size_t size, const char *s,
		const char **why)
{
	mutex_lock(&fn->lock);
	if (strscpy(dst, s, size) < 0) {
		mutex_unlock(&fn->lock);
		*why = "too long";
		return -EINVAL;
	}
	mutex_unlock(&fn->lock);
	return 0;
}

int fm_ref_set_sampler(struct fm_net *fn, const char *s, const char **why)
{
	bool on;

	*why = NULL;
	on = sampler_on(s, why);
	if (*why)
		return -EINVAL;
	if (keep(fn, fn->ref.sampler, sizeof(fn->ref.sampler), s, why))
		return -EINVAL;
	if (on)
		note("sampler", s, "every packet is metered");
	return 0;
}

int fm_ref_set_snmp_rules(struct fm_net *fn, const char *s, const char **why)
{
	if (check_snmp_rules(s, why) ||
	    keep(fn, fn->ref.snmp_rules, sizeof(fn->ref.snmp_rules), s, why))
		return -EINVAL;
	if (*s)
		note("snmp-rules", s, "interfaces are exported by ifindex");
	return 0;
}

int fm_ref_set_aggregation(struct fm_net *fn, const char *s, const char **why)
{
	if (keep(fn, fn->ref.aggregation, sizeof(fn->ref.aggregation), s, why))
		return -EINVAL;
	if (*s)
		note("aggregation", s, "addresses and ports are exported as seen");
	return 0;
}

void fm_ref_set_promisc(struct fm_net *fn, int v)
{
	WRITE_ONCE(fn->s.promisc, v);
	if (v)
		note("promisc", "1", "only packets netfilter sees are metered");
}

/* At load the reference reports a bad value and goes on: so do we. */
static void init_one(struct fm_net *fn, const char *name, const char *val,
		     int (*set)(struct fm_net *fn, const char *s, const char **why))
{
	const char *why = NULL;

	if (val && *val && set(fn, val, &why))
		pr_warn("%s='%s' ignored: %s\n", name, val, why);
}

void fm_ref_init(struct fm_net *fn, bool host)
{
	if (!host)
		return;
	init_one(fn, "sampler", fm_param_sampler, fm_ref_set_sampler);
	init_one(fn, "snmp_rules", fm_param_snmp_rules, fm_ref_set_snmp_rules);
	init_one(fn, "aggregation", fm_param_aggregation, fm_ref_set_aggregation);
	if (fn->s.promisc)
		fm_ref_set_promisc(fn, fn->s.promisc);
}
