/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/net/stat/ipt_netflow and ipt_netflow_snmp, per namespace. */
#ifndef FM_PROC_H
#define FM_PROC_H

struct fm_net;

int fm_proc_net_init(struct fm_net *fn);
void fm_proc_net_exit(struct fm_net *fn);

#endif
