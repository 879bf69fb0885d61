// SPDX-License-Identifier: GPL-2.0
/* The tools' clocks: one place that reads them, see clock.h. */
#include <time.h>
#include "clock.h"

static uint64_t ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t fm_now_ms(void)
{
	return ms(CLOCK_REALTIME);
}

uint64_t fm_mono_ms(void)
{
	return ms(CLOCK_MONOTONIC);
}
