// SPDX-License-Identifier: GPL-2.0
/*
 * net.netflow.* sysctls, the reference module's names, one set per network
 * namespace. Each write goes through the setters of settings.c, as the
 * control plane's do; a refused value is reported, naming the sysctl.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include "compat.h"
#include "config.h"
#include "netns.h"
#include "ref_settings.h"
#include "settings.h"
#include "sysctl.h"

#define STRLEN 1024

static void say_refused(const char *name, const char *val, const char *why)
{
	pr_warn("net.netflow.%s=%s refused: %s\n", name, val, why);
}

static int setting_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
			   loff_t *ppos)
{
	enum fm_setting_id id = (uintptr_t)t->extra1;
	const struct fm_setting *info = &fm_setting_info[id];
	struct fm_net *fn = t->data;
	bool is_uint = info->min >= 0 && info->max > INT_MAX;
	struct ctl_table tt = *t;
	const char *why = NULL;
	char num[24];
	unsigned int u;
	int i, ret;
	s64 v;

	v = fm_setting_get(fn, id);
	i = v;
	u = v;
	tt.data = is_uint ? (void *)&u : (void *)&i;
	tt.maxlen = sizeof(int);
	tt.extra1 = NULL;
	tt.extra2 = NULL;
	ret = is_uint ? proc_douintvec(&tt, write, buf, lenp, ppos) :
			proc_dointvec(&tt, write, buf, lenp, ppos);
	if (ret || !write)
		return ret;
	v = is_uint ? (s64)u : (s64)i;
	ret = fm_setting_set(fn, id, v, &why);
	if (ret) {
		snprintf(num, sizeof(num), "%lld", v);
		if (ret == -ERANGE) {
			pr_warn("net.netflow.%s refused: must be %lld to %lld\n",
				info->name, info->min, info->max);
			ret = -EINVAL;
		} else {
			say_refused(info->name, num, why);
		}
	}
	return ret;
}

/* A string sysctl: @get writes the current text, @set takes a new one. */
static int string_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
			  loff_t *ppos, void (*get)(struct fm_net *fn, char *s),
			  int (*set)(struct fm_net *fn, const char *s, const char **why))
{
	struct fm_net *fn = t->data;
	struct ctl_table tt = *t;
	const char *why = NULL;
	char *tmp;
	int ret;

	tmp = kzalloc(STRLEN, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	get(fn, tmp);
	tt.data = tmp;
	tt.maxlen = STRLEN;
	ret = proc_dostring(&tt, write, buf, lenp, ppos);
	if (!ret && write) {
		ret = set(fn, strim(tmp), &why);
		if (ret)
			say_refused(t->procname, tmp, why);
	}
	kfree(tmp);
	return ret;
}

static void get_dest(struct fm_net *fn, char *s)
{
	mutex_lock(&fn->lock);
	strscpy(s, fn->dest_str, STRLEN);
	mutex_unlock(&fn->lock);
}

static int destination_handler(FM_CTL_TABLE *t, int write, void *buf,
			       size_t *lenp, loff_t *ppos)
{
	return string_handler(t, write, buf, lenp, ppos, get_dest, fm_set_destinations);
}

static void get_hooks(struct fm_net *fn, char *s)
{
	fm_hooks_print(s, STRLEN, READ_ONCE(fn->s.hooks));
}

static int hooks_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
			 loff_t *ppos)
{
	return string_handler(t, write, buf, lenp, ppos, get_hooks, fm_set_hooks);
}

static void get_mark(struct fm_net *fn, char *s)
{
	snprintf(s, STRLEN, "0x%x/0x%x", READ_ONCE(fn->s.hook_mark),
		 READ_ONCE(fn->s.hook_mask));
}

static int set_mark(struct fm_net *fn, const char *s, const char **why)
{
	char buf[32], *slash;
	u32 mark, mask = U32_MAX;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		goto bad;
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (kstrtou32(buf, 0, &mark) || (slash && kstrtou32(slash, 0, &mask)))
		goto bad;
	fm_set_hook_mark(fn, mark, mask);
	return 0;
bad:
	*why = "must be MARK or MARK/MASK";
	return -EINVAL;
}

static int mark_handler(FM_CTL_TABLE *t, int write, void *buf, size_t *lenp,
			loff_t *ppos)
{
	return string_handler(t, write, buf, lenp, ppos, get_mark, set_mark);
}

static int flush_handler(FM_CTL_TABLE *t, int write, void *buf,
			 size_t *lenp, loff_t *ppos)
{
	struct ctl_table tt = *t;
	int val = 0, ret;

	tt.data = &val;
	tt.maxlen = sizeof(int);
	ret = proc_dointvec(&tt, write, buf, lenp, ppos);
	if (!ret && write && val)
		fm_flush(t->data);
	return ret;
}

/* The reference's strings, kept (ref_settings.c). */
#define REF_STRING(field, setter)					\
static void get_##field(struct fm_net *fn, char *s)			\
{									\
	mutex_lock(&fn->lock);						\
	strscpy(s, fn->ref.field, STRLEN);				\
	mutex_unlock(&fn->lock);					\
}									\
static int field##_handler(FM_CTL_TABLE *t, int write, void *buf,	\
			   size_t *lenp, loff_t *ppos)			\
{									\
	return string_handler(t, write, buf, lenp, ppos, get_##field, setter); \
}
REF_STRING(sampler, fm_ref_set_sampler)
REF_STRING(snmp_rules, fm_ref_set_snmp_rules)
REF_STRING(aggregation, fm_ref_set_aggregation)

#define SETTING(id) { .procname = NULL, .mode = 0644, \
		      .proc_handler = setting_handler, .extra1 = (void *)(uintptr_t)(id) }

static const struct ctl_table netflow_sysctls[] = {
	SETTING(FM_S_ACTIVE_TIMEOUT),
	SETTING(FM_S_INACTIVE_TIMEOUT),
	SETTING(FM_S_PROTOCOL),
	SETTING(FM_S_MAXFLOWS),
	SETTING(FM_S_SNDBUF),
	SETTING(FM_S_REFRESH_RATE),
	SETTING(FM_S_TIMEOUT_RATE),
	SETTING(FM_S_ENGINE_ID),
	SETTING(FM_S_NATEVENTS),
	SETTING(FM_S_NAT_QUEUE),
	SETTING(FM_S_HOOK_PRIORITY),
	SETTING(FM_S_HASHSIZE),
	SETTING(FM_S_DEBUG),
	SETTING(FM_S_SCAN_MIN),
	SETTING(FM_S_PROMISC),
	{ .procname = "destination", .mode = 0644, .proc_handler = destination_handler },
	{ .procname = "hooks", .mode = 0644, .proc_handler = hooks_handler },
	{ .procname = "hook_mark", .mode = 0644, .proc_handler = mark_handler },
	{ .procname = "flush", .mode = 0644, .proc_handler = flush_handler },
	{ .procname = "sampler", .mode = 0644, .proc_handler = sampler_handler },
	{ .procname = "snmp-rules", .mode = 0644, .proc_handler = snmp_rules_handler },
	{ .procname = "aggregation", .mode = 0644, .proc_handler = aggregation_handler },
};

int fm_sysctl_net_init(struct fm_net *fn)
{
	size_t n = ARRAY_SIZE(netflow_sysctls), i;
	struct ctl_table *t;

	/* One more, zeroed: the end marker of kernels before 6.6. */
	t = kcalloc(n + 1, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	memcpy(t, netflow_sysctls, sizeof(netflow_sysctls));
	for (i = 0; i < n; i++) {
		if (!t[i].procname)
			t[i].procname = fm_setting_info[(uintptr_t)t[i].extra1].name;
		t[i].data = fn;
		t[i].maxlen = sizeof(int);
	}
	fn->sysctl = fm_register_net_sysctl(fn->net, "net/netflow", t, n);
	if (!fn->sysctl) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

void fm_sysctl_net_exit(struct fm_net *fn)
{
	const struct ctl_table *t;

	if (!fn->sysctl)
		return;
	t = fn->sysctl->ctl_table_arg;
	unregister_net_sysctl_table(fn->sysctl);
	kfree(t);
	fn->sysctl = NULL;
}
