// SPDX-License-Identifier: GPL-2.0
/*
 * net.netflow.* sysctls, the reference module's names. Changes take effect
 * at once: protocol and destination changes first send what is pending the
 * old way, so no counted traffic is lost.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include "compat.h"
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "nat_events.h"
#include "socket.h"
#include "sysctl.h"
#include "target.h"

#define DEST_STRLEN 1024
static char dest_str[DEST_STRLEN];
static DEFINE_MUTEX(dest_lock);
static struct ctl_table_header *sysctl_hdr;

static int timeout_max = FM_TIMEOUT_MAX;
static unsigned int timeout_rate_max = FM_TIMEOUT_RATE_MAX;
static int sndbuf_max = FM_SNDBUF_MAX;

/* A value the range check refused is reported, naming the sysctl. */
static int range_checked(FM_CTL_TABLE *t, int write, int ret, bool is_uint)
{
	if (!write || ret != -EINVAL)
		return ret;
	if (is_uint)
		pr_warn("net.netflow.%s refused: must be %u to %u\n",
			t->procname, t->extra1 ? *(unsigned int *)t->extra1 : 0,
			t->extra2 ? *(unsigned int *)t->extra2 : UINT_MAX);
	else
		pr_warn("net.netflow.%s refused: must be %d to %d\n",
			t->procname, *(int *)t->extra1, *(int *)t->extra2);
	return ret;
}

static int int_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
		       loff_t *ppos)
{
	return range_checked(t, write,
			     proc_dointvec_minmax(t, write, buf, lenp, ppos),
			     false);
}

static int uint_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
			loff_t *ppos)
{
	return range_checked(t, write,
			     proc_douintvec_minmax(t, write, buf, lenp, ppos),
			     true);
}

static int maxflows_handler(FM_CTL_TABLE *t, int write, void *buf,
			    size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	unsigned int val = READ_ONCE(fm_maxflows);
	int ret;

	tt.data = &val;
	ret = proc_douintvec(&tt, write, buf, lenp, ppos);
	if (!ret && write)
		fm_table_set_maxflows(val);
	return ret;
}

static int protocol_handler(FM_CTL_TABLE *t, int write, void *buf,
			    size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	int val = READ_ONCE(fm_protocol), ret;

	tt.data = &val;
	ret = proc_dointvec(&tt, write, buf, lenp, ppos);
	if (ret || !write)
		return ret;
	if (!fm_proto_valid(val)) {
		pr_warn("net.netflow.protocol=%d refused: must be 5, 9 or 10\n",
			val);
		return -EINVAL;
	}
	if (val == NF5_VERSION && fm_target_ipv6_rules() > 0) {
		pr_warn("net.netflow.protocol=5 refused: ip6tables NETFLOW rules exist and v5 cannot carry IPv6\n");
		return -EBUSY;
	}
	if (val != READ_ONCE(fm_protocol))
		fm_export_set_protocol(val);
	return 0;
}

static int destination_handler(FM_CTL_TABLE *t, int write, void *buf,
			       size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	struct fm_dest *d;
	const char *err;
	char *tmp;
	int ret, n;

	tmp = kzalloc(DEST_STRLEN, GFP_KERNEL);
	d = kcalloc(FM_MAX_DESTINATIONS, sizeof(*d), GFP_KERNEL);
	if (!tmp || !d) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&dest_lock);
	strscpy(tmp, dest_str, DEST_STRLEN);
	tt.data = tmp;
	tt.maxlen = DEST_STRLEN;
	ret = proc_dostring(&tt, write, buf, lenp, ppos);
	if (ret || !write)
		goto unlock;
	n = fm_dest_parse(tmp, d, FM_MAX_DESTINATIONS, &err);
	if (n < 0) {
		pr_warn("net.netflow.destination='%s' refused: %s\n",
			tmp, err);
		ret = -EINVAL;
		goto unlock;
	}
	ret = fm_export_set_destinations(d, n);
	if (!ret)
		strscpy(dest_str, strim(tmp), DEST_STRLEN);
unlock:
	mutex_unlock(&dest_lock);
out:
	kfree(d);
	kfree(tmp);
	return ret;
}

static int sndbuf_handler(FM_CTL_TABLE *t, int write, void *buf,
			  size_t *lenp, loff_t *ppos)
{
	int ret = int_handler(t, write, buf, lenp, ppos);

	if (!ret && write)
		fm_export_set_sndbuf(fm_sndbuf);
	return ret;
}

static int flush_handler(FM_CTL_TABLE *t, int write, void *buf,
			 size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	int val = 0, ret;

	tt.data = &val;
	ret = proc_dointvec(&tt, write, buf, lenp, ppos);
	if (!ret && write && val)
		fm_export_flush();
	return ret;
}

static int natevents_handler(FM_CTL_TABLE *t, int write, void *buf,
			     size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	int val = READ_ONCE(fm_natevents), ret;

	tt.data = &val;
	tt.extra1 = SYSCTL_ZERO;
	tt.extra2 = SYSCTL_ONE;
	ret = proc_dointvec_minmax(&tt, write, buf, lenp, ppos);
	if (ret || !write)
		return ret;
	return fm_nat_set(val);
}

static int natqueue_handler(FM_CTL_TABLE *t, int write, void *buf,
			    size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	int val = READ_ONCE(fm_nat_queue), ret;
	static int min_queue = 4096;

	tt.data = &val;
	tt.extra1 = &min_queue;
	tt.extra2 = SYSCTL_INT_MAX;
	ret = range_checked(&tt, write,
			    proc_dointvec_minmax(&tt, write, buf, lenp, ppos),
			    false);
	if (!ret && write)
		fm_nat_set_queue(val);
	return ret;
}

static struct ctl_table netflow_sysctls[] = {
	{
		.procname	= "active_timeout",
		.data		= &fm_active_timeout,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= int_handler,
		.extra1		= SYSCTL_ONE,
		.extra2		= &timeout_max,
	},
	{
		.procname	= "inactive_timeout",
		.data		= &fm_inactive_timeout,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= int_handler,
		.extra1		= SYSCTL_ONE,
		.extra2		= &timeout_max,
	},
	{
		.procname	= "destination",
		.maxlen		= DEST_STRLEN,
		.mode		= 0644,
		.proc_handler	= destination_handler,
	},
	{
		.procname	= "protocol",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= protocol_handler,
	},
	{
		.procname	= "maxflows",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= maxflows_handler,
	},
	{
		.procname	= "hashsize",
		.data		= &fm_hashsize,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0444,
		.proc_handler	= proc_douintvec,
	},
	{
		.procname	= "sndbuf",
		.data		= &fm_sndbuf,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= sndbuf_handler,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &sndbuf_max,
	},
	{
		.procname	= "refresh-rate",
		.data		= &fm_refresh_rate,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= uint_handler,
		.extra1		= SYSCTL_ONE,
	},
	{
		.procname	= "timeout-rate",
		.data		= &fm_timeout_rate,
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= uint_handler,
		.extra2		= &timeout_rate_max,
	},
	{
		.procname	= "natevents",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= natevents_handler,
	},
	{
		.procname	= "natevents_queue",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= natqueue_handler,
	},
	{
		.procname	= "flush",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= flush_handler,
	},
	FM_CTL_END
};

int fm_sysctl_init(void)
{
	strscpy(dest_str, fm_config_dest_str(), sizeof(dest_str));
	sysctl_hdr = register_sysctl("net/netflow", netflow_sysctls);
	return sysctl_hdr ? 0 : -ENOMEM;
}

void fm_sysctl_exit(void)
{
	unregister_sysctl_table(sysctl_hdr);
}
