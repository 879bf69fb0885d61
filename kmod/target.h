/* SPDX-License-Identifier: GPL-2.0 */
/* The NETFLOW xtables target (IPv4 and IPv6) and its packet parser. */
#ifndef FM_TARGET_H
#define FM_TARGET_H

int fm_target_init(void);
void fm_target_exit(void);
/* ip6tables rules that use the target (protocol 5 is refused while any). */
int fm_target_ipv6_rules(void);

#endif
