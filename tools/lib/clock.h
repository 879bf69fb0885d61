/* SPDX-License-Identifier: GPL-2.0 */
/* The tools' clocks, in milliseconds. */
#ifndef FM_CLOCK_H
#define FM_CLOCK_H

#include <stdint.h>

/* Wall clock: what flow records and the template state file speak. */
uint64_t fm_now_ms(void);
/* Monotonic: for timeouts that must not jump with the wall clock. */
uint64_t fm_mono_ms(void);

#endif
