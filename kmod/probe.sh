#!/bin/sh
# Compile-time facts about the target kernel, read from its headers rather
# than inferred from version numbers (vendor kernels backport). Prints -D
# flags for kmod/compat.h. $1 is the kernel source/headers tree.
t=$1
h() { grep -qE "$2" "$t/include/$1" 2>/dev/null; }

# 6.11 made sysctl handlers take a const table.
h linux/sysctl.h 'proc_handler\)?\(const struct ctl_table' && echo -DFM_CONST_CTL_TABLE
# 6.6 sized tables; sentinels went away after.
h linux/sysctl.h 'register_sysctl_sz' && echo -DFM_HAVE_REGISTER_SYSCTL_SZ
exit 0
