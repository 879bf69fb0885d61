/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels we build for, decided from the target's
 * headers: by the preprocessor where a macro tells, else by kmod/probe.sh
 * (FM_* defines), never by version numbers alone.
 */
#ifndef FM_COMPAT_H
#define FM_COMPAT_H

#include <linux/net.h>
#include <linux/socket.h>
#include <linux/sysctl.h>

/* 6.11: proc handlers take a const table. */
#ifdef FM_CONST_CTL_TABLE
#define FM_CTL_TABLE const struct ctl_table
#else
#define FM_CTL_TABLE struct ctl_table
#endif

/*
 * 6.6 made register_sysctl() a macro that passes the table's size; from
 * then on a table needs no empty last entry (and later kernels refuse one).
 */
#ifdef register_sysctl
#define FM_CTL_END
#else
#define FM_CTL_END { }
#endif

/* 6.19: kernel_bind() and kernel_connect() take struct sockaddr_unsized. */
static inline int fm_kernel_bind(struct socket *sock, const void *addr, int len)
{
#ifdef FM_BIND_UNSIZED
	return kernel_bind(sock, (struct sockaddr_unsized *)addr, len);
#else
	return kernel_bind(sock, (struct sockaddr *)addr, len);
#endif
}

static inline int fm_kernel_connect(struct socket *sock, const void *addr, int len,
				    int flags)
{
#ifdef FM_CONNECT_UNSIZED
	return kernel_connect(sock, (struct sockaddr_unsized *)addr, len, flags);
#else
	return kernel_connect(sock, (struct sockaddr *)addr, len, flags);
#endif
}

#endif
