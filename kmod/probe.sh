#!/bin/sh
# Compile-time facts about the target kernel, read from its headers rather
# than inferred from version numbers (vendor kernels backport). Prints -D
# flags for kmod/compat.h. $1 is the kernel source/headers tree.
# What the preprocessor can tell (a macro that exists or not) is decided in
# compat.h itself; this script only answers what it cannot: prototypes.
t=$1
h() { grep -qE "$2" "$t/include/$1" 2>/dev/null; }

# 6.11 made sysctl handlers take a const table.
h linux/sysctl.h 'proc_handler\)?\(const struct ctl_table' && echo -DFM_CONST_CTL_TABLE
# 6.19 gave kernel_bind() and kernel_connect() a struct sockaddr_unsized.
h linux/net.h 'int kernel_bind\(struct socket \*[a-z]*, struct sockaddr_unsized' && echo -DFM_BIND_UNSIZED
h linux/net.h 'int kernel_connect\(struct socket \*[a-z]*, struct sockaddr_unsized' && echo -DFM_CONNECT_UNSIZED
# 6.2 moved a dump's parsed attributes into genl_dumpit_info's genl_info.
grep -A3 'struct genl_dumpit_info {' "$t/include/net/genetlink.h" 2>/dev/null |
	grep -q 'struct genl_info' && echo -DFM_DUMPIT_GENL_INFO
exit 0
