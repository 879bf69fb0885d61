/* SPDX-License-Identifier: GPL-2.0 */
/* net.netflow.* sysctls: the reference module's names and meanings. */
#ifndef FM_SYSCTL_H
#define FM_SYSCTL_H

int fm_sysctl_init(void);
void fm_sysctl_exit(void);

#endif
