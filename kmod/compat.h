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
#include <net/genetlink.h>
#include <net/net_namespace.h>

/* 6.11: proc handlers take a const table. */
#ifdef FM_CONST_CTL_TABLE
#define FM_CTL_TABLE const struct ctl_table
#else
#define FM_CTL_TABLE struct ctl_table
#endif

/*
 * 6.6 made register_net_sysctl() a macro that passes the table's size
 * (register_net_sysctl_sz()); before, a zeroed entry ended the table.
 * Callers give both: n entries and a zeroed one after them.
 */
#ifdef register_net_sysctl
#define fm_register_net_sysctl(net, path, t, n) register_net_sysctl_sz(net, path, t, n)
#else
#define fm_register_net_sysctl(net, path, t, n) register_net_sysctl(net, path, t)
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

/* 6.2: a dump's attributes live in genl_dumpit_info's genl_info. */
static inline struct nlattr **fm_dump_attrs(struct netlink_callback *cb)
{
#ifdef FM_DUMPIT_GENL_INFO
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif
