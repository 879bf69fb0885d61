/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels we build for, decided by kmod/probe.sh
 * from the target's headers (FM_* defines), never by version numbers alone.
 */
#ifndef FM_COMPAT_H
#define FM_COMPAT_H

#include <linux/sysctl.h>

/* 6.11: proc handlers take a const table. */
#ifdef FM_CONST_CTL_TABLE
#define FM_CTL_TABLE const struct ctl_table
#else
#define FM_CTL_TABLE struct ctl_table
#endif

/* Sized sysctl tables (6.6+) need no empty last entry; older ones do. */
#ifdef FM_HAVE_REGISTER_SYSCTL_SZ
#define FM_CTL_END
#else
#define FM_CTL_END { }
#endif

#endif
