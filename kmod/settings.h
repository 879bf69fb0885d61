/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changing a namespace's settings at run time: one setter each, with the
 * checks and messages the module parameters have, shared by the sysctls
 * (sysctl.c) and the control plane (genl.c).
 */
#ifndef FM_SETTINGS_H
#define FM_SETTINGS_H

#include <linux/types.h>

struct fm_net;

enum fm_setting_id {
	FM_S_PROTOCOL,
	FM_S_ACTIVE_TIMEOUT,
	FM_S_INACTIVE_TIMEOUT,
	FM_S_MAXFLOWS,
	FM_S_SNDBUF,
	FM_S_REFRESH_RATE,
	FM_S_TIMEOUT_RATE,
	FM_S_ENGINE_ID,
	FM_S_NATEVENTS,
	FM_S_NAT_QUEUE,
	FM_S_HOOK_PRIORITY,
	FM_S_HASHSIZE,
	/* The reference's, kept and not acted on (ref_settings.c). */
	FM_S_DEBUG,
	FM_S_SCAN_MIN,
	FM_S_PROMISC,
	FM_S__COUNT
};

struct fm_setting {
	const char *name;	/* as the sysctl is named */
	s64 min, max;
};

extern const struct fm_setting fm_setting_info[FM_S__COUNT];

s64 fm_setting_get(const struct fm_net *fn, enum fm_setting_id id);
/*
 * 0, or -errno with *@why saying what is wrong (for a log line or extack);
 * -ERANGE: outside fm_setting_info[@id]'s min and max.
 */
int fm_setting_set(struct fm_net *fn, enum fm_setting_id id, s64 v, const char **why);
/* "a.b.c.d:port,..."; an empty list stops exporting. */
int fm_set_destinations(struct fm_net *fn, const char *s, const char **why);
/* "forward,output", "none"; or as FLOWMETER_HOOK_* bits. */
int fm_set_hooks(struct fm_net *fn, const char *s, const char **why);
int fm_set_hook_bits(struct fm_net *fn, unsigned int hooks, const char **why);
/* Meter at the hooks only packets with mark & @mask == @mark (mask 0: all). */
void fm_set_hook_mark(struct fm_net *fn, u32 mark, u32 mask);
/* Export every flow now. */
void fm_flush(struct fm_net *fn);

#endif
