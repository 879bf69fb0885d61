/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private, reserved, documentation and multicast ranges: rkosegi's
 * "local", as the local-to-local filter and the enrichers read it.
 */
#ifndef FM_LOCALNET_H
#define FM_LOCALNET_H

#include <stdbool.h>
#include "record.h"

bool fm_addr_is_local(const struct fm_addr *a);

#endif
