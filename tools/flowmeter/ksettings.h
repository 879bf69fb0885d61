/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's settings and figures as flowmeter names them: the sysctl
 * names of net.netflow.* and the keys of /proc/net/stat/ipt_netflow_snmp,
 * so a user reads and writes the same words everywhere. ksettings.c.
 */
#ifndef FM_KSETTINGS_H
#define FM_KSETTINGS_H

#include <stdint.h>
#include <libmnl/libmnl.h>

enum fm_ks_kind { FM_KS_U32, FM_KS_S32, FM_KS_STRING, FM_KS_HOOKS, FM_KS_MARK };

struct fm_ksetting {
	const char *name;		/* the sysctl's */
	int attr;			/* FLOWMETER_A_* */
	enum fm_ks_kind kind;
	int writable;
};

extern const struct fm_ksetting fm_ksettings[];
extern const unsigned int fm_nksettings;
/* FLOWMETER_STAT_* -> the snmp file's key; NULL for a gap. */
extern const char *const fm_kstat_names[];
extern const unsigned int fm_nkstat_names;

const struct fm_ksetting *fm_ksetting_find(const char *name);
/* "forward,output" -> FLOWMETER_HOOK_* bits; -1 on an unknown name. */
int fm_hooks_from_text(const char *s, uint32_t *bits);
void fm_hooks_to_text(uint32_t bits, char *buf, size_t len);
/*
 * Put one setting's attribute(s) from text as the sysctl takes it: 0, or
 * -1 with the reason in why.
 */
int fm_ksetting_put(struct nlmsghdr *nlh, const struct fm_ksetting *s, const char *value,
		    const char **why);

#endif
