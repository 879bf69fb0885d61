/* SPDX-License-Identifier: GPL-2.0 */
/* The NETFLOW xtables target, IPv4 and IPv6. */
#ifndef FM_TARGET_H
#define FM_TARGET_H

int fm_target_init(void);
void fm_target_exit(void);

#endif
