/* SPDX-License-Identifier: GPL-2.0 */
/* net.netflow.* sysctls, per namespace: the reference module's names. */
#ifndef FM_SYSCTL_H
#define FM_SYSCTL_H

struct fm_net;

int fm_sysctl_net_init(struct fm_net *fn);
void fm_sysctl_net_exit(struct fm_net *fn);

#endif
