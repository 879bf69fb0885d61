/* SPDX-License-Identifier: GPL-2.0 */
/* The "flowmeter" generic netlink family (include/uapi/linux/flowmeter.h). */
#ifndef FM_GENL_H
#define FM_GENL_H

int fm_genl_init(void);
void fm_genl_exit(void);

#endif
