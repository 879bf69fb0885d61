/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/net/stat/ipt_netflow and ipt_netflow_snmp. */
#ifndef FM_PROC_H
#define FM_PROC_H

int fm_proc_init(void);
void fm_proc_exit(void);

#endif
