/* SPDX-License-Identifier: GPL-2.0 */
/* Our own netfilter hooks, for hosts without iptables. */
#ifndef FM_HOOKS_H
#define FM_HOOKS_H

struct fm_net;

/* Meter at @hooks (FLOWMETER_HOOK_* bits; 0: none) at @priority. Sleeps. */
int fm_hooks_set(struct fm_net *fn, unsigned int hooks, int priority);
void fm_hooks_net_exit(struct fm_net *fn);

#endif
