/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Times and durations as people and the API write them: the CLI's
 * arguments, the HTTP API's parameters, the JSON's times and the
 * configuration's retention all go through here.
 */
#ifndef FM_WHEN_H
#define FM_WHEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * "21:04" or "21:04:05" (today, local time), "2026-12-01 21:04[:05]"
 * (local), RFC 3339 ("2026-12-01T21:04:05.123Z", "...+01:00"), or epoch
 * milliseconds (digits only). 0, or -1 if none of these.
 */
int fm_time_parse(const char *s, uint64_t now_ms, uint64_t *ms);
/* "90s", "15m", "1h", "7d", "2w"; a bare number is seconds. 0 or -1. */
int fm_duration_parse(const char *s, uint64_t *ms);
/* RFC 3339 UTC with milliseconds into @buf (32 bytes): "2026-12-01T21:04:05.123Z". */
const char *fm_time_rfc3339(uint64_t ms, char *buf, size_t len);
/* Local time for people: "2026-12-01 21:04:05" (32 bytes). */
const char *fm_time_local(uint64_t ms, char *buf, size_t len);

#endif
